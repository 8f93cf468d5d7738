import { and, desc, eq, max } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import type { RegistrationRows, RegistrationVersion, SsoRegistration } from './registration-store';
import { ssoRegistrations, ssoRegistrationVersions } from './schema.pg';

const KEYS = {
  appId: ssoRegistrations.appId,
  clientId: ssoRegistrations.clientId,
  spEntityId: ssoRegistrations.spEntityId,
};

export function postgresRegistrationRows(storage: PostgresStorage): RegistrationRows {
  const { db } = storage;
  return {
    find: async (by, value, tx) =>
      (await storage.executor(tx).select().from(ssoRegistrations).where(eq(KEYS[by], value)))[0] as
        SsoRegistration | undefined,
    all: async () => (await db.select().from(ssoRegistrations).orderBy(ssoRegistrations.appId)) as SsoRegistration[],
    history: async (appId) =>
      (await db
        .select()
        .from(ssoRegistrationVersions)
        .where(eq(ssoRegistrationVersions.appId, appId))
        .orderBy(desc(ssoRegistrationVersions.version))) as RegistrationVersion[],
    lastVersion: async (appId, tx) =>
      (
        await storage
          .executor(tx)
          .select({ last: max(ssoRegistrationVersions.version) })
          .from(ssoRegistrationVersions)
          .where(eq(ssoRegistrationVersions.appId, appId))
      )[0]?.last ?? 0,
    write: async (registration, previousVersion, tx) => {
      const executor = storage.executor(tx);
      if (previousVersion === undefined) {
        const inserted = await executor
          .insert(ssoRegistrations)
          .values(registration)
          .onConflictDoNothing()
          .returning({ appId: ssoRegistrations.appId });
        return inserted.length === 1;
      }
      const updated = await executor
        .update(ssoRegistrations)
        .set(registration)
        .where(and(eq(ssoRegistrations.appId, registration.appId), eq(ssoRegistrations.version, previousVersion)))
        .returning({ appId: ssoRegistrations.appId });
      return updated.length === 1;
    },
    insertVersion: async (version, tx) => {
      await storage.executor(tx).insert(ssoRegistrationVersions).values(version);
    },
    remove: async (appId, tx) =>
      (
        await storage
          .executor(tx)
          .delete(ssoRegistrations)
          .where(eq(ssoRegistrations.appId, appId))
          .returning({ appId: ssoRegistrations.appId })
      ).length === 1,
  };
}
