// Privacy: audit rows are kept only as long as the retention policy says, enforced by a job.
// Reliability: backups through SQLite's online backup API, checked with integrity_check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { backupDatabase } from '../../server/maintenance/backup';
import { runHousekeeping } from '../../server/maintenance/housekeeping';
import { seedDemoDistrict } from '../../server/demo/seed';
import { createTestPortal, manualClock, signIn } from '../helpers/test-portal';

const DAY = 24 * 3_600_000;

describe('housekeeping', () => {
  it('deletes audit rows past the retention period, ended sessions and stale failure counters', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now });
    await signIn(portal, 'demo.teacher');
    await portal.request.post('/api/auth/sign-in', { username: 'demo.student.k', password: 'wrong-password' });
    const count = (table: string) => portal.db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect(count('audit_events')).toBe(2);

    clock.advance(30 * DAY);
    await signIn(portal, 'demo.principal');
    const result = runHousekeeping(portal.db, clock.now(), { auditRetentionDays: 10 });
    expect(result).toEqual({ auditRowsDeleted: 2, sessionsDeleted: 1, failureCountersDeleted: 1 });
    expect(count('audit_events')).toBe(1);
    expect(count('sessions')).toBe(1);
    expect(count('sign_in_failures')).toBe(0);
  });
});

describe('backup', () => {
  it('copies a live database into a file that passes integrity_check and holds the same people', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-backup-'));
    try {
      const db = openDatabase(path.join(dir, 'live.sqlite'));
      seedDemoDistrict(db, 'not-a-real-hash', Date.now());
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
