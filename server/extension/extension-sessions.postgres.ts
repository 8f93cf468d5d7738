import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { sessions } from '../auth/schema.pg';
import type { PostgresExecutor, PostgresStorage } from '../storage/storage';
import {
  MAX_LIVE_PAIRING_CODES,
  PAIRING_CODE_MS,
  pairingCodeHash,
  type ExtensionSessionStore,
  type PairingRefusal,
} from './extension-sessions';
import { extensionPairings, extensionSessions, usedProofs } from './schema.pg';

async function refusalFor(db: PostgresExecutor, codeHash: string, at: number): Promise<PairingRefusal> {
  const [pairing] = await db
    .select({ usedAt: extensionPairings.usedAt, expiresAt: extensionPairings.expiresAt })
    .from(extensionPairings)
    .where(eq(extensionPairings.codeHash, codeHash));
  if (!pairing) return 'pairing_code_invalid';
  if (pairing.usedAt !== null) return 'pairing_code_used';
  return at >= pairing.expiresAt ? 'pairing_code_expired' : 'pairing_code_used';
}

export function postgresExtensionSessions(storage: PostgresStorage, now: () => number): ExtensionSessionStore {
  const { db } = storage;
  // Prepared once: every extension call reads its session and spends a proof.
  const findSession = db
    .select({
      id: extensionSessions.id,
      userId: extensionSessions.userId,
      deviceJkt: extensionSessions.deviceJkt,
      deviceJwk: extensionSessions.deviceJwk,
      portalSessionHash: extensionSessions.portalSessionHash,
    })
    .from(extensionSessions)
    .where(eq(extensionSessions.id, sql.placeholder('id')))
    .prepare('extension_session_by_id');
  const insertProof = db
    .insert(usedProofs)
    .values({ jti: sql.placeholder('jti'), expiresAt: sql.placeholder('expiresAt') })
    .onConflictDoNothing()
    .returning({ jti: usedProofs.jti })
    .prepare('extension_spend_proof');

  return {
    createPairingCode: (portalSessionHash, userId) =>
      storage.transaction(async (tx) => {
        const exec = storage.executor(tx);
        // Two processes counting at once would both see room: the count and the insert go one session at a time.
        await exec.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${portalSessionHash}, 0))`);
        const at = now();
        const [{ live } = { live: 0 }] = await exec
          .select({ live: sql<number>`count(*)::int` })
          .from(extensionPairings)
          .where(
            and(
              eq(extensionPairings.portalSessionHash, portalSessionHash),
              isNull(extensionPairings.usedAt),
              gt(extensionPairings.expiresAt, at),
            ),
          );
        if (live >= MAX_LIVE_PAIRING_CODES) return undefined;
        const code = randomBytes(16).toString('base64url');
        const expiresAt = at + PAIRING_CODE_MS;
        await exec
          .insert(extensionPairings)
          .values({ codeHash: pairingCodeHash(code), portalSessionHash, userId, expiresAt });
        return { code, expiresAt };
      }),

    redeemPairingCode: (code, jkt, jwk) =>
      storage.transaction(async (tx) => {
        const exec = storage.executor(tx);
        const codeHash = pairingCodeHash(code);
        const at = now();
        // The portal session first (KEY SHARE, as the new row's foreign key will take it), then the code: the
        // order sign-out and deactivation lock them in, deleting the session and with it, by cascade, the
        // code. Locked the other way round, the two would deadlock.
        await exec.execute(sql`SELECT 1 FROM sessions WHERE id_hash =
          (SELECT portal_session_hash FROM extension_pairings WHERE code_hash = ${codeHash}) FOR KEY SHARE`);
        // The guarded update decides: a second redeem (here or in another process) waits for this one's
        // commit, then matches no row.
        const [spent] = await exec
          .update(extensionPairings)
          .set({ usedAt: at })
          .where(
            and(
              eq(extensionPairings.codeHash, codeHash),
              isNull(extensionPairings.usedAt),
              gt(extensionPairings.expiresAt, at),
            ),
          )
          .returning({ portalSessionHash: extensionPairings.portalSessionHash, userId: extensionPairings.userId });
        if (!spent) return { ok: false, code: await refusalFor(exec, codeHash, at) };
        const [portal] = await exec
          .select({ expiresAt: sessions.expiresAt })
          .from(sessions)
          .where(eq(sessions.idHash, spent.portalSessionHash));
        if (!portal) return { ok: false, code: 'pairing_code_invalid' };
        const session = {
          id: randomBytes(16).toString('base64url'),
          userId: spent.userId,
          expiresAt: portal.expiresAt,
        };
        await exec.insert(extensionSessions).values({
          id: session.id,
          portalSessionHash: spent.portalSessionHash,
          userId: session.userId,
          deviceJkt: jkt,
          deviceJwk: jwk,
          createdAt: at,
          expiresAt: session.expiresAt,
        });
        return { ok: true, session };
      }),

    async pairingCodeOwner(code) {
      const [row] = await db
        .select({ userId: extensionPairings.userId })
        .from(extensionPairings)
        .where(eq(extensionPairings.codeHash, pairingCodeHash(code)));
      return row?.userId;
    },
    find: async (id) => (await findSession.execute({ id }))[0],
    async spendProof(jti, expiresAt, tx) {
      const spent = tx
        ? await storage
            .executor(tx)
            .insert(usedProofs)
            .values({ jti, expiresAt })
            .onConflictDoNothing()
            .returning({ jti: usedProofs.jti })
        : await insertProof.execute({ jti, expiresAt });
      return spent.length === 1;
    },
    async end(id, tx) {
      await storage.executor(tx).delete(extensionSessions).where(eq(extensionSessions.id, id));
    },
    async endAllFor(userId, tx) {
      const ended = await storage.executor(tx).delete(extensionSessions).where(eq(extensionSessions.userId, userId));
      return ended.rowCount ?? 0;
    },
    pruneExpired: (at) =>
      storage.transaction(async (tx) => {
        const exec = storage.executor(tx);
        let deleted = 0;
        for (const table of [usedProofs, extensionPairings, extensionSessions]) {
          deleted += (await exec.delete(table).where(lt(table.expiresAt, at))).rowCount ?? 0;
        }
        return deleted;
      }),
  };
}
