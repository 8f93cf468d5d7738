import { isDeepStrictEqual } from 'node:util';
import { desc, eq } from 'drizzle-orm';
import { postgresGenerationBump } from '../storage/change-generations.postgres';
import type { PostgresExecutor, PostgresStorage } from '../storage/storage';
import { CONNECTORS_TOPIC, type Connector, type ConnectorRows, type SaveResult } from './connector-store';
import { connectorVersions } from './schema.pg';

const columns = {
  appId: connectorVersions.appId,
  version: connectorVersions.version,
  definition: connectorVersions.definition,
  savedAt: connectorVersions.savedAt,
  savedBy: connectorVersions.savedBy,
};

export function postgresConnectorRows(storage: PostgresStorage): ConnectorRows {
  const { db } = storage;

  const currentOf = async (executor: PostgresExecutor, appId: string) =>
    (
      await executor
        .select(columns)
        .from(connectorVersions)
        .where(eq(connectorVersions.appId, appId))
        .orderBy(desc(connectorVersions.version))
        .limit(1)
    )[0] as Connector | undefined;

  const saveAll: ConnectorRows['saveVersions'] = async (list, savedBy, savedAt, tx) => {
    const executor = storage.executor(tx);
    // First, whether anything changes or not: the generation's row lock makes connector writers in every process
    // take turns, so the version read below is still the highest when the next one is inserted.
    await postgresGenerationBump(executor, CONNECTORS_TOPIC);
    const results: SaveResult[] = [];
    for (const { appId, definition } of list) {
      const existing = await currentOf(executor, appId);
      if (existing && isDeepStrictEqual(existing.definition, definition)) {
        results.push({ connector: existing, changed: false });
        continue;
      }
      const connector = { appId, version: (existing?.version ?? 0) + 1, definition, savedAt, savedBy };
      await executor.insert(connectorVersions).values(connector);
      results.push({ connector, changed: true });
    }
    return results;
  };

  return {
    currentAll: async () =>
      (await db
        .selectDistinctOn([connectorVersions.appId], columns)
        .from(connectorVersions)
        .orderBy(connectorVersions.appId, desc(connectorVersions.version))) as Connector[],
    history: async (appId) =>
      (await db
        .select(columns)
        .from(connectorVersions)
        .where(eq(connectorVersions.appId, appId))
        .orderBy(desc(connectorVersions.version))) as Connector[],
    saveVersions: (list, savedBy, savedAt, tx) =>
      tx ? saveAll(list, savedBy, savedAt, tx) : storage.transaction((own) => saveAll(list, savedBy, savedAt, own)),
  };
}
