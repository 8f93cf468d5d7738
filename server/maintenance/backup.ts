import Database from 'better-sqlite3';
import type { Db } from '../db/connection';

/**
 * Copies the live database to `destination` with SQLite's online backup API (the portal keeps serving),
 * then opens the copy and runs `integrity_check`. Throws if the copy is not sound.
 */
export async function backupDatabase(db: Db, destination: string): Promise<{ pages: number }> {
  const { totalPages } = await db.$client.backup(destination);
  const copy = new Database(destination, { readonly: true });
  try {
    const verdict = copy.pragma('integrity_check', { simple: true });
    if (verdict !== 'ok')
      throw new Error(`The backup at ${destination} failed its integrity check: ${String(verdict)}`);
  } finally {
    copy.close();
  }
  return { pages: totalPages };
}
