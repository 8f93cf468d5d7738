// The launch store, on both engines: a launch is released once, even by two portal processes racing on one
// PostgreSQL; outcomes and lockout holds are kept per person and entry value; health adds up the same way.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../server/storage/storage';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import { createVaultCipher, generateVaultKeyring } from '../../server/vault/cipher';
import { createVaultEntries } from '../../server/vault/entries';
import { createLaunchStore, LAUNCH_MS } from '../../server/vault/launches';
import { createTestStorage, freshStorages } from '../helpers/test-storage';
import { AVA, BEN, insertVaultFixture, VAULT_FIXTURE } from './vault-fixture';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const { app, otherApp } = VAULT_FIXTURE;
const DAY_MS = 24 * 3_600_000;

describe.each(ENGINES)('launches on %s', (engine) => {
  const freshStorage = freshStorages(engine);

  async function setUp() {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    let clock = Date.UTC(2026, 10, 23);
    const time = { now: () => clock, advance: (ms: number) => void (clock += ms) };
    const launches = createLaunchStore(storage, time.now);
    const entries = createVaultEntries(storage, createVaultCipher(generateVaultKeyring()), time.now);
    const entry = await entries.save({ appId: app, scope: 'template', username: '{username}' }, 'it', null);
    return { storage, launches, entries, entry, time };
  }

  it('creates a launch that lasts a minute and is found by its id', async () => {
    const { launches, time } = await setUp();
    const launch = await launches.create(AVA.id, app);
    expect(launch).toMatchObject({ userId: AVA.id, appId: app, expiresAt: time.now() + LAUNCH_MS, releasedAt: null });
    expect(await launches.find(launch.id)).toEqual(launch);
    expect(await launches.find('no-such-launch')).toBeUndefined();
  });

  it('marks a launch released once, recording which entry value it used', async () => {
    const { launches, entry, time } = await setUp();
    const launch = await launches.create(AVA.id, app);
    expect(await launches.markReleased(launch.id, entry.id, entry.version)).toBe(true);
    expect(await launches.markReleased(launch.id, entry.id, entry.version)).toBe(false);
    expect(await launches.find(launch.id)).toMatchObject({
      releasedAt: time.now(),
      entryId: entry.id,
      entryVersion: entry.version,
    });
  });

  it('releases once when many requests race for the same launch', async () => {
    const { storage, launches, entry } = await setUp();
    const launch = await launches.create(AVA.id, app);
    const won = await Promise.all(
      Array.from({ length: 8 }, () =>
        storage.transaction((tx) => launches.markReleased(launch.id, entry.id, entry.version, tx)),
      ),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('keeps a launch unreleased when the unit of work that marked it fails', async () => {
    const { storage, launches, entry } = await setUp();
    const launch = await launches.create(AVA.id, app);
    await expect(
      storage.transaction(async (tx) => {
        await launches.markReleased(launch.id, entry.id, entry.version, tx);
        throw new Error('the audit write failed');
      }),
    ).rejects.toThrow('the audit write failed');
    expect((await launches.find(launch.id))?.releasedAt).toBeNull();
    expect(await launches.markReleased(launch.id, entry.id, entry.version)).toBe(true);
  });

  it('records the latest outcome a launch reported', async () => {
    const { launches } = await setUp();
    const launch = await launches.create(AVA.id, app);
    await launches.recordOutcome(launch.id, 'filled', null);
    await launches.recordOutcome(launch.id, 'failed', 'form_not_found');
    expect(await launches.find(launch.id)).toMatchObject({ outcome: 'failed', outcomeReason: 'form_not_found' });
  });

  it('holds one value of an entry back from one person until it changes or the hold is lifted', async () => {
    const { launches, entry, time } = await setUp();
    await launches.placeHold(entry.id, AVA.id, entry.version, 'credentials_rejected');
    expect(await launches.holdOn(entry.id, AVA.id, entry.version)).toEqual({
      reason: 'credentials_rejected',
      heldAt: time.now(),
    });
    expect(await launches.holdOn(entry.id, BEN.id, entry.version)).toBeUndefined();
    expect(await launches.holdOn(entry.id, AVA.id, entry.version + 1)).toBeUndefined();
    // A second rejection of a newer value replaces the hold.
    await launches.placeHold(entry.id, AVA.id, entry.version + 1, 'credentials_rejected');
    expect(await launches.holdOn(entry.id, AVA.id, entry.version)).toBeUndefined();
    expect(await launches.liftHold(entry.id, AVA.id)).toBe(true);
    expect(await launches.liftHold(entry.id, AVA.id)).toBe(false);
    expect(await launches.holdOn(entry.id, AVA.id, entry.version + 1)).toBeUndefined();
  });

  it('adds up each app’s launches, outcomes, last failure and held credentials for IT', async () => {
    const { launches, entry, time } = await setUp();
    const outcomes = ['succeeded', 'succeeded', 'failed', null] as const;
    for (const outcome of outcomes) {
      const launch = await launches.create(AVA.id, app);
      time.advance(1_000);
      if (outcome) await launches.recordOutcome(launch.id, outcome, outcome === 'failed' ? 'timed_out' : null);
    }
    const failedAt = time.now();
    await launches.placeHold(entry.id, AVA.id, entry.version, 'credentials_rejected');
    await launches.create(BEN.id, otherApp);
    const old = await launches.create(BEN.id, otherApp);
    await launches.recordOutcome(old.id, 'failed', 'form_not_found');
    expect(await launches.health()).toEqual([
      {
        appId: otherApp,
        launches: 2,
        succeeded: 0,
        failed: 1,
        successRate: 0,
        lastFailure: { at: time.now(), reason: 'form_not_found', blame: 'connector' },
        failedBy: { credential: 0, connector: 1, page: 0 },
        heldCredentials: 0,
      },
      {
        appId: app,
        launches: 4,
        succeeded: 2,
        failed: 1,
        successRate: 2 / 3,
        lastFailure: { at: failedAt - 1_000, reason: 'timed_out', blame: 'page' },
        failedBy: { credential: 0, connector: 0, page: 1 },
        heldCredentials: 1,
      },
    ]);
    time.advance(31 * DAY_MS);
    expect(await launches.health()).toEqual([]);
  });

  it('cancels only a person’s unreleased launches', async () => {
    const { launches, entry } = await setUp();
    const released = await launches.create(AVA.id, app);
    await launches.markReleased(released.id, entry.id, entry.version);
    const pending = await launches.create(AVA.id, app);
    const someoneElses = await launches.create(BEN.id, app);
    expect(await launches.cancelUnreleasedFor(AVA.id)).toBe(1);
    expect(await launches.find(pending.id)).toBeUndefined();
    expect(await launches.find(released.id)).toBeDefined();
    expect(await launches.find(someoneElses.id)).toBeDefined();
  });

  it('prunes launches made before a cutoff', async () => {
    const { launches, time } = await setUp();
    const old = await launches.create(AVA.id, app);
    time.advance(DAY_MS);
    const recent = await launches.create(AVA.id, app);
    expect(await launches.pruneOlderThan(recent.createdAt)).toBe(1);
    expect(await launches.find(old.id)).toBeUndefined();
    expect(await launches.find(recent.id)).toBeDefined();
  });
});

describe('two portal processes on one PostgreSQL', () => {
  it('release a launch exactly once when both mark it at the same moment', async () => {
    const first = await createTestStorage({ engine: 'postgres' });
    const second = await openPostgresStorage(first.url!, { maxConnections: 5 });
    try {
      await insertVaultFixture(first);
      const now = Date.now;
      const entry = await createVaultEntries(first, createVaultCipher(generateVaultKeyring()), now).save(
        { appId: app, scope: 'template', username: '{username}' },
        'it',
        null,
      );
      const stores = [createLaunchStore(first, now), createLaunchStore(second, now)];
      for (let round = 0; round < 5; round++) {
        const launch = await stores[0]!.create(AVA.id, app);
        const won = await Promise.all(
          [first, second, first, second].map((storage, index) =>
            storage.transaction(async (tx) => {
              const marked = await stores[index % 2]!.markReleased(launch.id, entry.id, entry.version, tx);
              // Held open a moment, as a release's audit write would: the other process must wait, then lose.
              await new Promise((resolve) => setTimeout(resolve, 10));
              return marked;
            }),
          ),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await second.close();
      await first.close();
    }
  });
});
