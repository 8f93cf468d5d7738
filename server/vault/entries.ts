import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db/connection';
import type { Person } from '../directory/directory';
import { applyTemplate, type VaultEntryInput } from '../../shared/vault/entry';
import type { CipherBinding, VaultCipher } from './cipher';
import type { Credential } from '../../shared/vault/entry';

export type EntryScope = 'user' | 'group' | 'template';
export type EntrySetBy = 'it' | 'self';
/** Whose value a release used: the person's own, IT's for them, their group's, or a roster template. */
export type EntrySource = 'self' | 'it' | 'group' | 'template';
export type UserEntriesPolicy = 'off' | 'it_wins' | 'user_wins';

export interface VaultEntryRow {
  id: string;
  appId: string;
  scope: EntryScope;
  setBy: EntrySetBy;
  userId: string | null;
  orgId: string | null;
  username: string;
  password: string | null;
  extra: string | null;
  derivationSecret: string | null;
  version: number;
  updatedAt: number;
  updatedBy: string | null;
}

export type { Credential };

const COLUMNS = `id, app_id AS appId, scope, set_by AS setBy, user_id AS userId, org_id AS orgId, username,
  password, extra, derivation_secret AS derivationSecret, version, updated_at AS updatedAt, updated_by AS updatedBy`;

const ownerOf = (row: Pick<VaultEntryRow, 'scope' | 'userId' | 'orgId'>) =>
  row.scope === 'user' ? `user:${row.userId}` : row.scope === 'group' ? `group:${row.orgId}` : 'template';

const sourceOf = (row: VaultEntryRow): EntrySource =>
  row.scope === 'user' ? row.setBy : row.scope === 'group' ? 'group' : 'template';

/** Which candidate wins, most preferred first. `off` ignores a person's own entry. */
const PRECEDENCE: Record<UserEntriesPolicy, EntrySource[]> = {
  off: ['it', 'group', 'template'],
  it_wins: ['it', 'group', 'template', 'self'],
  user_wins: ['self', 'it', 'group', 'template'],
};

// Derived passwords avoid look-alike characters because children may have to type them at home.
const DERIVED_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function derivePassword(secret: string, appId: string, personId: string): string {
  const digest = createHmac('sha256', Buffer.from(secret, 'base64url')).update(`${appId}\0${personId}`).digest();
  return [...digest.subarray(0, 14)].map((byte) => DERIVED_ALPHABET[byte % DERIVED_ALPHABET.length]).join('');
}

/** Vault entries: sealed on the way in, opened only for a release or an audited reveal. */
export function createVaultEntries(db: Db, cipher: VaultCipher, now: () => number) {
  const sqlite = db.$client;
  const candidates = sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE app_id = @appId AND (
      (scope = 'user' AND user_id = @userId) OR scope = 'template'
      OR (scope = 'group' AND org_id IN (SELECT org_id FROM user_orgs WHERE user_id = @userId)))`);
  const byId = sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE id = ?`);
  const byKey = sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE app_id = @appId AND scope = @scope
    AND set_by = @setBy AND user_id IS @userId AND org_id IS @orgId`);
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
  const notOnKeyWhere = `substr(username, 1, length(@prefix)) <> @prefix
    OR substr(password, 1, length(@prefix)) <> @prefix OR substr(extra, 1, length(@prefix)) <> @prefix
    OR substr(derivation_secret, 1, length(@prefix)) <> @prefix`;
  const notOnKey = sqlite.prepare(`SELECT ${COLUMNS} FROM vault_entries WHERE ${notOnKeyWhere} LIMIT @limit`);
  const countNotOnKey = sqlite.prepare(`SELECT count(*) AS found FROM vault_entries WHERE ${notOnKeyWhere}`);

  const binding = (row: Pick<VaultEntryRow, 'id' | 'appId' | 'scope' | 'userId' | 'orgId'>, field: string) =>
    ({ entryId: row.id, owner: ownerOf(row), appId: row.appId, field }) satisfies CipherBinding;
  const sealOptional = (row: VaultEntryRow, field: string, value: string | undefined | null) =>
    value == null ? null : cipher.seal(value, binding(row, field));
  const openOptional = (row: VaultEntryRow, field: keyof VaultEntryRow) => {
    const sealed = row[field] as string | null;
    return sealed === null ? undefined : cipher.open(sealed, binding(row, field));
  };

  function choose(person: Person, appId: string, policy: UserEntriesPolicy) {
    const rows = candidates.all({ appId, userId: person.id }) as VaultEntryRow[];
    const hasOwnEntry = rows.some((row) => sourceOf(row) === 'self');
    for (const source of PRECEDENCE[policy]) {
      const entry = rows.find((row) => sourceOf(row) === source);
      if (entry) return { chosen: { entry, source }, hasOwnEntry };
    }
    return { chosen: undefined, hasOwnEntry };
  }

  return {
    /** Creates or replaces the entry for this app and owner; a change raises its version. */
    save(input: VaultEntryInput, setBy: EntrySetBy, actorId: string | null): VaultEntryRow {
      const key = {
        appId: input.appId,
        scope: input.scope,
        setBy,
        userId: input.userId ?? null,
        orgId: input.orgId ?? null,
      };
      const existing = byKey.get(key) as VaultEntryRow | undefined;
      const row: VaultEntryRow = {
        ...key,
        id: existing?.id ?? randomBytes(12).toString('base64url'),
        username: '',
        password: null,
        extra: null,
        derivationSecret: null,
        version: (existing?.version ?? 0) + 1,
        updatedAt: now(),
        updatedBy: actorId,
      };
      row.username = cipher.seal(input.username, binding(row, 'username'));
      row.password = sealOptional(row, 'password', input.password);
      row.extra = sealOptional(row, 'extra', input.extra);
      if (input.scope === 'template' && input.password === undefined) {
        // Keep the derivation secret across edits so people's generated passwords stay the same.
        const secret = existing ? openOptional(existing, 'derivationSecret') : undefined;
        row.derivationSecret = sealOptional(row, 'derivationSecret', secret ?? randomBytes(32).toString('base64url'));
      }
      (existing ? update : insert).run(row);
      return row;
    },

    get: (id: string) => byId.get(id) as VaultEntryRow | undefined,
    list: (filter: { appId?: string; userId?: string } = {}) =>
      listing.all({ appId: filter.appId ?? null, userId: filter.userId ?? null }) as VaultEntryRow[],
    remove: (id: string) => remove.run(id).changes > 0,

    /** The entry a release for this person and app would use, and why. */
    resolve: (person: Person, appId: string, policy: UserEntriesPolicy) => choose(person, appId, policy).chosen,

    /** What `resolve` answers, and whether the person has stored their own entry (used or not). */
    choose,

    /** Opens an entry for one person; undefined when a template needs a roster field they lack. */
    open(entry: VaultEntryRow, person: Person): Credential | undefined {
      const username = cipher.open(entry.username, binding(entry, 'username'));
      const extra = openOptional(entry, 'extra');
      if (entry.scope !== 'template') return { username, password: openOptional(entry, 'password')!, extra };
      const derived = applyTemplate(username, {
        username: person.username,
        sourced_id: person.sourcedId,
        email: person.email,
        given_name: person.givenName,
        family_name: person.familyName,
      });
      const password =
        openOptional(entry, 'password') ??
        derivePassword(openOptional(entry, 'derivationSecret')!, entry.appId, person.id);
      return derived === undefined ? undefined : { username: derived, password, extra };
    },

    /** Opens an entry's stored values as they are (templates unexpanded), for an audited reveal or export. */
    openStored(entry: VaultEntryRow) {
      return {
        username: cipher.open(entry.username, binding(entry, 'username')),
        password: openOptional(entry, 'password'),
        extra: openOptional(entry, 'extra'),
      };
    },

    /**
     * Re-seals up to `limit` entries that are not on the current key (`limit` 0 only counts them); an entry
     * edited meanwhile is skipped and picked up by the next pass.
     */
    resealBatch(limit: number): { found: number; resealed: number } {
      const prefix = `v1.${cipher.currentKeyId()}.`;
      const stale = (limit === 0 ? countNotOnKey.get({ prefix }) : notOnKey.all({ prefix, limit })) as
        VaultEntryRow[] | { found: number };
      if (!Array.isArray(stale)) return { found: stale.found, resealed: 0 };
      let resealed = 0;
      for (const row of stale) {
        const fields = ['username', 'password', 'extra', 'derivationSecret'] as const;
        const next = { ...row };
        for (const field of fields) next[field] = sealOptional(row, field, openOptional(row, field)) as never;
        resealed += reseal.run(next).changes;
      }
      return { found: stale.length, resealed };
    },
  };
}

export type VaultEntries = ReturnType<typeof createVaultEntries>;
export { sourceOf as entrySource };
