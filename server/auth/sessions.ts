import { createHash, randomBytes } from 'node:crypto';
import type { SignInStep } from '../../shared/accounts';
import { byEngine, type Storage, type Tx } from '../storage/storage';
import { postgresSessionRecords } from './sessions.postgres';
import { sqliteSessionRecords } from './sessions.sqlite';

export type SignInMethod = 'password' | 'badge' | 'totp';

export interface Session {
  idHash: string;
  userId: string;
  method: SignInMethod;
  /** The badge a badge sign-in used; null for other sign-ins. */
  badgeId: string | null;
  /** A step the session must take before it reaches anything else; null for a full session. */
  pending: SignInStep | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface SessionStore {
  /**
   * A new random id (256 bits) for every sign-in; returns the cookie value, which is never stored. A badge
   * sign-in names its badge (voiding it ends the session) and may end sooner than usual (`endsBy`: the badge's
   * own expiry). A session `pending` a step (a code, enrolment, a new password) reaches only that step.
   */
  create(
    userId: string,
    method: SignInMethod,
    options?: { badgeId?: string; endsBy?: number | null; pending?: SignInStep },
    tx?: Tx,
  ): Promise<{ token: string; expiresAt: number }>;
  /** The live session for a cookie value, or undefined if unknown, idle too long or past its end. */
  resolve(token: string): Promise<Session | undefined>;
  /** Whose live session a cookie value is, without counting it as use (the idle timeout runs on). */
  peek(token: string): Promise<Session | undefined>;
  /** The same by the stored hash, for a session that hangs off this one (the extension's). */
  peekByHash(idHash: string): Promise<Session | undefined>;
  /** Signs out: the cookie value stops working on every portal process. */
  end(token: string): Promise<void>;
  /**
   * Ends every session of a person (their extension sessions go with them); with `tx`, in the caller's unit of
   * work. Returns how many there were.
   */
  endAllFor(userId: string, tx?: Tx): Promise<number>;
  /** Ends the sessions these badges made (voided, regenerated); with `tx`, in the caller's unit of work. */
  endAllForBadges(badgeIds: readonly string[], tx?: Tx): Promise<number>;
  /** Ends every session made with any badge (the year-end void). */
  endAllBadgeSessions(tx?: Tx): Promise<number>;
  /** Housekeeping: deletes the sessions that have ended by `at` (idle too long or past their end); returns how many. */
  pruneExpired(at: number): Promise<number>;
}

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

/** What each engine's adapter stores and reads; the rules (ids, timeouts, touching) are `createSessionStore`'s. */
export interface SessionRecords {
  insert(session: Session, tx?: Tx): Promise<void>;
  find(idHash: string): Promise<Session | undefined>;
  touch(idHash: string, at: number): Promise<void>;
  remove(idHash: string): Promise<void>;
  removeAllFor(userId: string, tx?: Tx): Promise<number>;
  /** Removes the sessions made with any of these badges, or with any badge at all when `badgeIds` is 'all'. */
  removeForBadges(badgeIds: readonly string[] | 'all', tx?: Tx): Promise<number>;
  /** Deletes sessions past their end (`expires_at <= at`) or last seen at or before `idleSince`. */
  removeEnded(at: number, idleSince: number): Promise<number>;
}

/** Whether a session is still live at `at`: before its absolute end and not idle too long. */
const isSessionLive = (
  session: Pick<Session, 'lastSeenAt' | 'expiresAt'>,
  at: number,
  timeouts: Pick<SessionTimeouts, 'idleMs'>,
) => at < session.expiresAt && at - session.lastSeenAt < timeouts.idleMs;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Only `last_seen_at` is touched on use, and at most once a minute, to keep the dashboard read-only. */
const TOUCH_INTERVAL_MS = 60_000;

/** Portal sessions, on the configured engine: any portal process sharing the database honours them. */
export function createSessionStore(storage: Storage, now: () => number, timeouts: SessionTimeouts): SessionStore {
  const records = byEngine(storage, { sqlite: sqliteSessionRecords, postgres: postgresSessionRecords });

  async function peekByHash(idHash: string) {
    const session = await records.find(idHash);
    return session && isSessionLive(session, now(), timeouts) ? session : undefined;
  }

  return {
    async create(userId, method, options = {}, tx) {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const expiresAt = Math.min(at + timeouts.absoluteMs, options.endsBy ?? Infinity);
      const badgeId = options.badgeId ?? null;
      const pending = options.pending ?? null;
      const idHash = hashToken(token);
      await records.insert({ idHash, userId, method, badgeId, pending, createdAt: at, lastSeenAt: at, expiresAt }, tx);
      return { token, expiresAt };
    },
    async resolve(token) {
      const idHash = hashToken(token);
      const session = await records.find(idHash);
      if (!session) return undefined;
      const at = now();
      if (!isSessionLive(session, at, timeouts)) {
        await records.remove(idHash);
        return undefined;
      }
      if (at - session.lastSeenAt >= TOUCH_INTERVAL_MS) await records.touch(idHash, at);
      return session;
    },
    peek: (token) => peekByHash(hashToken(token)),
    peekByHash,
    end: (token) => records.remove(hashToken(token)),
    endAllFor: (userId, tx) => records.removeAllFor(userId, tx),
    endAllForBadges: async (badgeIds, tx) => (badgeIds.length ? records.removeForBadges(badgeIds, tx) : 0),
    endAllBadgeSessions: (tx) => records.removeForBadges('all', tx),
    pruneExpired: (at) => records.removeEnded(at, at - timeouts.idleMs),
  };
}
