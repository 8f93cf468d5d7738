import { describe, expect, it } from 'vitest';
import { explainAccess, isGranted, type AccessFacts, type AccessRule } from '../../server/apps/access-rules';
import { describeAccess } from '../../server/apps/describe-access';

const teacher: AccessFacts = {
  userId: 'u-pat',
  role: 'teacher',
  grade: null,
  campusIds: ['ms'],
  classCount: 3,
  classIds: ['c1', 'c2', 'c3'],
  hasEmail: true,
  sisFlags: [],
};
const cleverRule: AccessRule = {
  id: 'r1',
  name: 'Teachers with a class schedule and an email address',
  conditions: [
    { kind: 'role', anyOf: ['teacher'] },
    { kind: 'hasClasses', value: true },
    { kind: 'hasEmail', value: true },
  ],
};
const describe_ = (facts: AccessFacts, rules: AccessRule[], locale: 'en' | 'es' = 'en') =>
  describeAccess(explainAccess(rules, facts), {
    locale,
    personName: 'Pat Lee',
    personRole: facts.role,
    appName: 'Clever',
    campusName: (id) => ({ ms: 'Lakeside Middle School', hs: 'Lakeside High School' })[id] ?? id,
    className: (id) => ({ c1: 'Math 7', c9: 'Band' })[id] ?? id,
  });

describe('access rules', () => {
  it('grant an app when every condition of one rule holds', () => {
    expect(isGranted([cleverRule], teacher)).toBe(true);
    expect(explainAccess([cleverRule], teacher).grantedBy?.ruleId).toBe('r1');
  });

  it('hide the app from a teacher without a class schedule, and say why in words', () => {
    const noSchedule = { ...teacher, classCount: 0 };
    expect(isGranted([cleverRule], noSchedule)).toBe(false);
    const description = describe_(noSchedule, [cleverRule]);
    expect(description.summary).toBe('Pat Lee does not see Clever: no rule grants it.');
    const failing = description.rules[0]!.conditions.filter((c) => !c.met).map((c) => c.text);
    expect(failing).toEqual(['teacher has no class schedule in the SIS']);
  });

  it('name a missing email address', () => {
    const failing = describe_({ ...teacher, hasEmail: false }, [cleverRule]).rules[0]!.conditions.filter((c) => !c.met);
    expect(failing.map((c) => c.text)).toEqual(['teacher has no email address on file']);
  });

  it('check grade ranges inclusively and explain a grade outside them', () => {
    const rule: AccessRule = { id: 'g', name: 'K-8', conditions: [{ kind: 'grade', min: 0, max: 8 }] };
    const student = { ...teacher, role: 'student' as const, grade: 8 };
    expect(isGranted([rule], student)).toBe(true);
    expect(isGranted([rule], { ...student, grade: 9 })).toBe(false);
    expect(isGranted([rule], { ...student, grade: null })).toBe(false);
    expect(describe_({ ...student, grade: -1 }, [rule]).rules[0]!.conditions[0]!.text).toBe(
      'student is in grade PK, outside grades K–8',
    );
  });

  it('match a campus and a SIS flag, and their negations', () => {
    const rules: AccessRule[] = [
      { id: 'c', name: 'High school', conditions: [{ kind: 'campus', anyOf: ['hs'] }] },
      { id: 'f', name: 'Not SpEd', conditions: [{ kind: 'sisFlag', flag: 'sped', value: false }] },
    ];
    const check = explainAccess(rules, { ...teacher, sisFlags: ['sped'] });
    expect(check.granted).toBe(false);
    const texts = describe_({ ...teacher, sisFlags: ['sped'] }, rules).rules.flatMap((r) =>
      r.conditions.map((c) => c.text),
    );
    expect(texts).toEqual([
      'teacher is not at Lakeside High School',
      'teacher is flagged “sped” in the SIS, and this rule excludes it',
    ]);
    expect(explainAccess(rules, { ...teacher, campusIds: ['hs'] }).grantedBy?.ruleId).toBe('c');
  });

  it('say that an app with no rules is shown to no one', () => {
    expect(describe_(teacher, []).summary).toBe('Clever has no access rules, so no one sees it.');
  });

  it('explain in Spanish when asked', () => {
    const description = describe_({ ...teacher, classCount: 0 }, [cleverRule], 'es');
    expect(description.summary).toBe('Pat Lee no ve Clever: ninguna regla le da acceso.');
    expect(description.rules[0]!.conditions[1]!.text).toBe('maestro no tiene horario de clases en el SIS');
  });

  it('name people and classes, and leave the named exceptions out', () => {
    const pilot: AccessRule = {
      id: 'p',
      name: 'Pilot teachers, but not Band',
      conditions: [
        { kind: 'person', anyOf: ['u-pat', 'u-kim'], value: true },
        { kind: 'class', anyOf: ['c9'], value: false },
      ],
    };
    expect(isGranted([pilot], teacher)).toBe(true);
    expect(isGranted([pilot], { ...teacher, userId: 'u-lee' })).toBe(false);
    expect(isGranted([pilot], { ...teacher, classIds: ['c1', 'c9'] })).toBe(false);
    const texts = (facts: AccessFacts, locale: 'en' | 'es' = 'en') =>
      describe_(facts, [pilot], locale).rules[0]!.conditions.map((c) => c.text);
    expect(texts(teacher)).toEqual(['teacher is one of the people this rule names', 'teacher is not in Band']);
    expect(texts({ ...teacher, userId: 'u-lee', classIds: ['c9'] })).toEqual([
      'teacher is not one of the 2 people this rule names',
      'teacher is in Band, and this rule leaves that class out',
    ]);
    expect(texts({ ...teacher, userId: 'u-lee', classIds: ['c9'] }, 'es')).toEqual([
      'maestro no es una de las 2 personas que nombra esta regla',
      'maestro está en Band, y esta regla excluye esa clase',
    ]);
    const inMath: AccessRule = {
      id: 'm',
      name: 'Math 7',
      conditions: [{ kind: 'class', anyOf: ['c1', 'c9'], value: true }],
    };
    expect(describe_(teacher, [inMath]).rules[0]!.conditions[0]!.text).toBe('teacher is in Math 7');
    expect(describe_({ ...teacher, classIds: [] }, [inMath]).rules[0]!.conditions[0]!.text).toBe(
      'teacher is not in Math 7 or Band',
    );
  });
});
