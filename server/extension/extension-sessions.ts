import { createHash } from 'node:crypto';
import { byEngine, type Storage, type Tx } from '../storage/storage';
import type { DeviceJwk } from './device-proof';
import { sqliteExtensionSessions } from './extension-sessions.sqlite';
import { postgresExtensionSessions } from './extension-sessions.postgres';

/** A pairing code lives one minute; the portal page hands it to the extension at once. */
export const PAIRING_CODE_MS = 60_000;

/** A page pairs once; a few spare allow for reloads and a second window. */
export const MAX_LIVE_PAIRING_CODES = 5;

/** Only a hash of a pairing code is stored. */
export const pairingCodeHash = (code: string) => createHash('sha256').update(code).digest('base64url');

export interface ExtensionSession {
  id: string;
  userId: string;
  deviceJkt: string;
  deviceJwk: DeviceJwk;
  /** The portal session it hangs off: the extension session ends when that one would. */
  portalSessionHash: string;
}

export type PairingRefusal = 'pairing_code_invalid' | 'pairing_code_used' | 'pairing_code_expired';

export type PairingResult =
  { ok: true; session: { id: string; userId: string; expiresAt: number } } | { ok: false; code: PairingRefusal };

/** Pairing codes, extension sessions and spent proof ids. */
export interface ExtensionSessionStore {
  /**
   * A one-time code for the portal page to hand to the extension (never a token); undefined when the
   * session already has enough unused ones, so a page in a loop cannot fill the table.
   */
  createPairingCode(
    portalSessionHash: string,
    userId: string,
  ): Promise<{ code: string; expiresAt: number } | undefined>;
  /**
   * Spends the code and opens an extension session bound to the device key, in one transaction. The guarded
   * update decides: of several requests (or processes) redeeming one code, exactly one gets a session.
   */
  redeemPairingCode(code: string, jkt: string, jwk: DeviceJwk): Promise<PairingResult>;
  /** Whose portal session asked for this code, for the audit of a refused pairing. */
  pairingCodeOwner(code: string): Promise<string | undefined>;
  find(id: string): Promise<ExtensionSession | undefined>;
  /** Records a proof id until `expiresAt`; false when it was seen before (a replay), by this process or another. */
  spendProof(jti: string, expiresAt: number, tx?: Tx): Promise<boolean>;
  end(id: string, tx?: Tx): Promise<void>;
  /** Ends every extension session of one person; returns how many there were. */
  endAllFor(userId: string, tx?: Tx): Promise<number>;
  /** Forgets spent proof ids, pairing codes and extension sessions past their end; returns the rows deleted. */
  pruneExpired(now: number): Promise<number>;
}

/** The extension's sessions, on the configured engine. */
export function createExtensionSessionStore(storage: Storage, now: () => number = Date.now): ExtensionSessionStore {
  return byEngine(storage, {
    sqlite: (sqlite) => sqliteExtensionSessions(sqlite, now),
    postgres: (postgres) => postgresExtensionSessions(postgres, now),
  });
}
