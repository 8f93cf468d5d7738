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
    expect(found.map((person) => person.username)).toEqual(['demo.teacher', 'demo.teacher.noschedule']);
    expect(found[0]!.campuses).toEqual(['Lakeside Middle School']);
    expect(await directory.search('%', 20)).toEqual([]);
    expect(await directory.search('_', 20)).toEqual([]);
    expect(await directory.search('demo', 3)).toHaveLength(3);
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
