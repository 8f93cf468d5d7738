import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { PostgresStorage } from '../../storage/storage';
import { oidcPayloads } from '../schema.pg';
import type { PayloadRows } from './payload-store';

const COLUMNS = { id: oidcPayloads.id, uid: oidcPayloads.uid, userCode: oidcPayloads.userCode };
const live = (now: number) => or(isNull(oidcPayloads.expiresAt), gt(oidcPayloads.expiresAt, now));

export function postgresPayloadRows(storage: PostgresStorage): PayloadRows {
  const { db } = storage;
  return {
    upsert: async (row) => {
      const { model: _model, id: _id, ...changes } = row;
      await db
        .insert(oidcPayloads)
        .values({ ...row, consumedAt: null })
        .onConflictDoUpdate({ target: [oidcPayloads.model, oidcPayloads.id], set: { ...changes, consumedAt: null } });
    },
    find: async (model, by, value, now) =>
      (
        await db
          .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
          .from(oidcPayloads)
          .where(and(eq(oidcPayloads.model, model), eq(COLUMNS[by], value), live(now)))
      )[0],
    consume: async (model, id, now) =>
      (
        await db
          .update(oidcPayloads)
          .set({ consumedAt: now })
          .where(
            and(eq(oidcPayloads.model, model), eq(oidcPayloads.id, id), isNull(oidcPayloads.consumedAt), live(now)),
          )
          .returning({ id: oidcPayloads.id })
      ).length === 1,
    destroy: async (model, id) => {
      await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, model), eq(oidcPayloads.id, id)));
    },
    revokeByGrantId: async (model, grantId) => {
      await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, model), eq(oidcPayloads.grantId, grantId)));
    },
    deleteExpired: async (now) =>
      (await db.delete(oidcPayloads).where(lte(oidcPayloads.expiresAt, now)).returning({ id: oidcPayloads.id })).length,
  };
}
