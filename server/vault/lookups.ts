import type { AppCatalog } from '../apps/catalog';
import type { Db } from '../db/connection';
import type { Directory } from '../directory/directory';
import type { Lookups } from './csv-transfer';

/** Name ↔ id look-ups the CSV transfer needs. */
export function createLookups(db: Db, catalog: AppCatalog, directory: Directory): Lookups {
  const orgByIdOrName = db.$client.prepare('SELECT id FROM orgs WHERE id = ? OR name = ? LIMIT 1').pluck();
  // TRANSITION: synchronous reads until the CSV transfer is on the storage seam.
  const idByUsername = db.$client.prepare('SELECT id FROM users WHERE username = ?').pluck();
  const usernameOf = db.$client.prepare('SELECT username FROM users WHERE id = ?').pluck();
  void directory;
  return {
    appIdBySlug: (slug) => catalog.all().find((app) => app.slug === slug)?.id,
    appSlugById: (id) => catalog.byId(id)?.slug ?? id,
    userIdByUsername: (username) => idByUsername.get(username) as string | undefined,
    usernameById: (id) => (usernameOf.get(id) as string | undefined) ?? id,
    orgIdByIdOrName: (value) => orgByIdOrName.get(value, value) as string | undefined,
  };
}
