import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connection';
import type { DeviceJwk } from './device-proof';
import { PROOF_WINDOW_MS } from './device-proof';

/** A pairing code lives one minute; the portal page hands it to the extension at once. */
export const PAIRING_CODE_MS = 60_000;

/** A page pairs once; a few spare allow for reloads and a second window. */
const MAX_LIVE_PAIRING_CODES = 5;

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');

export interface ExtensionSession {
  id: string;
  userId: string;
  deviceJkt: string;
  deviceJwk: DeviceJwk;
  /** The portal session it hangs off: the extension session ends when that one would. */
  portalSessionHash: string;
}

export type PairingResult =
  | { ok: true; session: { id: string; userId: string; expiresAt: number } }
  | { ok: false; code: 'pairing_code_invalid' | 'pairing_code_used' | 'pairing_code_expired' };

/** Pairing codes, extension sessions and spent proof ids. */
export function createExtensionSessionStore(db: Db, now: () => number) {
  const sqlite = db.$client;
  const liveCodes = sqlite
    .prepare(
      'SELECT count(*) FROM extension_pairings WHERE portal_session_hash = ? AND used_at IS NULL AND expires_at > ?',
    )
    .pluck();
  const insertCode = sqlite.prepare(
    'INSERT INTO extension_pairings (code_hash, portal_session_hash, user_id, expires_at) VALUES (?, ?, ?, ?)',
  );
  const readCode = sqlite.prepare(`SELECT p.portal_session_hash AS portalSessionHash, p.user_id AS userId,
    p.expires_at AS expiresAt, p.used_at AS usedAt, s.expires_at AS portalExpiresAt
    FROM extension_pairings p JOIN sessions s ON s.id_hash = p.portal_session_hash WHERE p.code_hash = ?`);
  const spendCode = sqlite.prepare('UPDATE extension_pairings SET used_at = ? WHERE code_hash = ? AND used_at IS NULL');
  const codeOwner = sqlite.prepare('SELECT user_id FROM extension_pairings WHERE code_hash = ?').pluck();
  const insertSession = sqlite.prepare(`INSERT INTO extension_sessions (id, portal_session_hash, user_id, device_jkt,
    device_jwk, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const readSession = sqlite.prepare(`SELECT id, user_id AS userId, device_jkt AS deviceJkt, device_jwk AS deviceJwk,
    portal_session_hash AS portalSessionHash FROM extension_sessions WHERE id = ?`);
  const insertProof = sqlite.prepare('INSERT OR IGNORE INTO used_proofs (jti, expires_at) VALUES (?, ?)');
  const removeForUser = sqlite.prepare('DELETE FROM extension_sessions WHERE user_id = ?');
  const removeOne = sqlite.prepare('DELETE FROM extension_sessions WHERE id = ?');

  const redeem = sqlite.transaction((code: string, jkt: string, jwk: DeviceJwk): PairingResult => {
    const codeHash = hash(code);
    const pairing = readCode.get(codeHash) as
      | { portalSessionHash: string; userId: string; expiresAt: number; usedAt: number | null; portalExpiresAt: number }
      | undefined;
    if (!pairing) return { ok: false, code: 'pairing_code_invalid' };
    if (pairing.usedAt !== null) return { ok: false, code: 'pairing_code_used' };
    if (now() >= pairing.expiresAt) return { ok: false, code: 'pairing_code_expired' };
    // Guarded: a second request that read the same unused code in parallel (another process) spends nothing.
    if (spendCode.run(now(), codeHash).changes !== 1) return { ok: false, code: 'pairing_code_used' };
    const session = {
      id: randomBytes(16).toString('base64url'),
      userId: pairing.userId,
      expiresAt: pairing.portalExpiresAt,
    };
    insertSession.run(
      session.id,
      pairing.portalSessionHash,
      session.userId,
      jkt,
      JSON.stringify(jwk),
      now(),
      session.expiresAt,
    );
    return { ok: true, session };
  });

  return {
    /**
     * A one-time code for the portal page to hand to the extension (never a token); undefined when the
     * session already has enough unused ones, so a page in a loop cannot fill the table.
     */
    createPairingCode(portalSessionHash: string, userId: string) {
      if ((liveCodes.get(portalSessionHash, now()) as number) >= MAX_LIVE_PAIRING_CODES) return undefined;
      const code = randomBytes(16).toString('base64url');
      const expiresAt = now() + PAIRING_CODE_MS;
      insertCode.run(hash(code), portalSessionHash, userId, expiresAt);
      return { code, expiresAt };
    },
    redeemPairingCode: (code: string, jkt: string, jwk: DeviceJwk) => redeem(code, jkt, jwk),
    /** Whose portal session asked for this code, for the audit of a refused pairing. */
    pairingCodeOwner: (code: string) => codeOwner.get(hash(code)) as string | undefined,
    find(id: string): ExtensionSession | undefined {
      const row = readSession.get(id) as (Omit<ExtensionSession, 'deviceJwk'> & { deviceJwk: string }) | undefined;
      return row && { ...row, deviceJwk: JSON.parse(row.deviceJwk) };
    },
    /** Records a proof id; false when it was seen before (a replay). */
    spendProof: (jti: string) => insertProof.run(jti, now() + 2 * PROOF_WINDOW_MS).changes === 1,
    end: (id: string) => void removeOne.run(id),
    endAllFor: (userId: string) => removeForUser.run(userId).changes,
  };
}

export type ExtensionSessionStore = ReturnType<typeof createExtensionSessionStore>;
