import { and, desc, eq, max } from 'drizzle-orm';
import type { SqliteStorage } from '../storage/storage';
import type { RegistrationRows, RegistrationVersion, SsoRegistration } from './registration-store';
import { ssoRegistrations, ssoRegistrationVersions } from './schema';

const KEYS = {
  appId: ssoRegistrations.appId,
  clientId: ssoRegistrations.clientId,
  spEntityId: ssoRegistrations.spEntityId,
};

export function sqliteRegistrationRows(storage: SqliteStorage): RegistrationRows {
  const { db } = storage;
  return {
    find: async (by, value, tx) =>
      storage.run(tx, () => db.select().from(ssoRegistrations).where(eq(KEYS[by], value)).get()) as Promise<
        SsoRegistration | undefined
      >,
    all: async () =>
      storage.run(undefined, () => db.select().from(ssoRegistrations).orderBy(ssoRegistrations.appId).all()) as Promise<
        SsoRegistration[]
      >,
    history: async (appId) =>
      storage.run(undefined, () =>
        db
          .select()
          .from(ssoRegistrationVersions)
          .where(eq(ssoRegistrationVersions.appId, appId))
          .orderBy(desc(ssoRegistrationVersions.version))
          .all(),
      ) as Promise<RegistrationVersion[]>,
    lastVersion: async (appId, tx) =>
      storage.run(
        tx,
        () =>
          db
            .select({ last: max(ssoRegistrationVersions.version) })
            .from(ssoRegistrationVersions)
            .where(eq(ssoRegistrationVersions.appId, appId))
            .get()?.last ?? 0,
      ),
    write: async (registration, previousVersion, tx) =>
      storage.run(tx, () => {
        if (previousVersion === undefined) {
          return db.insert(ssoRegistrations).values(registration).onConflictDoNothing().run().changes === 1;
        }
        const guard = eq(ssoRegistrations.version, previousVersion);
        const where = eq(ssoRegistrations.appId, registration.appId);
        return db.update(ssoRegistrations).set(registration).where(and(where, guard)).run().changes === 1;
      }),
    insertVersion: async (version, tx) => {
      await storage.run(tx, () => db.insert(ssoRegistrationVersions).values(version).run());
    },
    remove: async (appId, tx) =>
      storage.run(tx, () => db.delete(ssoRegistrations).where(eq(ssoRegistrations.appId, appId)).run().changes === 1),
  };
}
