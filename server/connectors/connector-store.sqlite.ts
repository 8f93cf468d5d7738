import type Database from 'better-sqlite3';
import { isDeepStrictEqual } from 'node:util';
import { sqliteGenerationBump } from '../storage/change-generations.sqlite';
import type { SqliteStorage } from '../storage/storage';
import { CONNECTORS_TOPIC, type Connector, type ConnectorRows, type SaveResult } from './connector-store';

type Row = Omit<Connector, 'definition'> & { definition: string };

const COLUMNS = 'app_id AS appId, version, definition, saved_at AS savedAt, saved_by AS savedBy';
const toConnector = (row: Row): Connector => ({ ...row, definition: JSON.parse(row.definition) });

/** Saves connector versions in one synchronous transaction, bumping the connectors' generation when any changed. */
function sqliteVersionSaver(sqlite: Database.Database) {
  const selectCurrent = sqlite.prepare(
    `SELECT ${COLUMNS} FROM connector_versions WHERE app_id = ? ORDER BY version DESC LIMIT 1`,
  );
  const insert = sqlite.prepare(
    'INSERT INTO connector_versions (app_id, version, definition, saved_at, saved_by) VALUES (?, ?, ?, ?, ?)',
  );
  const bump = sqliteGenerationBump(sqlite);
  return sqlite.transaction(
    (list: Parameters<ConnectorRows['saveVersions']>[0], savedBy: string | null, savedAt: number): SaveResult[] => {
      const results = list.map(({ appId, definition }): SaveResult => {
        const row = selectCurrent.get(appId) as Row | undefined;
        const existing = row && toConnector(row);
        if (existing && isDeepStrictEqual(existing.definition, definition))
          return { connector: existing, changed: false };
        const connector = { appId, version: (existing?.version ?? 0) + 1, definition, savedAt, savedBy };
        insert.run(appId, connector.version, JSON.stringify(definition), savedAt, savedBy);
        return { connector, changed: true };
      });
      if (results.some((result) => result.changed)) bump(CONNECTORS_TOPIC);
      return results;
    },
  );
}

export function sqliteConnectorRows(storage: SqliteStorage): ConnectorRows {
  const sqlite = storage.db.$client;
  const selectAllCurrent = sqlite.prepare(`SELECT ${COLUMNS} FROM connector_versions c
    WHERE version = (SELECT max(version) FROM connector_versions WHERE app_id = c.app_id) ORDER BY app_id`);
  const selectHistory = sqlite.prepare(
    `SELECT ${COLUMNS} FROM connector_versions WHERE app_id = ? ORDER BY version DESC`,
  );
  const saveAll = sqliteVersionSaver(sqlite);

  return {
    currentAll: async () => (await storage.run(undefined, () => selectAllCurrent.all() as Row[])).map(toConnector),
    history: async (appId) => (await storage.run(undefined, () => selectHistory.all(appId) as Row[])).map(toConnector),
    // Immediate: the write lock is taken before the current versions are read, so another process cannot write
    // between the read and the insert.
    saveVersions: async (list, savedBy, savedAt, tx) =>
      storage.run(tx, () => saveAll.immediate(list, savedBy, savedAt)),
  };
}
