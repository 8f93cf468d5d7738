import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { SqliteStorage } from '../../storage/storage';
import { oidcPayloads } from '../schema';
import type { PayloadRows, StoredPayload } from './payload-store';

const COLUMNS = { id: oidcPayloads.id, uid: oidcPayloads.uid, userCode: oidcPayloads.userCode };
const live = (now: number) => or(isNull(oidcPayloads.expiresAt), gt(oidcPayloads.expiresAt, now));

export function sqlitePayloadRows(storage: SqliteStorage): PayloadRows {
  const { db } = storage;
  return {
    upsert: async (row) => {
      const { model: _model, id: _id, ...changes } = row;
      await storage.run(undefined, () =>
        db
          .insert(oidcPayloads)
          .values({ ...row, consumedAt: null })
          .onConflictDoUpdate({ target: [oidcPayloads.model, oidcPayloads.id], set: { ...changes, consumedAt: null } })
          .run(),
      );
    },
    find: async (model, by, value, now) =>
      storage.run(undefined, () =>
        db
          .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
          .from(oidcPayloads)
          .where(and(eq(oidcPayloads.model, model), eq(COLUMNS[by], value), live(now)))
          .get(),
      ) as Promise<StoredPayload | undefined>,
    consume: async (model, id, now) =>
      storage.run(
        undefined,
        () =>
          db
            .update(oidcPayloads)
            .set({ consumedAt: now })
            .where(
              and(eq(oidcPayloads.model, model), eq(oidcPayloads.id, id), isNull(oidcPayloads.consumedAt), live(now)),
            )
            .run().changes === 1,
      ),
    destroy: async (model, id) => {
      await storage.run(undefined, () =>
        db
          .delete(oidcPayloads)
          .where(and(eq(oidcPayloads.model, model), eq(oidcPayloads.id, id)))
          .run(),
      );
    },
    revokeByGrantId: async (model, grantId) => {
      await storage.run(undefined, () =>
        db
          .delete(oidcPayloads)
          .where(and(eq(oidcPayloads.model, model), eq(oidcPayloads.grantId, grantId)))
          .run(),
      );
    },
    deleteExpired: async (now) =>
      storage.run(undefined, () => db.delete(oidcPayloads).where(lte(oidcPayloads.expiresAt, now)).run().changes),
  };
}
