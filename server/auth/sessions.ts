import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connection';

export type SignInMethod = 'password' | 'badge' | 'totp';

export interface Session {
  idHash: string;
  userId: string;
  method: SignInMethod;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface SessionStore {
  /** A new random id (256 bits) for every sign-in; returns the cookie value, which is never stored. */
  create(userId: string, method: SignInMethod): { token: string; expiresAt: number };
  /** The live session for a cookie value, or undefined if unknown, idle too long or past its end. */
  resolve(token: string): Session | undefined;
  /** Whose live session a cookie value is, without counting it as use (the idle timeout runs on). */
  peek(token: string): Session | undefined;
  /** The same by the stored hash, for a session that hangs off this one (the extension's). */
  peekByHash(idHash: string): Session | undefined;
  end(token: string): void;
  endAllFor(userId: string): void;
}

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
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

export function createSessionStore(db: Db, now: () => number, timeouts: SessionTimeouts): SessionStore {
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    'INSERT INTO sessions (id_hash, user_id, method, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const read = sqlite.prepare(`SELECT id_hash AS idHash, user_id AS userId, method, created_at AS createdAt,
    last_seen_at AS lastSeenAt, expires_at AS expiresAt FROM sessions WHERE id_hash = ?`);
  const touch = sqlite.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
  const remove = sqlite.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeForUser = sqlite.prepare('DELETE FROM sessions WHERE user_id = ?');

  function peekByHash(idHash: string) {
    const session = read.get(idHash) as Session | undefined;
    return session && isSessionLive(session, now(), timeouts) ? session : undefined;
  }

  return {
    create(userId, method) {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const expiresAt = at + timeouts.absoluteMs;
      insert.run(hashToken(token), userId, method, at, at, expiresAt);
      return { token, expiresAt };
    },
    resolve(token) {
      const idHash = hashToken(token);
      const session = read.get(idHash) as Session | undefined;
      if (!session) return undefined;
      const at = now();
      if (!isSessionLive(session, at, timeouts)) {
        remove.run(idHash);
        return undefined;
      }
      if (at - session.lastSeenAt >= TOUCH_INTERVAL_MS) touch.run(at, idHash);
      return session;
    },
    peek: (token) => peekByHash(hashToken(token)),
    peekByHash,
    end: (token) => void remove.run(hashToken(token)),
    endAllFor: (userId) => void removeForUser.run(userId),
  };
}
