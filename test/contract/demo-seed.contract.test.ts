// The demo district is a roster: Lakeside ISD goes in through the roster importer on a first start, on both
// engines, with what no SIS may give (passwords, portal rights, the app catalog) in the same transaction.
// Two processes starting at once on one PostgreSQL load it once.
import { createRegistrationStore } from '../../server/federation/registration-store';
import { describe, expect, it } from 'vitest';
import { createDirectory } from '../../server/directory/directory';
import { DEMO_ACCOUNTS } from '../../server/demo/lakeside';
import { lakesideRoster, schoolYearAround } from '../../server/demo/lakeside-roster';
import { seedDemoDistrict } from '../../server/demo/seed';
import { rosterServiceFor } from '../../server/roster/roster-service';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import { countRows } from '../../server/storage/table-rows';
import { portalTable } from '../../server/storage/tables';
import type { Engine } from '../../server/storage/storage';
import { freshStorages } from '../helpers/test-storage';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const NOW = Date.UTC(2026, 1, 10, 9);
const config = {
  roster: { usernames: 'first.last' as const, flagColumns: { sped: ['metadata.sped'] }, holdShare: 0.1 },
  sessionIdleMs: 3_600_000,
  sessionMaxMs: 12 * 3_600_000,
};

describe.each(ENGINES)('the demo district on %s', (engine) => {
  const fresh = freshStorages(engine);

  it('is imported from its OneRoster bundle, with the demo password, portal rights and the catalog', async () => {
    const storage = await fresh();
    expect(await seedDemoDistrict(storage, 'demo-hash', NOW)).toBe(true);
    const directory = createDirectory(storage, () => NOW);
    const roles = Object.fromEntries(
      await Promise.all(
        DEMO_ACCOUNTS.map(async ({ username }) => [username, (await directory.findByUsername(username))?.role]),
      ),
    );
    expect(roles).toEqual({
      'demo.student.k': 'student',
      'demo.student.g4': 'student',
      'demo.student.g8': 'student',
      'demo.student.g11': 'student',
      'demo.teacher': 'teacher',
      'demo.teacher.k': 'teacher',
      'demo.teacher.noschedule': 'teacher',
      'demo.principal': 'principal',
      'demo.it': 'it',
      'demo.admin': 'district_admin',
    });
    const g8 = (await directory.findByUsername('demo.student.g8'))!;
    expect(g8).toMatchObject({
      grade: 8,
      sisFlags: ['sped'],
      campusIds: ['org-lakeside-ms'],
      passwordHash: 'demo-hash',
    });
    expect((await directory.findByUsername('demo.student.k'))!.campusIds).toEqual(['org-lakeside-es']);
    expect((await directory.findByUsername('demo.teacher'))!.classCount).toBeGreaterThan(0);
    expect((await directory.findByUsername('demo.teacher.noschedule'))!.classCount).toBe(0);
    // Lakeside's 15 apps and the practice SAML and OIDC apps, registered in the same seed.
    expect(await countRows(storage, portalTable('apps'))).toBe(17);
    expect((await createRegistrationStore(storage).byAppId('app-practice-saml'))?.protocol).toBe('saml');
    const roster = rosterServiceFor(storage, config, () => NOW);
    const [sync] = await roster.history(10);
    expect(sync).toMatchObject({ source: 'demo', outcome: 'applied', format: 'oneroster-1.1' });
    expect(sync!.counts!.people.added).toBe(await countRows(storage, portalTable('users')));
  });

  it('comes back unchanged from its own bundle, and a later sync keeps the portal rights', async () => {
    const storage = await fresh();
    await seedDemoDistrict(storage, 'demo-hash', NOW);
    expect(await seedDemoDistrict(storage, 'other-hash', NOW)).toBe(false);
    const roster = rosterServiceFor(storage, config, () => NOW);
    const again = await roster.importFiles(lakesideRoster(NOW), { source: 'cli', actorId: null });
    expect(again.outcome).toBe('unchanged');
    const directory = createDirectory(storage, () => NOW);
    expect((await directory.findByUsername('demo.it'))!.role).toBe('it');
    expect((await directory.findByUsername('demo.teacher'))!.passwordHash).toBe('demo-hash');
  });

  it('puts the demo teacher in classes of the school year around the day it starts, whatever the day', async () => {
    for (const day of [Date.UTC(2026, 6, 31, 23), Date.UTC(2026, 7, 1), Date.UTC(2027, 0, 1)]) {
      const year = schoolYearAround(day);
      const today = new Date(day).toISOString().slice(0, 10);
      expect(year.startDate <= today && today <= year.endDate, today).toBe(true);
      const storage = await fresh();
      await seedDemoDistrict(storage, 'demo-hash', day);
      expect(
        (await createDirectory(storage, () => day).findByUsername('demo.teacher'))!.classCount,
        today,
      ).toBeGreaterThan(0);
    }
    expect(lakesideRoster(NOW)).toEqual(lakesideRoster(NOW + 3_600_000));
  });
});

describe('two processes starting at once on one PostgreSQL', () => {
  const fresh = freshStorages('postgres');

  it('load the district once: the second finds it there and does nothing', async () => {
    const first = await fresh();
    const second = await openPostgresStorage((first as { url?: string }).url!, { maxConnections: 5 });
    try {
      const seeded = await Promise.all([
        seedDemoDistrict(first, 'demo-hash', NOW),
        seedDemoDistrict(second, 'demo-hash', NOW),
      ]);
      expect(seeded.sort()).toEqual([false, true]);
      expect(await countRows(first, portalTable('apps'))).toBe(17);
      const history = await rosterServiceFor(first, config, () => NOW).history(10);
      expect(history.map((sync) => sync.outcome)).toEqual(['applied']);
    } finally {
      await second.close();
    }
  });
});
