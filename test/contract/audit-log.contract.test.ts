// The audit log's contract, on both engines: append, page newest first with names, keep nothing from a unit
// of work that failed, and delete by age.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../../server/audit/audit-log';
import { seedDemoDistrict } from '../../server/demo/seed';
import { createDirectory } from '../../server/directory/directory';
import type { Engine, Storage } from '../../server/storage/storage';
import { createTestStorage } from '../helpers/test-storage';

const ENGINES: Engine[] = ['sqlite', 'postgres'];

describe.each(ENGINES)('audit log on %s', (engine) => {
  let storage: Storage;
  let audit: AuditLog;
  let clock = 1_000;
  beforeAll(async () => {
    storage = await createTestStorage({ engine });
    await seedDemoDistrict(storage, 'hash', 0);
    audit = createAuditLog(storage, () => clock);
  });
  afterAll(() => storage.close());

  it('pages newest first, naming the actor, the subject and the app', async () => {
    const teacher = (await createDirectory(storage).findByUsername('demo.teacher'))!;
    for (let i = 0; i < 5; i++) {
      clock += 1;
      await audit.record({
        action: 'vault.release',
        outcome: i % 2 ? 'failure' : 'success',
        actorUserId: teacher.id,
        subjectUserId: teacher.id,
        appId: 'app-reading-garden',
        ip: '127.0.0.1',
        detail: { i, nested: { ok: true } },
      });
    }
    const page = await audit.list({ limit: 3 });
    expect(page.map((row) => row.detail)).toEqual([4, 3, 2].map((i) => ({ i, nested: { ok: true } })));
    expect(page[0]).toMatchObject({
      action: 'vault.release',
      outcome: 'success',
      actorUsername: 'demo.teacher',
      subjectUsername: 'demo.teacher',
      appName: 'Reading Garden',
      ip: '127.0.0.1',
      at: clock,
    });
    const next = await audit.list({ limit: 3, beforeId: page.at(-1)!.id });
    // The third is the demo district's roster import, recorded when it was seeded.
    expect(next.slice(0, 2).map((row) => (row.detail as { i: number }).i)).toEqual([1, 0]);
    expect(next[2]!.action).not.toBe('vault.release');
  });

  it('keeps no event recorded in a unit of work that failed', async () => {
    const before = (await audit.list({ limit: 1 }))[0]!.id;
    await expect(
      storage.transaction(async (tx) => {
        await audit.record({ action: 'sign_in', outcome: 'success' }, tx);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await audit.list({ limit: 1 }))[0]!.id).toBe(before);
  });

  it('deletes events older than the cutoff, and only those', async () => {
    const all = await audit.list({ limit: 100 });
    const cutoff = all.at(-1)!.at + 2;
    const deleted = await audit.deleteOlderThan(cutoff);
    expect(deleted).toBe(all.filter((row) => row.at < cutoff).length);
    expect((await audit.list({ limit: 100 })).every((row) => row.at >= cutoff)).toBe(true);
  });
});
