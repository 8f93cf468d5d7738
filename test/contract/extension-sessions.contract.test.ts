// The extension's session store (and its audit-log figures) on both engines: pairing codes and proof ids are single-use, also when two
// portal processes share one PostgreSQL database and race for the same one.
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../server/audit/audit-log';
import { sessions as sqliteSessions } from '../../server/auth/schema';
import { sessions as postgresSessions } from '../../server/auth/schema.pg';
import { users as sqliteUsers } from '../../server/directory/schema';
import { users as postgresUsers } from '../../server/directory/schema.pg';
import { bookmarkRepairs, BOOKMARKS_REPAIRED } from '../../server/extension/deployment/bookmark-repairs';
import { createExtensionSessionStore, PAIRING_CODE_MS } from '../../server/extension/extension-sessions';
import type { DeviceJwk } from '../../server/extension/device-proof';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import type { Engine, Storage } from '../../server/storage/storage';
import { createTestStorage } from '../helpers/test-storage';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const START = Date.UTC(2026, 10, 23, 8, 0, 0);
const PORTAL_SESSION_MS = 12 * 3_600_000;
const DEVICE_KEY: DeviceJwk = { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43) };
const JKT = 'device-thumbprint';

function clock() {
  let current = START;
  return { now: () => current, advance: (ms: number) => void (current += ms) };
}

/** A person and a signed-in portal session, as the directory and the auth feature would have made them. */
async function signedIn(storage: Storage, userId: string, sessionHash: string) {
  const person = { id: userId, username: userId, givenName: 'Ana', familyName: 'Ruiz', role: 'student' as const };
  const at = { createdAt: START, updatedAt: START };
  const session = {
    idHash: sessionHash,
    userId,
    method: 'password' as const,
    createdAt: START,
    lastSeenAt: START,
    expiresAt: START + PORTAL_SESSION_MS,
  };
  if (storage.engine === 'sqlite') {
    storage.db
      .insert(sqliteUsers)
      .values({ ...person, ...at })
      .run();
    storage.db.insert(sqliteSessions).values(session).run();
  } else {
    await storage.db.insert(postgresUsers).values({ ...person, ...at });
    await storage.db.insert(postgresSessions).values(session);
  }
}

async function signOut(storage: Storage, sessionHash: string) {
  const statement = sql`DELETE FROM sessions WHERE id_hash = ${sessionHash}`;
  if (storage.engine === 'sqlite') storage.db.run(statement);
  else await storage.db.execute(statement);
}

describe.each(ENGINES)('extension sessions on %s', (engine) => {
  const opened: Storage[] = [];
  afterAll(async () => Promise.all(opened.map((storage) => storage.close())));
  async function setUp() {
    const storage = await createTestStorage({ engine });
    opened.push(storage);
    const time = clock();
    await signedIn(storage, 'u-ana', 'portal-ana');
    return { storage, time, store: createExtensionSessionStore(storage, time.now) };
  }

  it('pairs once: a code opens one session bound to the device key, ending with the portal session', async () => {
    const { store } = await setUp();
    const pairing = (await store.createPairingCode('portal-ana', 'u-ana'))!;
    expect(pairing.expiresAt).toBe(START + PAIRING_CODE_MS);
    expect(await store.pairingCodeOwner(pairing.code)).toBe('u-ana');

    const paired = await store.redeemPairingCode(pairing.code, JKT, DEVICE_KEY);
    expect(paired).toEqual({
      ok: true,
      session: { id: expect.any(String), userId: 'u-ana', expiresAt: START + PORTAL_SESSION_MS },
    });
    const id = paired.ok ? paired.session.id : '';
    expect(await store.find(id)).toEqual({
      id,
      userId: 'u-ana',
      deviceJkt: JKT,
      deviceJwk: DEVICE_KEY,
      portalSessionHash: 'portal-ana',
    });
    expect(await store.redeemPairingCode(pairing.code, JKT, DEVICE_KEY)).toEqual({
      ok: false,
      code: 'pairing_code_used',
    });
  });

  it('refuses a made-up code and an expired one, and names no owner for a made-up one', async () => {
    const { store, time } = await setUp();
    expect(await store.redeemPairingCode('made-up', JKT, DEVICE_KEY)).toEqual({
      ok: false,
      code: 'pairing_code_invalid',
    });
    expect(await store.pairingCodeOwner('made-up')).toBeUndefined();
    const pairing = (await store.createPairingCode('portal-ana', 'u-ana'))!;
    time.advance(PAIRING_CODE_MS);
    expect(await store.redeemPairingCode(pairing.code, JKT, DEVICE_KEY)).toEqual({
      ok: false,
      code: 'pairing_code_expired',
    });
  });

  it('forgets a signed-out portal session’s codes and extension sessions', async () => {
    const { storage, store } = await setUp();
    const first = (await store.createPairingCode('portal-ana', 'u-ana'))!;
    const second = (await store.createPairingCode('portal-ana', 'u-ana'))!;
    const paired = await store.redeemPairingCode(first.code, JKT, DEVICE_KEY);
    await signOut(storage, 'portal-ana');
    expect(await store.find(paired.ok ? paired.session.id : '')).toBeUndefined();
    expect(await store.redeemPairingCode(second.code, JKT, DEVICE_KEY)).toEqual({
      ok: false,
      code: 'pairing_code_invalid',
    });
  });

  it('hands out at most five unused codes per portal session at once', async () => {
    const { store, time } = await setUp();
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await store.createPairingCode('portal-ana', 'u-ana'))!);
    expect(await store.createPairingCode('portal-ana', 'u-ana')).toBeUndefined();
    await store.redeemPairingCode(codes[0]!.code, JKT, DEVICE_KEY);
    expect(await store.createPairingCode('portal-ana', 'u-ana')).toBeDefined();
    time.advance(PAIRING_CODE_MS);
    expect(await store.createPairingCode('portal-ana', 'u-ana')).toBeDefined();
  });

  it('accepts a proof id once', async () => {
    const { store } = await setUp();
    expect(await store.spendProof('jti-1', START + 120_000)).toBe(true);
    expect(await store.spendProof('jti-1', START + 120_000)).toBe(false);
    expect(await store.spendProof('jti-2', START + 120_000)).toBe(true);
  });

  it('spends a proof id in the caller’s unit of work: if that fails, the proof is not spent', async () => {
    const { storage, store } = await setUp();
    await expect(
      storage.transaction(async (tx) => {
        expect(await store.spendProof('jti-tx', START + 120_000, tx)).toBe(true);
        throw new Error('the release failed');
      }),
    ).rejects.toThrow('the release failed');
    expect(await store.spendProof('jti-tx', START + 120_000)).toBe(true);
    await storage.transaction(async (tx) => {
      expect(await store.spendProof('jti-tx', START + 120_000, tx)).toBe(false);
    });
  });

  it('ends one session, or all of a person’s, at once', async () => {
    const { storage, store } = await setUp();
    await signedIn(storage, 'u-ben', 'portal-ben');
    const pair = async (portal: string, user: string) => {
      const pairing = (await store.createPairingCode(portal, user))!;
      const paired = await store.redeemPairingCode(pairing.code, JKT, DEVICE_KEY);
      return paired.ok ? paired.session.id : '';
    };
    const [ana1, ana2, ana3, ben] = [
      await pair('portal-ana', 'u-ana'),
      await pair('portal-ana', 'u-ana'),
      await pair('portal-ana', 'u-ana'),
      await pair('portal-ben', 'u-ben'),
    ];
    await store.end(ana1);
    expect(await store.find(ana1)).toBeUndefined();
    expect(await storage.transaction((tx) => store.endAllFor('u-ana', tx))).toBe(2);
    expect(await store.find(ana2)).toBeUndefined();
    expect(await store.find(ana3)).toBeUndefined();
    expect(await store.find(ben)).toBeDefined();
    expect(await store.endAllFor('u-ana')).toBe(0);
  });

  it('prunes spent proofs, codes and sessions past their end, and nothing else', async () => {
    const { store, time } = await setUp();
    await store.spendProof('old', START + 1_000);
    await store.spendProof('fresh', START + 10 * PAIRING_CODE_MS);
    await store.createPairingCode('portal-ana', 'u-ana');
    const kept = (await store.createPairingCode('portal-ana', 'u-ana'))!;
    time.advance(PAIRING_CODE_MS / 2);
    expect(await store.pruneExpired(START + 1_001)).toBe(1);
    expect(await store.pruneExpired(START + PAIRING_CODE_MS + 1)).toBe(2);
    expect(await store.spendProof('fresh', START + 10 * PAIRING_CODE_MS)).toBe(false);
    expect(await store.spendProof('old', START + 10 * PAIRING_CODE_MS)).toBe(true);
    expect(await store.pairingCodeOwner(kept.code)).toBeUndefined();
  });
});

describe('two portal processes on one PostgreSQL database', () => {
  const opened: Storage[] = [];
  afterAll(async () => Promise.all(opened.map((storage) => storage.close())));
  async function twoProcesses() {
    const first = await createTestStorage({ engine: 'postgres' });
    const second = await openPostgresStorage(first.url!, { maxConnections: 5 });
    opened.push(first, second);
    await signedIn(first, 'u-ana', 'portal-ana');
    const time = clock();
    return [createExtensionSessionStore(first, time.now), createExtensionSessionStore(second, time.now)] as const;
  }

  it('redeem one pairing code at the same moment: exactly one gets a session', async () => {
    const [one, two] = await twoProcesses();
    for (let round = 0; round < 5; round++) {
      const { code } = (await one.createPairingCode('portal-ana', 'u-ana'))!;
      const results = await Promise.all(
        [one, two, one, two].map((store) => store.redeemPairingCode(code, JKT, DEVICE_KEY)),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual([
        'pairing_code_used',
        'pairing_code_used',
        'pairing_code_used',
      ]);
    }
    expect(await one.endAllFor('u-ana')).toBe(5);
  });

  it('redeem a code while the portal session is signed out at the same moment: one wins, neither fails', async () => {
    // Redeeming locks the code, then the session (the new row's key); signing out deletes the session, then by
    // cascade the code. Unless redeeming takes the session first, the two can deadlock and one is aborted.
    const [one, two] = await twoProcesses();
    const [first, second] = opened.slice(-2) as [Storage, Storage];
    for (let round = 0; round < 12; round++) {
      const portalSession = `portal-race-${round}`;
      await signedIn(first, `u-race-${round}`, portalSession);
      const { code } = (await one.createPairingCode(portalSession, `u-race-${round}`))!;
      const outcomes = await Promise.allSettled([
        two.redeemPairingCode(code, JKT, DEVICE_KEY),
        signOut(round % 2 ? first : second, portalSession),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    }
  });

  it('spend one proof id at the same moment: exactly one succeeds', async () => {
    const [one, two] = await twoProcesses();
    for (let round = 0; round < 5; round++) {
      const jti = `jti-race-${round}`;
      const spent = await Promise.all([one, two, one, two].map((store) => store.spendProof(jti, START + 120_000)));
      expect(spent.filter(Boolean)).toHaveLength(1);
    }
  });

  it('ask for pairing codes at the same moment: still at most five unused ones', async () => {
    const [one, two] = await twoProcesses();
    const codes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).createPairingCode('portal-ana', 'u-ana')),
    );
    expect(codes.filter(Boolean)).toHaveLength(5);
  });
});

describe.each(ENGINES)('bookmark repairs on %s', (engine) => {
  it('adds up the counts from the audit log, per person, newest first; failures and bad counts add nothing', async () => {
    const storage = await createTestStorage({ engine });
    try {
      await signedIn(storage, 'u-ana', 'portal-ana');
      let at = START;
      const audit = createAuditLog(storage, () => (at += 1_000));
      const repaired = (userId: string, detail: Record<string, unknown>, outcome: 'success' | 'failure' = 'success') =>
        audit.record({ action: BOOKMARKS_REPAIRED, outcome, actorUserId: userId, subjectUserId: userId, detail });
      await repaired('u-ana', { count: 3 });
      await repaired('u-gone', { count: 4 });
      await repaired('u-ana', { count: 100 }, 'failure');
      await repaired('u-ana', { count: 'many' });
      await repaired('u-ana', { count: 2 });

      expect(await bookmarkRepairs(storage, 3)).toEqual({
        total: 9,
        people: 2,
        last: [
          { at: START + 5_000, userId: 'u-ana', displayName: 'Ana Ruiz', count: 2 },
          { at: START + 4_000, userId: 'u-ana', displayName: 'Ana Ruiz', count: 0 },
          { at: START + 2_000, userId: 'u-gone', displayName: null, count: 4 },
        ],
      });
    } finally {
      await storage.close();
    }
  });
});
