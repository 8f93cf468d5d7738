import type { AppCatalog } from '../apps/catalog';
import type { Db } from '../db/connection';
import type { Directory } from '../directory/directory';
import type { Lookups } from './csv-transfer';

/** Name ↔ id look-ups the CSV transfer needs. */
export function createLookups(db: Db, catalog: AppCatalog, directory: Directory): Lookups {
  const orgByIdOrName = db.$client.prepare('SELECT id FROM orgs WHERE id = ? OR name = ? LIMIT 1').pluck();
  return {
    appIdBySlug: (slug) => catalog.all().find((app) => app.slug === slug)?.id,
    appSlugById: (id) => catalog.byId(id)?.slug ?? id,
    userIdByUsername: (username) => directory.findByUsername(username)?.id,
    usernameById: (id) => directory.findById(id)?.username ?? id,
    orgIdByIdOrName: (value) => orgByIdOrName.get(value, value) as string | undefined,
  };
}
