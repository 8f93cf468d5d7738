import type { Condition } from '../../shared/access-rules';
import type { Role } from '../../shared/roles';

/** What the access rules may look at about one person; gathered from the directory. */
export interface AccessFacts {
  userId: string;
  role: Role;
  grade: number | null;
  campusIds: readonly string[];
  classCount: number;
  /** The classes of the current term the person is in (as student or teacher). */
  classIds: readonly string[];
  hasEmail: boolean;
  sisFlags: readonly string[];
}

export interface AccessRule {
  id: string;
  name: string;
  conditions: readonly Condition[];
}

/** One condition checked against one person, with what was expected and what was found. */
export type ConditionCheck = { met: boolean } & (
  | { kind: 'role'; allowed: readonly Role[]; actual: Role }
  | { kind: 'grade'; min: number; max: number; actual: number | null }
  | { kind: 'campus'; allowed: readonly string[]; actual: readonly string[] }
  | { kind: 'hasClasses'; wanted: boolean; classCount: number }
  | { kind: 'hasEmail'; wanted: boolean; actual: boolean }
  | { kind: 'sisFlag'; flag: string; wanted: boolean; actual: boolean }
  | { kind: 'person'; named: readonly string[]; wanted: boolean; actual: boolean }
  /** `actual`: the named classes the person is in. */
  | { kind: 'class'; named: readonly string[]; wanted: boolean; actual: readonly string[] }
);

export interface RuleCheck {
  ruleId: string;
  ruleName: string;
  granted: boolean;
  conditions: ConditionCheck[];
}

export interface AccessCheck {
  granted: boolean;
  grantedBy: RuleCheck | null;
  rules: RuleCheck[];
}

export function checkCondition(condition: Condition, facts: AccessFacts): ConditionCheck {
  switch (condition.kind) {
    case 'role':
      return { kind: 'role', allowed: condition.anyOf, actual: facts.role, met: condition.anyOf.includes(facts.role) };
    case 'grade': {
      const { min, max } = condition;
      const met = facts.grade !== null && facts.grade >= min && facts.grade <= max;
      return { kind: 'grade', min, max, actual: facts.grade, met };
    }
    case 'campus':
      return {
        kind: 'campus',
        allowed: condition.anyOf,
        actual: facts.campusIds,
        met: facts.campusIds.some((id) => condition.anyOf.includes(id)),
      };
    case 'hasClasses':
      return {
        kind: 'hasClasses',
        wanted: condition.value,
        classCount: facts.classCount,
        met: facts.classCount > 0 === condition.value,
      };
    case 'hasEmail':
      return {
        kind: 'hasEmail',
        wanted: condition.value,
        actual: facts.hasEmail,
        met: facts.hasEmail === condition.value,
      };
    case 'sisFlag': {
      const actual = facts.sisFlags.includes(condition.flag);
      return {
        kind: 'sisFlag',
        flag: condition.flag,
        wanted: condition.value,
        actual,
        met: actual === condition.value,
      };
    }
    case 'person': {
      const actual = condition.anyOf.includes(facts.userId);
      return {
        kind: 'person',
        named: condition.anyOf,
        wanted: condition.value,
        actual,
        met: actual === condition.value,
      };
    }
    case 'class': {
      const actual = condition.anyOf.filter((id) => facts.classIds.includes(id));
      const met = actual.length > 0 === condition.value;
      return { kind: 'class', named: condition.anyOf, wanted: condition.value, actual, met };
    }
  }
}

/** Fast path for the dashboard: does any rule hold? */
export function isGranted(rules: readonly AccessRule[], facts: AccessFacts): boolean {
  return rules.some((rule) => rule.conditions.every((condition) => checkCondition(condition, facts).met));
}

/** Every rule and condition checked, for "explain access"; the first granting rule is named. */
export function explainAccess(rules: readonly AccessRule[], facts: AccessFacts): AccessCheck {
  const checked = rules.map((rule) => {
    const conditions = rule.conditions.map((condition) => checkCondition(condition, facts));
    return { ruleId: rule.id, ruleName: rule.name, granted: conditions.every((c) => c.met), conditions };
  });
  const grantedBy = checked.find((rule) => rule.granted) ?? null;
  return { granted: grantedBy !== null, grantedBy, rules: checked };
}
