import type { SqliteStorage } from '../storage/storage';
import type { EntryRecords, VaultEntryRow } from './entries';

const COLUMNS = `id, app_id AS appId, scope, set_by AS setBy, user_id AS userId, org_id AS orgId, username,
  password, extra, derivation_secret AS derivationSecret, version, updated_at AS updatedAt, updated_by AS updatedBy`;

const NOT_ON_KEY = `(substr(username, 1, length(@prefix)) <> @prefix
    OR substr(password, 1, length(@prefix)) <> @prefix OR substr(extra, 1, length(@prefix)) <> @prefix
    OR substr(derivation_secret, 1, length(@prefix)) <> @prefix)`;

/** Raw prepared statements: the candidates query runs on every tile load and release. */
export function sqliteEntryRecords(storage: SqliteStorage): EntryRecords {
  const sqlite = storage.db.$client;
  const { run } = storage;
  // One indexed look-up per kind of candidate: with one OR'ed condition SQLite walks every entry of the app,
  // which is one per student for an app where IT stores each child's own account.
  const candidates = sqlite.prepare(`
    SELECT ${COLUMNS} FROM vault_entries INDEXED BY vault_entries_user_idx
      WHERE app_id = @appId AND user_id = @userId AND scope = 'user'
    UNION ALL SELECT ${COLUMNS} FROM vault_entries WHERE app_id = @appId AND scope = 'template'
    UNION ALL SELECT ${COLUMNS} FROM vault_entries INDEXED BY vault_entries_group_idx
      WHERE app_id = @appId AND scope = 'group' AND org_id IN (SELECT org_id FROM user_orgs WHERE user_id = @userId)`);
  const byId = sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE id = ?`);
  // By scope, so each finds its entry through the index that makes it unique (or, for templates, the app's).
  const byKey = {
    user: sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE app_id = @appId AND user_id = @userId
      AND set_by = @setBy AND scope = 'user'`),
    group: sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE app_id = @appId AND org_id = @orgId
      AND scope = 'group'`),
    template: sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE app_id = @appId AND scope = 'template'
      AND set_by = @setBy`),
  };
  const insert = sqlite.prepare(`INSERT INTO vault_entries (id, app_id, scope, set_by, user_id, org_id, username,
    password, extra, derivation_secret, version, updated_at, updated_by) VALUES (@id, @appId, @scope, @setBy,
    @userId, @orgId, @username, @password, @extra, @derivationSecret, @version, @updatedAt, @updatedBy)`);
  const update = sqlite.prepare(`UPDATE vault_entries SET username = @username, password = @password,
    extra = @extra, derivation_secret = @derivationSecret, version = @version, updated_at = @updatedAt,
    updated_by = @updatedBy WHERE id = @id`);
  const remove = sqlite.prepare('DELETE FROM vault_entries WHERE id = ?');
  const listing = sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE (@appId IS NULL OR app_id = @appId)
    AND (@userId IS NULL OR user_id = @userId) ORDER BY app_id, scope, user_id, org_id`);
  const reseal = sqlite.prepare(`UPDATE vault_entries SET username = @username, password = @password,
    extra = @extra, derivation_secret = @derivationSecret WHERE id = @id AND version = @version`);
  const notOnKey = sqlite.prepare(
    `SELECT ${COLUMNS} FROM vault_entries WHERE id > @afterId AND ${NOT_ON_KEY} ORDER BY id LIMIT @limit`,
  );
  const countNotOnKey = sqlite.prepare(`SELECT count(*) FROM vault_entries WHERE ${NOT_ON_KEY}`).pluck();

  return {
    candidates: async (appId, userId) => run(undefined, () => candidates.all({ appId, userId }) as VaultEntryRow[]),
    byId: async (id) => run(undefined, () => byId.get(id) as VaultEntryRow | undefined),
    byKey: async (key, tx) => run(tx, () => byKey[key.scope].get(key) as VaultEntryRow | undefined),
    insert: async (row, tx) => void (await run(tx, () => insert.run(row))),
    update: async (row, tx) => void (await run(tx, () => update.run(row))),
    remove: async (id, tx) => run(tx, () => remove.run(id).changes > 0),
    list: async ({ appId, userId }) =>
      run(undefined, () => listing.all({ appId: appId ?? null, userId: userId ?? null }) as VaultEntryRow[]),
    notOnKey: async (prefix, afterId, limit, tx) =>
      run(tx, () => notOnKey.all({ prefix, afterId, limit }) as VaultEntryRow[]),
    countNotOnKey: async (prefix) => run(undefined, () => countNotOnKey.get({ prefix }) as number),
    reseal: async (id, version, fields, tx) => run(tx, () => reseal.run({ id, version, ...fields }).changes === 1),
  };
}
