import { desc, eq } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import type { ConnectorDraft, ConnectorDraftStore } from './drafts';
import { connectorDrafts } from './schema.pg';

export function postgresDraftStore(storage: PostgresStorage): ConnectorDraftStore {
  const { db } = storage;
  return {
    add: async (draft, tx) => void (await storage.executor(tx).insert(connectorDrafts).values(draft)),
    list: async () =>
      (await db
        .select()
        .from(connectorDrafts)
        .orderBy(desc(connectorDrafts.capturedAt), connectorDrafts.id)) as ConnectorDraft[],
    find: async (id) =>
      (await db.select().from(connectorDrafts).where(eq(connectorDrafts.id, id)))[0] as ConnectorDraft | undefined,
    remove: async (id, tx) =>
      (
        await storage.executor(tx).delete(connectorDrafts).where(eq(connectorDrafts.id, id)).returning({
          id: connectorDrafts.id,
        })
      ).length === 1,
  };
}
