// The seam itself, on both engines: a unit of work is all or nothing, and on SQLite (one connection per
// process) nothing from outside slips into an open unit of work.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditEvents as sqliteAudit } from '../../server/audit/schema';
import { auditEvents as postgresAudit } from '../../server/audit/schema.pg';
import type { Engine, Storage, Tx } from '../../server/storage/storage';
import { freshStorages } from '../helpers/test-storage';
import { openDatabase } from '../../server/db/connection';
import { sqliteStorage, UnitOfWorkStuckError } from '../../server/storage/sqlite-storage';

const ENGINES: Engine[] = ['sqlite', 'postgres'];

describe.each(ENGINES)('storage on %s', (engine) => {
  const freshStorage = freshStorages(engine);
  async function storage() {
    const created = await freshStorage();
    return created;
  }
  const insertEvent = async (store: Storage, action: string, tx?: Tx) => {
    const row = { at: 1, action, outcome: 'success' as const };
    if (store.engine === 'sqlite') {
      await store.run(tx, () => store.db.insert(sqliteAudit).values(row).run());
    } else await store.executor(tx).insert(postgresAudit).values(row);
  };
  const actions = async (store: Storage) =>
    store.engine === 'sqlite'
      ? store.db
          .select()
          .from(sqliteAudit)
          .all()
          .map((row) => row.action)
          .sort()
      : (await store.db.select().from(postgresAudit)).map((row) => row.action).sort();

  it('keeps every write of a unit of work that finishes', async () => {
    const store = await storage();
    await store.transaction(async (tx) => {
      await insertEvent(store, 'a', tx);
      await insertEvent(store, 'b', tx);
    });
    expect(await actions(store)).toEqual(['a', 'b']);
  });

  it('keeps none of a unit of work that throws', async () => {
    const store = await storage();
    await expect(
      store.transaction(async (tx) => {
        await insertEvent(store, 'a', tx);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await actions(store)).toEqual([]);
  });

  it('does not lose a write made outside while a unit of work that then fails is open', async () => {
    const store = await storage();
    let outside: Promise<void> | undefined;
    await expect(
      store.transaction(async (tx) => {
        await insertEvent(store, 'inside', tx);
        outside = insertEvent(store, 'outside');
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    await outside;
    expect(await actions(store)).toEqual(['outside']);
  });

  it('runs units of work one after another, each complete', async () => {
    const store = await storage();
    await Promise.all(
      ['x', 'y', 'z'].map((name) =>
        store.transaction(async (tx) => {
          await insertEvent(store, `${name}1`, tx);
          await new Promise((resolve) => setTimeout(resolve, 5));
          await insertEvent(store, `${name}2`, tx);
        }),
      ),
    );
    expect(await actions(store)).toEqual(['x1', 'x2', 'y1', 'y2', 'z1', 'z2']);
  });

  it('counts rows with plain SQL', async () => {
    const store = await storage();
    await insertEvent(store, 'a');
    const count =
      store.engine === 'sqlite'
        ? store.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_events`).n
        : Number((await store.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM audit_events`)).rows[0]!.n);
    expect(count).toBe(1);
  });
});

describe('SQLite units of work', () => {
  it('fail a call that forgot its tx inside a unit of work, instead of hanging', async () => {
    const store = sqliteStorage(openDatabase(':memory:'), { maxHoldMs: 200 });
    const started = Date.now();
    await expect(
      store.transaction(async () => {
        // No tx: this waits for the unit of work it is part of.
        await store.run(undefined, () =>
          store.db.insert(sqliteAudit).values({ at: 1, action: 'a', outcome: 'success' }).run(),
        );
      }),
    ).rejects.toBeInstanceOf(UnitOfWorkStuckError);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The connection is free again afterwards.
    await store.run(undefined, () =>
      store.db.insert(sqliteAudit).values({ at: 2, action: 'b', outcome: 'success' }).run(),
    );
    expect(
      store.db
        .select()
        .from(sqliteAudit)
        .all()
        .map((row) => row.action),
    ).toEqual(['b']);
    await store.close();
  });
});
