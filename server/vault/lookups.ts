import type { AppCatalog } from '../apps/catalog';
import type { Directory } from '../directory/directory';
import type { Lookups } from './csv-transfer';

/**
 * Name ↔ id look-ups the CSV transfer needs: apps from the catalog's cache, people and campuses from the
 * directory. Each look-up answers for the moment it is asked; a transfer remembers its own answers.
 */
export function createLookups(catalog: AppCatalog, directory: Directory): Lookups {
  return {
    appIdBySlug: (slug) => catalog.all().find((app) => app.slug === slug)?.id,
    appSlugById: (id) => catalog.byId(id)?.slug ?? id,
    userIdByUsername: async (username) => (await directory.findByUsername(username))?.id,
    usernameById: async (id) => (await directory.findById(id))?.username ?? id,
    async orgIdByIdOrName(value) {
      const campuses = await directory.campuses();
      return (campuses.find((campus) => campus.id === value) ?? campuses.find((campus) => campus.name === value))?.id;
    },
  };
}

/** Look-ups that ask each question once: an import of thousands of rows names the same few campuses. */
export function rememberingLookups(lookups: Lookups): Lookups {
  const remember = <T>(ask: (key: string) => Promise<T>) => {
    const answers = new Map<string, Promise<T>>();
    return (key: string) => answers.get(key) ?? answers.set(key, ask(key)).get(key)!;
  };
  return {
    ...lookups,
    userIdByUsername: remember(lookups.userIdByUsername),
    usernameById: remember(lookups.usernameById),
    orgIdByIdOrName: remember(lookups.orgIdByIdOrName),
  };
}
