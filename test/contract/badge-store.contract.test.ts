// The badge store, on both engines: a person has one working badge at most, a new one replaces the old at once,
// and voids say what they voided. Two portal processes printing for the same child at once on one PostgreSQL
// still leave one working badge.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createBadgeStore, type NewBadge } from '../../server/badges/badge-store';
import { makeBadgeCode, hashBadgeSecret } from '../../server/badges/badge-code';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import type { Engine, Storage } from '../../server/storage/storage';
import { createTestStorage, freshStorages } from '../helpers/test-storage';
import { AVA, BEN, insertVaultFixture } from './vault-fixture';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const PRINTED_AT = Date.UTC(2026, 8, 1);

function newBadge(userId: string, more: Partial<NewBadge> = {}): NewBadge {
  const code = makeBadgeCode();
  return {
    id: code.badgeId,
    userId,
    secretHash: hashBadgeSecret(code.secret),
    picture: 'cat',
    secretPictures: 'dog,star',
    issuedAt: PRINTED_AT,
    issuedBy: null,
    expiresAt: null,
    ...more,
  };
}

interface BadgeRow {
  id: string;
  userId: string;
  voidedAt: number | null;
  voidedBy: string | null;
  voidReason: string | null;
}

/** Every badge row, voided ones too: what the history says. */
async function allBadgeRows(storage: Storage): Promise<BadgeRow[]> {
  const query = `SELECT id, user_id AS "userId", voided_at AS "voidedAt", voided_by AS "voidedBy",
    void_reason AS "voidReason" FROM badges ORDER BY issued_at, id`;
  const rows =
    storage.engine === 'sqlite'
      ? (storage.db.$client.prepare(query).all() as BadgeRow[])
      : ((await storage.db.execute(sql.raw(query))).rows as unknown as BadgeRow[]);
  return rows.map((row) => ({ ...row, voidedAt: row.voidedAt === null ? null : Number(row.voidedAt) }));
}

describe.each(ENGINES)('badge store on %s', (engine) => {
  const freshStorage = freshStorages(engine);

  async function setUp() {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    return { storage, store: createBadgeStore(storage) };
  }

  it('finds a new badge by its id, and lists it as the live badge of its person', async () => {
    const { storage, store } = await setUp();
    const badge = newBadge(AVA.id, { expiresAt: PRINTED_AT + 1000, issuedBy: BEN.id });
    expect(await storage.transaction((tx) => store.issue(badge, tx))).toBeUndefined();
    expect(await store.findLive(badge.id)).toEqual({ ...badge, lastUsedAt: null });
    expect(await store.findLive('0123456789ABCDEF')).toBeUndefined();
    expect(await store.liveFor([AVA.id, BEN.id])).toEqual(new Map([[AVA.id, { ...badge, lastUsedAt: null }]]));
    expect(await store.liveFor([])).toEqual(new Map());
    await store.markUsed(badge.id, PRINTED_AT + 5);
    expect((await store.findLive(badge.id))!.lastUsedAt).toBe(PRINTED_AT + 5);
  });

  it('replaces the live badge: the old id is no longer found, and is kept as regenerated', async () => {
    const { storage, store } = await setUp();
    const first = newBadge(AVA.id);
    await storage.transaction((tx) => store.issue(first, tx));
    const second = newBadge(AVA.id, { issuedAt: PRINTED_AT + 60_000, issuedBy: BEN.id });
    expect(await storage.transaction((tx) => store.issue(second, tx))).toBe(first.id);
    expect(await store.findLive(first.id)).toBeUndefined();
    expect(await store.findLive(second.id)).toMatchObject({ id: second.id });
    expect((await store.liveFor([AVA.id])).get(AVA.id)!.id).toBe(second.id);
    expect(await allBadgeRows(storage)).toEqual([
      { id: first.id, userId: AVA.id, voidedAt: second.issuedAt, voidedBy: BEN.id, voidReason: 'regenerated' },
      { id: second.id, userId: AVA.id, voidedAt: null, voidedBy: null, voidReason: null },
    ]);
  });

  it('leaves the old badge working when the unit of work that replaces it is undone', async () => {
    const { storage, store } = await setUp();
    const first = newBadge(AVA.id);
    await storage.transaction((tx) => store.issue(first, tx));
    const undone = storage.transaction(async (tx) => {
      await store.issue(newBadge(AVA.id), tx);
      throw new Error('the sheet could not be drawn');
    });
    await expect(undone).rejects.toThrow('the sheet could not be drawn');
    expect(await store.findLive(first.id)).toMatchObject({ id: first.id });
    expect(await allBadgeRows(storage)).toHaveLength(1);
  });

  it('voids the badges of the people named, returning the ids it voided', async () => {
    const { storage, store } = await setUp();
    const ava = newBadge(AVA.id);
    const ben = newBadge(BEN.id);
    await storage.transaction(async (tx) => {
      await store.issue(ava, tx);
      await store.issue(ben, tx);
    });
    const voided = await storage.transaction((tx) =>
      store.voidFor([AVA.id, 'u-nobody'], 'voided', BEN.id, PRINTED_AT + 1, tx),
    );
    expect(voided).toEqual([ava.id]);
    expect(await store.findLive(ava.id)).toBeUndefined();
    expect(await store.findLive(ben.id)).toBeDefined();
    expect(await storage.transaction((tx) => store.voidFor([AVA.id], 'voided', null, PRINTED_AT + 2, tx))).toEqual([]);
    expect(await storage.transaction((tx) => store.voidFor([], 'class', null, PRINTED_AT + 2, tx))).toEqual([]);
    const rows = await allBadgeRows(storage);
    expect(rows.find((row) => row.id === ava.id)).toMatchObject({
      voidedAt: PRINTED_AT + 1,
      voidedBy: BEN.id,
      voidReason: 'voided',
    });
    const both = await storage.transaction((tx) => store.voidFor([AVA.id, BEN.id], 'class', null, PRINTED_AT + 3, tx));
    expect(both).toEqual([ben.id]);
  });

  it('voids every badge at year end, counting them, and a new one can be printed after', async () => {
    const { storage, store } = await setUp();
    const ava = newBadge(AVA.id);
    const ben = newBadge(BEN.id);
    await storage.transaction(async (tx) => {
      await store.issue(ava, tx);
      await store.issue(ben, tx);
    });
    await storage.transaction((tx) => store.voidFor([BEN.id], 'voided', null, PRINTED_AT + 1, tx));
    expect(await storage.transaction((tx) => store.voidAll(AVA.id, PRINTED_AT + 2, tx))).toBe(1);
    expect(await store.liveFor([AVA.id, BEN.id])).toEqual(new Map());
    const reasons = new Map((await allBadgeRows(storage)).map((row) => [row.id, row.voidReason]));
    expect(reasons).toEqual(
      new Map([
        [ava.id, 'year_end'],
        [ben.id, 'voided'],
      ]),
    );
    expect(await storage.transaction((tx) => store.voidAll(null, PRINTED_AT + 3, tx))).toBe(0);
    const next = newBadge(AVA.id, { issuedAt: PRINTED_AT + 4 });
    expect(await storage.transaction((tx) => store.issue(next, tx))).toBeUndefined();
    expect(await store.findLive(next.id)).toBeDefined();
  });

  it('keeps one live badge per person when prints for the same child race', async () => {
    const { storage, store } = await setUp();
    await racePrints([storage, storage], [store, store]);
    await expectOneLiveBadge(storage, store);
  });
});

describe('two portal processes on one PostgreSQL', () => {
  it('printing for the same child at the same moment: both prints succeed, one badge works', async () => {
    const first = await createTestStorage({ engine: 'postgres' });
    const second = await openPostgresStorage(first.url!, { maxConnections: 5 });
    try {
      await insertVaultFixture(first);
      const stores = [createBadgeStore(first), createBadgeStore(second)];
      for (let round = 0; round < 3; round++) await racePrints([first, second], stores);
      await expectOneLiveBadge(first, stores[0]!);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

/** Four prints for Ava at once, two on each storage, each holding its unit of work open a moment (drawing the sheet). */
async function racePrints(storages: Storage[], stores: ReturnType<typeof createBadgeStore>[]) {
  await Promise.all(
    [0, 1, 0, 1].map((index) =>
      storages[index]!.transaction(async (tx) => {
        await stores[index]!.issue(newBadge(AVA.id), tx);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }),
    ),
  );
}

async function expectOneLiveBadge(storage: Storage, store: ReturnType<typeof createBadgeStore>) {
  const rows = (await allBadgeRows(storage)).filter((row) => row.userId === AVA.id);
  const live = rows.filter((row) => row.voidedAt === null);
  expect(live).toHaveLength(1);
  expect(rows.filter((row) => row.voidReason === 'regenerated')).toHaveLength(rows.length - 1);
  expect((await store.liveFor([AVA.id])).get(AVA.id)!.id).toBe(live[0]!.id);
}
