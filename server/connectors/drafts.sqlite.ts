import type { SqliteStorage } from '../storage/storage';
import type { ConnectorDraft, ConnectorDraftStore } from './drafts';

type Row = Omit<ConnectorDraft, 'definition'> & { definition: string };

const COLUMNS = 'id, app_id AS appId, definition, captured_by AS capturedBy, captured_at AS capturedAt';
const toDraft = (row: Row): ConnectorDraft => ({ ...row, definition: JSON.parse(row.definition) });

export function sqliteDraftStore(storage: SqliteStorage): ConnectorDraftStore {
  const sqlite = storage.db.$client;
  const insert = sqlite.prepare(
    'INSERT INTO connector_drafts (id, app_id, definition, captured_by, captured_at) VALUES (?, ?, ?, ?, ?)',
  );
  const selectAll = sqlite.prepare(`SELECT ${COLUMNS} FROM connector_drafts ORDER BY captured_at DESC, id`);
  const selectOne = sqlite.prepare(`SELECT ${COLUMNS} FROM connector_drafts WHERE id = ?`);
  const deleteOne = sqlite.prepare('DELETE FROM connector_drafts WHERE id = ?');

  return {
    add: async ({ id, appId, definition, capturedBy, capturedAt }, tx) =>
      void (await storage.run(tx, () => insert.run(id, appId, JSON.stringify(definition), capturedBy, capturedAt))),
    list: async () => (await storage.run(undefined, () => selectAll.all() as Row[])).map(toDraft),
    find: async (id) => {
      const row = await storage.run(undefined, () => selectOne.get(id) as Row | undefined);
      return row && toDraft(row);
    },
    remove: async (id, tx) => (await storage.run(tx, () => deleteOne.run(id))).changes === 1,
  };
}
