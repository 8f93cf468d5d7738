import { randomBytes } from 'node:crypto';
import type { SqliteStorage } from '../storage/storage';
import type { DeviceJwk } from './device-proof';
import {
  MAX_LIVE_PAIRING_CODES,
  PAIRING_CODE_MS,
  pairingCodeHash,
  type ExtensionSession,
  type ExtensionSessionStore,
  type PairingRefusal,
  type PairingResult,
} from './extension-sessions';

type SessionRow = Omit<ExtensionSession, 'deviceJwk'> & { deviceJwk: string };

/** Prepared statements: proofs are spent and sessions read on every extension call. */
export function sqliteExtensionSessions(storage: SqliteStorage, now: () => number): ExtensionSessionStore {
  const sqlite = storage.db.$client;
  const { run } = storage;
  // Guarded by the count in the same statement, so a page in a loop stops at the limit.
  const insertCode =
    sqlite.prepare(`INSERT INTO extension_pairings (code_hash, portal_session_hash, user_id, expires_at)
    SELECT :codeHash, :portalSessionHash, :userId, :expiresAt
    WHERE (SELECT count(*) FROM extension_pairings
           WHERE portal_session_hash = :portalSessionHash AND used_at IS NULL AND expires_at > :now) < :limit`);
  const spendCode = sqlite.prepare(`UPDATE extension_pairings SET used_at = :now
    WHERE code_hash = :codeHash AND used_at IS NULL AND expires_at > :now
    RETURNING portal_session_hash AS portalSessionHash, user_id AS userId`);
  const readCode = sqlite.prepare(
    'SELECT used_at AS usedAt, expires_at AS expiresAt FROM extension_pairings WHERE code_hash = ?',
  );
  // The extension session ends when its portal session would at the latest.
  const portalSessionEnd = sqlite.prepare('SELECT expires_at FROM sessions WHERE id_hash = ?').pluck();
  const codeOwner = sqlite.prepare('SELECT user_id FROM extension_pairings WHERE code_hash = ?').pluck();
  const insertSession = sqlite.prepare(`INSERT INTO extension_sessions (id, portal_session_hash, user_id, device_jkt,
    device_jwk, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const readSession = sqlite.prepare(`SELECT id, user_id AS userId, device_jkt AS deviceJkt, device_jwk AS deviceJwk,
    portal_session_hash AS portalSessionHash FROM extension_sessions WHERE id = ?`);
  const insertProof = sqlite.prepare('INSERT INTO used_proofs (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const removeForUser = sqlite.prepare('DELETE FROM extension_sessions WHERE user_id = ?');
  const removeOne = sqlite.prepare('DELETE FROM extension_sessions WHERE id = ?');
  const pruneStatements = ['used_proofs', 'extension_pairings', 'extension_sessions'].map((table) =>
    sqlite.prepare(`DELETE FROM ${table} WHERE expires_at < ?`),
  );

  const refusalFor = (codeHash: string, at: number): PairingRefusal => {
    const pairing = readCode.get(codeHash) as { usedAt: number | null; expiresAt: number } | undefined;
    if (!pairing) return 'pairing_code_invalid';
    if (pairing.usedAt !== null) return 'pairing_code_used';
    return at >= pairing.expiresAt ? 'pairing_code_expired' : 'pairing_code_used';
  };

  const redeem = sqlite.transaction((code: string, jkt: string, jwk: DeviceJwk): PairingResult => {
    const codeHash = pairingCodeHash(code);
    const at = now();
    const spent = spendCode.get({ now: at, codeHash }) as { portalSessionHash: string; userId: string } | undefined;
    if (!spent) return { ok: false, code: refusalFor(codeHash, at) };
    const expiresAt = portalSessionEnd.get(spent.portalSessionHash) as number | undefined;
    if (expiresAt === undefined) return { ok: false, code: 'pairing_code_invalid' };
    const session = { id: randomBytes(16).toString('base64url'), userId: spent.userId, expiresAt };
    insertSession.run(session.id, spent.portalSessionHash, session.userId, jkt, JSON.stringify(jwk), at, expiresAt);
    return { ok: true, session };
  });
  const prune = sqlite.transaction((at: number) =>
    pruneStatements.map((statement) => statement.run(at).changes).reduce((a, b) => a + b, 0),
  );

  return {
    async createPairingCode(portalSessionHash, userId) {
      const code = randomBytes(16).toString('base64url');
      const at = now();
      const expiresAt = at + PAIRING_CODE_MS;
      const row = { codeHash: pairingCodeHash(code), portalSessionHash, userId, expiresAt, now: at };
      const inserted = await run(undefined, () => insertCode.run({ ...row, limit: MAX_LIVE_PAIRING_CODES }).changes);
      return inserted === 1 ? { code, expiresAt } : undefined;
    },
    redeemPairingCode: async (code, jkt, jwk) => run(undefined, () => redeem(code, jkt, jwk)),
    pairingCodeOwner: async (code) => run(undefined, () => codeOwner.get(pairingCodeHash(code)) as string | undefined),
    async find(id) {
      const row = (await run(undefined, () => readSession.get(id))) as SessionRow | undefined;
      return row && { ...row, deviceJwk: JSON.parse(row.deviceJwk) as DeviceJwk };
    },
    spendProof: async (jti, expiresAt, tx) => run(tx, () => insertProof.run(jti, expiresAt).changes === 1),
    async end(id, tx) {
      await run(tx, () => removeOne.run(id));
    },
    endAllFor: async (userId, tx) => run(tx, () => removeForUser.run(userId).changes),
    pruneExpired: async (at) => run(undefined, () => prune(at)),
  };
}
