// Privacy: audit rows, sessions and extension leftovers are kept only as long as needed, enforced by a job.
// Reliability: backups through SQLite's online backup API, checked with integrity_check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { backupDatabase } from '../../server/maintenance/backup';
import { runHousekeeping } from '../../server/maintenance/housekeeping';
import { sqliteStorage } from '../../server/storage/sqlite-storage';
import { seedDemoDistrict } from '../../server/demo/seed';
import { createTestPortal, manualClock, PUBLIC_URL, signIn } from '../helpers/test-portal';
import { pairExtension } from '../helpers/extension-client';
import { testEngine } from '../helpers/test-storage';
import { countRows } from '../../server/storage/table-rows';
import { portalTable } from '../../server/storage/tables';
import { fixtureAppId } from '../../server/demo/fixture-apps';

const DAY = 24 * 3_600_000;

describe('housekeeping', () => {
  it('deletes audit rows past the retention period, ended sessions and stale failure counters', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now });
    const teacher = await signIn(portal, 'demo.teacher');
    const extension = await pairExtension(portal, teacher, { publicUrl: PUBLIC_URL, now: clock.now });
    await extension.call('GET', '/api/extension/me');
    await portal.request.post(`/api/vault/apps/${fixtureAppId('reading-garden')}/launch`, {}, teacher);
    await portal.request.post('/api/auth/sign-in', { username: 'demo.student.k', password: 'wrong-password' });
    const count = (table: string) => countRows(portal.storage, portalTable(table));
    expect(await count('audit_events')).toBe(4); // the demo's roster import, sign-in, pairing, failed sign-in

    clock.advance(100 * DAY);
    await signIn(portal, 'demo.principal');
    const stores = { ...portal, launches: portal.vault.launches };
    const result = await runHousekeeping(stores, clock.now(), { auditRetentionDays: 10 });
    expect(result).toEqual({
      auditRowsDeleted: 4,
      sessionsDeleted: 1,
      failureCountersDeleted: 1,
      extensionRowsDeleted: 1,
      launchesDeleted: 1,
      oidcPayloadsDeleted: 0,
    });
    expect(await count('audit_events')).toBe(1);
    expect(await count('sessions')).toBe(1);
    expect(await count('sign_in_failures')).toBe(0);
    // The teacher's extension session and pairing code went with the portal session they hang off.
    for (const table of ['extension_sessions', 'extension_pairings', 'used_proofs', 'launches'])
      expect(await count(table), table).toBe(0);
  });
});

describe.skipIf(testEngine === 'postgres')('backup (SQLite; PostgreSQL uses pg_dump)', () => {
  it('copies a live database into a file that passes integrity_check and holds the same people', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-backup-'));
    try {
      const db = openDatabase(path.join(dir, 'live.sqlite'));
      await seedDemoDistrict(sqliteStorage(db), 'not-a-real-hash', Date.now());
      const destination = path.join(dir, 'copy.sqlite');
      const { pages } = await backupDatabase(db, destination);
      expect(pages).toBeGreaterThan(10);
      const copy = openDatabase(destination);
      const users = 'SELECT count(*) FROM users';
      expect(copy.$client.prepare(users).pluck().get()).toBe(db.$client.prepare(users).pluck().get());
      copy.$client.close();
      db.$client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
