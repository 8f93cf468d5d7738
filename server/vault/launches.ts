import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection';
import type { FillFailureReason, FILL_OUTCOMES } from '../../shared/vault/fill-outcome';

/** A tile click leaves the extension about a minute to ask for the credential. */
export const LAUNCH_MS = 60_000;

export interface Launch {
  id: string;
  userId: string;
  appId: string;
  createdAt: number;
  expiresAt: number;
  releasedAt: number | null;
  entryId: string | null;
  entryVersion: number | null;
}

export interface AppHealth {
  appId: string;
  launches: number;
  succeeded: number;
  failed: number;
  /** Succeeded out of launches that reported a final outcome; null before any did. */
  successRate: number | null;
  lastFailure: { at: number; reason: string } | null;
  heldCredentials: number;
}

const HEALTH_WINDOW_MS = 30 * 24 * 3_600_000;

/** Launches and what the extension reported about them; plus the lockout holds they may cause. */
export function createLaunchStore(db: Db, now: () => number) {
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    'INSERT INTO launches (id, user_id, app_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const read = sqlite.prepare(`SELECT id, user_id AS userId, app_id AS appId, created_at AS createdAt,
    expires_at AS expiresAt, released_at AS releasedAt, entry_id AS entryId, entry_version AS entryVersion
    FROM launches WHERE id = ?`);
  const release = sqlite.prepare(
    'UPDATE launches SET released_at = ?, entry_id = ?, entry_version = ? WHERE id = ? AND released_at IS NULL',
  );
  const outcome = sqlite.prepare('UPDATE launches SET outcome = ?, outcome_reason = ?, outcome_at = ? WHERE id = ?');
  const holdFor = sqlite.prepare(
    'SELECT reason, held_at AS heldAt FROM credential_holds WHERE entry_id = ? AND user_id = ? AND entry_version = ?',
  );
  const placeHold = sqlite.prepare(`INSERT INTO credential_holds (entry_id, user_id, entry_version, reason, held_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (entry_id, user_id) DO UPDATE SET entry_version = excluded.entry_version,
    reason = excluded.reason, held_at = excluded.held_at`);
  const clearHold = sqlite.prepare('DELETE FROM credential_holds WHERE entry_id = ? AND user_id = ?');
  const health = sqlite.prepare(`SELECT l.app_id AS appId, count(*) AS launches,
      coalesce(sum(l.outcome = 'succeeded'), 0) AS succeeded, coalesce(sum(l.outcome = 'failed'), 0) AS failed,
      (SELECT json_object('at', f.outcome_at, 'reason', f.outcome_reason) FROM launches f
        WHERE f.app_id = l.app_id AND f.outcome = 'failed' ORDER BY f.outcome_at DESC LIMIT 1) AS lastFailure,
      (SELECT count(*) FROM credential_holds h JOIN vault_entries e ON e.id = h.entry_id
        WHERE e.app_id = l.app_id AND h.entry_version = e.version) AS heldCredentials
    FROM launches l WHERE l.created_at >= ? GROUP BY l.app_id ORDER BY l.app_id`);

  return {
    create(userId: string, appId: string): Launch {
      const launch = {
        id: randomBytes(16).toString('base64url'),
        userId,
        appId,
        createdAt: now(),
        expiresAt: now() + LAUNCH_MS,
        releasedAt: null,
        entryId: null,
        entryVersion: null,
      };
      insert.run(launch.id, userId, appId, launch.createdAt, launch.expiresAt);
      return launch;
    },
    find: (id: string) => read.get(id) as Launch | undefined,
    /** Marks the launch used; false when another request already did. */
    markReleased: (id: string, entryId: string, entryVersion: number) =>
      release.run(now(), entryId, entryVersion, id).changes === 1,
    recordOutcome(id: string, reported: (typeof FILL_OUTCOMES)[number], reason: FillFailureReason | null) {
      outcome.run(reported, reason, now(), id);
    },
    /** The hold on this value of the entry for this person, if the site rejected it. */
    holdOn: (entryId: string, userId: string, entryVersion: number) =>
      holdFor.get(entryId, userId, entryVersion) as { reason: string; heldAt: number } | undefined,
    placeHold: (entryId: string, userId: string, entryVersion: number, reason: string) =>
      void placeHold.run(entryId, userId, entryVersion, reason, now()),
    liftHold: (entryId: string, userId: string) => clearHold.run(entryId, userId).changes > 0,
    health(): AppHealth[] {
      const rows = health.all(now() - HEALTH_WINDOW_MS) as (Omit<AppHealth, 'lastFailure' | 'successRate'> & {
        lastFailure: string | null;
      })[];
      return rows.map((row) => {
        const reported = row.succeeded + row.failed;
        return {
          ...row,
          successRate: reported === 0 ? null : row.succeeded / reported,
          lastFailure: row.lastFailure ? JSON.parse(row.lastFailure) : null,
        };
      });
    },
  };
}

export type LaunchStore = ReturnType<typeof createLaunchStore>;
