// The directory's contract, on both engines: the same people, memberships and answers either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDistrict } from '../../server/demo/seed';
import { createDirectory, type Directory } from '../../server/directory/directory';
import type { Engine, Storage } from '../../server/storage/storage';
import { createTestStorage } from '../helpers/test-storage';
import { insertRows } from '../../server/storage/table-rows';
import { portalTable } from '../../server/storage/tables';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const NOW = Date.UTC(2026, 11, 1);

describe.each(ENGINES)('directory on %s', (engine) => {
  let storage: Storage;
  let directory: Directory;
  beforeAll(async () => {
    storage = await createTestStorage({ engine });
    await seedDemoDistrict(storage, 'hash-0', NOW);
    directory = createDirectory(storage, () => NOW + 1);
  });
  afterAll(() => storage.close());

  it('finds a person by username and by id, with campuses and class count', async () => {
    const teacher = (await directory.findByUsername('demo.teacher'))!;
    expect(teacher).toMatchObject({ role: 'teacher', status: 'active', passwordHash: 'hash-0' });
    expect(teacher.campusIds).toEqual(['org-lakeside-ms']);
    expect(teacher.classCount).toBeGreaterThan(0);
    expect(Array.isArray(teacher.sisFlags)).toBe(true);
    expect(await directory.findById(teacher.id)).toEqual(teacher);
    expect(await directory.findByUsername('nobody')).toBeUndefined();
  });

  it('searches names and usernames ignoring ASCII case, with % and _ taken literally', async () => {
    const found = await directory.search('DEMO.TEACH', 20);
    expect(found.map((person) => person.username)).toEqual([
      'demo.teacher',
      'demo.teacher.k',
      'demo.teacher.noschedule',
    ]);
    expect(found[0]!.campuses).toEqual(['Lakeside Middle School']);
    expect(await directory.search('%', 20)).toEqual([]);
    expect(await directory.search('_', 20)).toEqual([]);
    expect(await directory.search('demo', 3)).toHaveLength(3);
  });

  it('lists a campus’s active staff by name, students left out, searched by name or username', async () => {
    const staff = await directory.staffOnCampus('org-lakeside-ms', '', 50);
    expect(staff.map((person) => person.username)).toContain('demo.teacher');
    expect(staff.map((person) => person.username)).toContain('demo.principal');
    expect(staff.every((person) => person.role !== 'student' && person.campusIds.includes('org-lakeside-ms'))).toBe(
      true,
    );
    const names = staff.map((person) => `${person.familyName}\u0000${person.givenName}`);
    expect(names).toEqual([...names].sort());
    expect((await directory.staffOnCampus('org-lakeside-ms', 'DEMO.TEACH', 50)).map((p) => p.username)).toEqual([
      'demo.teacher',
    ]);
    expect(await directory.staffOnCampus('org-lakeside-ms', '%', 50)).toEqual([]);
    expect(await directory.staffOnCampus('org-lakeside-ms', '', 2)).toHaveLength(2);
  });

  it('lists campuses from the youngest grades up, and names the district', async () => {
    // OneRoster's orgs.csv carries no grade range, so the demo's campuses have none: set them as a roster
    // that says (or a planner that derives them from the students) would.
    await setGradeRanges(storage, {
      'org-lakeside-es': [-1, 5],
      'org-lakeside-ms': [6, 8],
      'org-lakeside-hs': [9, 12],
    });
    expect((await directory.campuses()).map((campus) => campus.name)).toEqual([
      'Lakeside Elementary',
      'Lakeside Middle School',
      'Lakeside High School',
    ]);
    expect(await directory.districtName()).toBe('Lakeside ISD');
    // A grade range the SIS gave wins over the students'.
    await setGradeRanges(storage, { 'org-lakeside-es': [10, 12] });
    expect((await directory.campuses()).map((campus) => campus.name)).toEqual([
      'Lakeside Middle School',
      'Lakeside High School',
      'Lakeside Elementary',
    ]);
    await setGradeRanges(storage, { 'org-lakeside-es': [null, null] });
  });

  it('stores a new password hash, in a unit of work that can be undone', async () => {
    const student = (await directory.findByUsername('demo.student.g4'))!;
    await expect(
      storage.transaction(async (tx) => {
        await directory.setPasswordHash(student.id, 'hash-undone', tx);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await directory.findById(student.id))!.passwordHash).toBe('hash-0');
    await directory.setPasswordHash(student.id, 'hash-1');
    expect((await directory.findById(student.id))!.passwordHash).toBe('hash-1');
  });

  it('takes a password away (a reset), in a unit of work that can be undone', async () => {
    const student = (await directory.findByUsername('demo.student.g8'))!;
    await directory.setPasswordHash(student.id, 'hash-before');
    await expect(
      storage.transaction(async (tx) => {
        await directory.setPasswordHash(student.id, null, tx);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await directory.findById(student.id))!.passwordHash).toBe('hash-before');
    await storage.transaction((tx) => directory.setPasswordHash(student.id, null, tx));
    expect((await directory.findById(student.id))!.passwordHash).toBeNull();
    expect((await directory.findByUsername('demo.student.g8'))!.passwordHash).toBeNull();
    // The demo's shared password is given again only to accounts without one: this one now counts as such.
    expect(await directory.setMissingPasswordHashes('hash-shared')).toBe(1);
    expect((await directory.findById(student.id))!.passwordHash).toBe('hash-shared');
  });

  it('gives a portal role the SIS never sets, in a unit of work that can be undone', async () => {
    const principal = (await directory.findByUsername('demo.principal'))!;
    await expect(
      storage.transaction(async (tx) => {
        expect(await directory.setPortalRole(principal.id, 'it', tx)).toBe(true);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await directory.findById(principal.id))!.role).toBe(principal.role);
    expect(await directory.setPortalRole(principal.id, 'district_admin')).toBe(true);
    expect((await directory.findById(principal.id))!.role).toBe('district_admin');
    expect(await directory.setPortalRole('usr-nobody', 'it')).toBe(false);
  });

  it('gives the shared hash only to accounts without a password', async () => {
    const g4 = (await directory.findByUsername('demo.student.g4'))!;
    await directory.setPasswordHash(g4.id, 'hash-own');
    const newcomer = {
      id: 'usr-newcomer',
      username: 'new.comer',
      givenName: 'New',
      familyName: 'Comer',
      role: 'student',
    };
    await insertRows(storage, portalTable('users'), [{ ...newcomer, createdAt: NOW, updatedAt: NOW }]);
    await storage.transaction(async (tx) =>
      expect(await directory.setMissingPasswordHashes('hash-shared', tx)).toBe(1),
    );
    expect((await directory.findById(newcomer.id))!.passwordHash).toBe('hash-shared');
    expect((await directory.findById(g4.id))!.passwordHash).toBe('hash-own');
    expect(await directory.setMissingPasswordHashes('hash-again')).toBe(0);
  });

  it('deactivates once: the second time says nothing changed', async () => {
    const student = (await directory.findByUsername('demo.student.g11'))!;
    expect(await directory.deactivate(student.id)).toBe(true);
    expect(await directory.deactivate(student.id)).toBe(false);
    expect((await directory.findById(student.id))!.status).toBe('disabled');
  });
});

async function setGradeRanges(storage: Storage, ranges: Record<string, [number | null, number | null]>) {
  for (const [id, [low, high]] of Object.entries(ranges)) {
    if (storage.engine === 'sqlite')
      storage.db.$client.prepare('UPDATE orgs SET grade_low = ?, grade_high = ? WHERE id = ?').run(low, high, id);
    else
      await storage.db.$client.query('UPDATE orgs SET grade_low = $1, grade_high = $2 WHERE id = $3', [low, high, id]);
  }
}

// A small district for the badge and credentials sheets: what a teacher printing for her class would notice.
const TODAY_MS = Date.UTC(2026, 11, 1, 12);

describe.each(ENGINES)('classes and students for printing on %s', (engine) => {
  let storage: Storage;
  let directory: Directory;
  beforeAll(async () => {
    storage = await createTestStorage({ engine });
    await seedSmallDistrict(storage);
    directory = createDirectory(storage, () => TODAY_MS);
  });
  afterAll(() => storage.close());

  it("lists a teacher's current classes by title, with campus and the latest end of their current terms", async () => {
    expect(await directory.classesTaughtBy('usr-rivera')).toEqual([
      { id: 'cls-art', title: 'Art', campusId: 'org-maple', campusName: 'Maple Elementary', termEndsOn: null },
      {
        id: 'cls-kinder-b',
        title: 'Kinder B',
        campusId: 'org-maple',
        campusName: 'Maple Elementary',
        termEndsOn: '2027-06-04',
      },
    ]);
    expect(await directory.classesTaughtBy('usr-okafor')).toEqual([expect.objectContaining({ id: 'cls-grade-1' })]);
    expect(await directory.classesTaughtBy('usr-ana')).toEqual([]);
    expect(await directory.classesTaughtBy('usr-nobody')).toEqual([]);
  });

  it('finds an active class, current or not, and an active campus', async () => {
    expect(await directory.findClass('cls-kinder-b')).toMatchObject({ title: 'Kinder B', termEndsOn: '2027-06-04' });
    expect(await directory.findClass('cls-alphabet')).toMatchObject({ title: 'Alphabet (spring)', termEndsOn: null });
    expect(await directory.findClass('cls-closed')).toBeUndefined();
    expect(await directory.findClass('cls-nothing')).toBeUndefined();
    expect(await directory.findCampus('org-maple')).toEqual({ id: 'org-maple', name: 'Maple Elementary' });
    expect(await directory.findCampus('org-shut')).toBeUndefined();
    expect(await directory.findCampus('org-district')).toBeUndefined();
    expect(await directory.findCampus('org-nothing')).toBeUndefined();
  });

  it('lists the active students of a class by family then given name, in code-unit order', async () => {
    const students = await directory.studentsInClass('cls-kinder-b');
    // Cy's enrolment ended, Di's account is off, Ms Rivera teaches it: none is listed. Ávila sorts after Z.
    expect(students.map((student) => student.username)).toEqual(['ana.adams', 'zoe.adams', 'bo.brown', 'eli.avila']);
    expect(students[0]).toMatchObject({
      id: 'usr-ana',
      givenName: 'Ana',
      role: 'student',
      grade: 0,
      sisFlags: ['sped'],
      campusIds: ['org-maple'],
      status: 'active',
      classTitle: 'Kinder B',
      campusName: 'Maple Elementary',
    });
    expect(students[0]!.classCount).toBe(1);
    expect(await directory.studentsInClass('cls-nothing')).toEqual([]);
  });

  it("lists a campus's active students by grade, then name, each under their first current class", async () => {
    const students = await directory.studentsOnCampus('org-maple');
    expect(students.map((student) => [student.username, student.classTitle])).toEqual([
      ['pia.prek', null],
      ['ana.adams', 'Kinder B'],
      ['zoe.adams', 'Kinder B'],
      ['bo.brown', 'Art'],
      ['cy.cole', null],
      ['pat.past', null],
      ['eli.avila', 'Kinder B'],
      ['gus.green', 'Grade 1'],
      ['mo.music', 'Music'],
    ]);
    expect(new Set(students.map((student) => student.campusName))).toEqual(new Set(['Maple Elementary']));
    expect(await directory.studentsOnCampus('org-oak')).toEqual([
      expect.objectContaining({ username: 'oli.oak', classTitle: null, campusName: 'Oak Middle' }),
    ]);
  });

  it('says a teacher teaches a student only through a current class with both enrolments active', async () => {
    expect(await directory.teaches('usr-rivera', 'usr-ana')).toBe(true);
    expect(await directory.teaches('usr-rivera', 'usr-bo')).toBe(true);
    expect(await directory.teaches('usr-rivera', 'usr-gus')).toBe(false); // another teacher's student
    expect(await directory.teaches('usr-rivera', 'usr-pat')).toBe(false); // only in last spring's class
    expect(await directory.teaches('usr-rivera', 'usr-cy')).toBe(false); // enrolment ended
    expect(await directory.teaches('usr-rivera', 'usr-mo')).toBe(false); // her own enrolment in Music ended
    expect(await directory.teaches('usr-rivera', 'usr-quinn')).toBe(false); // in a class that is inactive
    expect(await directory.teaches('usr-okafor', 'usr-gus')).toBe(true);
    expect(await directory.teaches('usr-ana', 'usr-zoe')).toBe(false); // classmates
  });
});

async function seedSmallDistrict(storage: Storage) {
  const stamp = { createdAt: NOW, updatedAt: NOW };
  const person = (id: string, username: string, given: string, family: string, more: object = {}) => ({
    id: `usr-${id}`,
    username,
    givenName: given,
    familyName: family,
    role: 'student',
    ...stamp,
    ...more,
  });
  await insertRows(storage, portalTable('orgs'), [
    { id: 'org-district', name: 'Maple ISD', type: 'district' },
    { id: 'org-maple', name: 'Maple Elementary', type: 'school', parentId: 'org-district' },
    { id: 'org-oak', name: 'Oak Middle', type: 'school', parentId: 'org-district' },
    { id: 'org-shut', name: 'Shut School', type: 'school', parentId: 'org-district', status: 'inactive' },
  ]);
  const students = [
    person('ana', 'ana.adams', 'Ana', 'Adams', { grade: 0, sisFlags: ['sped'] }),
    person('zoe', 'zoe.adams', 'Zoe', 'Adams', { grade: 0 }),
    person('bo', 'bo.brown', 'Bo', 'Brown', { grade: 0 }),
    person('cy', 'cy.cole', 'Cy', 'Cole', { grade: 0 }),
    person('di', 'di.dean', 'Di', 'Dean', { grade: 0, status: 'disabled' }),
    person('eli', 'eli.avila', 'Eli', 'Ávila', { grade: 0 }),
    person('pat', 'pat.past', 'Pat', 'Past', { grade: 0 }),
    person('pia', 'pia.prek', 'Pia', 'Prek', { grade: -1 }),
    person('gus', 'gus.green', 'Gus', 'Green', { grade: 1 }),
    person('mo', 'mo.music', 'Mo', 'Music', { grade: 2 }),
    person('quinn', 'quinn.quit', 'Quinn', 'Quit', { grade: 2, status: 'disabled' }),
    person('oli', 'oli.oak', 'Oli', 'Oak', { grade: 7 }),
  ];
  const staff = [
    person('rivera', 'ms.rivera', 'Rosa', 'Rivera', { role: 'teacher' }),
    person('okafor', 'mr.okafor', 'Obi', 'Okafor', { role: 'teacher' }),
  ];
  await insertRows(storage, portalTable('users'), [...students, ...staff]);
  await insertRows(
    storage,
    portalTable('user_orgs'),
    [...students, ...staff].map((user) => ({
      userId: user.id,
      orgId: user.id === 'usr-oli' ? 'org-oak' : 'org-maple',
    })),
  );
  const term = (id: string, startDate: string, endDate: string, status = 'active') => ({
    id,
    sourcedId: id,
    title: id,
    type: 'term',
    startDate,
    endDate,
    status,
  });
  await insertRows(storage, portalTable('academic_sessions'), [
    term('term-fall', '2026-08-17', '2026-12-18'),
    term('term-year', '2026-08-17', '2027-06-04'),
    term('term-spring', '2026-01-05', '2026-05-29'),
    term('term-dropped', '2026-08-17', '2027-08-01', 'inactive'),
  ]);
  const klass = (id: string, title: string, status = 'active') => ({ id, title, orgId: 'org-maple', status });
  await insertRows(storage, portalTable('classes'), [
    klass('cls-kinder-b', 'Kinder B'),
    klass('cls-art', 'Art'),
    klass('cls-alphabet', 'Alphabet (spring)'),
    klass('cls-music', 'Music'),
    klass('cls-closed', 'Closed', 'inactive'),
    klass('cls-grade-1', 'Grade 1'),
  ]);
  await insertRows(storage, portalTable('class_terms'), [
    { classId: 'cls-kinder-b', sessionId: 'term-fall' },
    { classId: 'cls-kinder-b', sessionId: 'term-year' },
    { classId: 'cls-kinder-b', sessionId: 'term-dropped' },
    { classId: 'cls-alphabet', sessionId: 'term-spring' },
    { classId: 'cls-music', sessionId: 'term-fall' },
    { classId: 'cls-closed', sessionId: 'term-fall' },
    { classId: 'cls-grade-1', sessionId: 'term-year' },
  ]);
  let n = 0;
  const enrol = (classId: string, userId: string, role = 'student', status = 'active') => ({
    id: `enr-${++n}`,
    classId,
    userId: `usr-${userId}`,
    role,
    status,
  });
  await insertRows(storage, portalTable('enrollments'), [
    enrol('cls-kinder-b', 'rivera', 'teacher'),
    enrol('cls-art', 'rivera', 'teacher'),
    enrol('cls-alphabet', 'rivera', 'teacher'),
    enrol('cls-music', 'rivera', 'teacher', 'inactive'),
    enrol('cls-closed', 'rivera', 'teacher'),
    enrol('cls-grade-1', 'okafor', 'teacher'),
    ...['zoe', 'bo', 'ana', 'eli', 'di'].map((student) => enrol('cls-kinder-b', student)),
    enrol('cls-kinder-b', 'cy', 'student', 'inactive'),
    enrol('cls-art', 'bo'),
    enrol('cls-alphabet', 'pat'),
    enrol('cls-alphabet', 'ana'),
    enrol('cls-music', 'mo'),
    enrol('cls-closed', 'quinn'),
    enrol('cls-grade-1', 'gus'),
  ]);
}
