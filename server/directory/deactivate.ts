import type { Db } from '../db/connection';

/**
 * Turns a person's account off and ends everything that lets them in, in one transaction: portal sessions
 * (and with them, by cascade, extension sessions and pairing codes) and launches not yet released.
 * The roster import calls this for people who left; nothing about them is deleted.
 */
export function deactivatePerson(db: Db, userId: string, now: number): boolean {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const changed = sqlite
      .prepare("UPDATE users SET status = 'disabled', updated_at = ? WHERE id = ? AND status = 'active'")
      .run(now, userId).changes;
    sqlite.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    sqlite.prepare('DELETE FROM extension_sessions WHERE user_id = ?').run(userId);
    sqlite.prepare('DELETE FROM launches WHERE user_id = ? AND released_at IS NULL').run(userId);
    return changed > 0;
  })();
}
