import { createHmac, randomBytes } from 'node:crypto';
import type { Person } from '../directory/directory';
import { byEngine, type Storage, type Tx } from '../storage/storage';
import { applyTemplate, type VaultEntryInput } from '../../shared/vault/entry';
import type { CipherBinding, VaultCipher } from './cipher';
import type { Credential } from '../../shared/vault/entry';
import { postgresEntryRecords } from './entries.postgres';
import { sqliteEntryRecords } from './entries.sqlite';

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

/** What identifies an entry: one per app, scope, who set it and owner. */
export type EntryKey = Pick<VaultEntryRow, 'appId' | 'scope' | 'setBy' | 'userId' | 'orgId'>;

/** The sealed fields a re-seal rewrites. */
export type SealedFields = Pick<VaultEntryRow, 'username' | 'password' | 'extra' | 'derivationSecret'>;

/** The rows behind the store, one implementation per engine; the store seals and chooses. */
export interface EntryRecords {
  /** The person's own and IT's entries for them, their groups' and the app's templates. */
  candidates(appId: string, userId: string): Promise<VaultEntryRow[]>;
  byId(id: string): Promise<VaultEntryRow | undefined>;
  byKey(key: EntryKey, tx?: Tx): Promise<VaultEntryRow | undefined>;
  insert(row: VaultEntryRow, tx?: Tx): Promise<void>;
  update(row: VaultEntryRow, tx?: Tx): Promise<void>;
  remove(id: string, tx?: Tx): Promise<boolean>;
  list(filter: { appId?: string; userId?: string }): Promise<VaultEntryRow[]>;
  /** Up to `limit` entries after `afterId` (by id) with a value not sealed under `prefix`. */
  notOnKey(prefix: string, afterId: string, limit: number, tx?: Tx): Promise<VaultEntryRow[]>;
  countNotOnKey(prefix: string): Promise<number>;
  /** Rewrites the sealed fields unless the entry changed since it was read (its version moved). */
  reseal(id: string, version: number, fields: SealedFields, tx?: Tx): Promise<boolean>;
}

export interface VaultEntries {
  /** Creates or replaces the entry for this app and owner; a change raises its version. */
  save(input: VaultEntryInput, setBy: EntrySetBy, actorId: string | null, tx?: Tx): Promise<VaultEntryRow>;
  get(id: string): Promise<VaultEntryRow | undefined>;
  list(filter?: { appId?: string; userId?: string }): Promise<VaultEntryRow[]>;
  remove(id: string, tx?: Tx): Promise<boolean>;
  /** The entry a release for this person and app would use, and why. */
  resolve(person: Person, appId: string, policy: UserEntriesPolicy): Promise<ChosenEntry | undefined>;
  /** What `resolve` answers, and whether the person has stored their own entry (used or not). */
  choose(person: Person, appId: string, policy: UserEntriesPolicy): Promise<EntryChoice>;
  /** Opens an entry for one person; undefined when a template needs a roster field they lack. */
  open(entry: VaultEntryRow, person: Person): Credential | undefined;
  /** Opens an entry's stored values as they are (templates unexpanded), for an audited reveal or export. */
  openStored(entry: VaultEntryRow): { username: string; password: string | undefined; extra: string | undefined };
  /**
   * Re-seals every entry not on the current key, `batch` at a time, reporting the running count; with `tx`, in
   * the caller's unit of work. An entry edited meanwhile is skipped (its new value is sealed anew anyway).
   */
  resealAll(batch: number, onBatch: (resealed: number) => void, tx?: Tx): Promise<number>;
  /** How many entries still have a value sealed under an older key. */
  countNotOnCurrentKey(): Promise<number>;
}

export interface ChosenEntry {
  entry: VaultEntryRow;
  source: EntrySource;
}
export interface EntryChoice {
  chosen: ChosenEntry | undefined;
  hasOwnEntry: boolean;
}

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

const SEALED_FIELDS = ['username', 'password', 'extra', 'derivationSecret'] as const;

// Derived passwords avoid look-alike characters because children may have to type them at home.
const DERIVED_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function derivePassword(secret: string, appId: string, personId: string): string {
  const digest = createHmac('sha256', Buffer.from(secret, 'base64url')).update(`${appId}\0${personId}`).digest();
  return [...digest.subarray(0, 14)].map((byte) => DERIVED_ALPHABET[byte % DERIVED_ALPHABET.length]).join('');
}

/** Picks the winning candidate by the connector's policy. */
export function chooseEntry(rows: VaultEntryRow[], policy: UserEntriesPolicy): EntryChoice {
  const hasOwnEntry = rows.some((row) => sourceOf(row) === 'self');
  for (const source of PRECEDENCE[policy]) {
    const entry = rows.find((row) => sourceOf(row) === source);
    if (entry) return { chosen: { entry, source }, hasOwnEntry };
  }
  return { chosen: undefined, hasOwnEntry };
}

/** Vault entries: sealed on the way in, opened only for a release or an audited reveal; on the configured engine. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byOwnerThenId = (a: VaultEntryRow, b: VaultEntryRow) =>
  compareText(a.orgId ?? '', b.orgId ?? '') || compareText(a.id, b.id);

export function createVaultEntries(storage: Storage, cipher: VaultCipher, now: () => number): VaultEntries {
  const records = byEngine(storage, { sqlite: sqliteEntryRecords, postgres: postgresEntryRecords });

  const binding = (row: Pick<VaultEntryRow, 'id' | 'appId' | 'scope' | 'userId' | 'orgId'>, field: string) =>
    ({ entryId: row.id, owner: ownerOf(row), appId: row.appId, field }) satisfies CipherBinding;
  const sealOptional = (row: VaultEntryRow, field: string, value: string | undefined | null) =>
    value == null ? null : cipher.seal(value, binding(row, field));
  const openOptional = (row: VaultEntryRow, field: keyof VaultEntryRow) => {
    const sealed = row[field] as string | null;
    return sealed === null ? undefined : cipher.open(sealed, binding(row, field));
  };
  const currentPrefix = () => `v1.${cipher.currentKeyId()}.`;

  function sealedRow(
    input: VaultEntryInput,
    key: EntryKey,
    existing: VaultEntryRow | undefined,
    actorId: string | null,
  ) {
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
    return row;
  }

  // In one stable order on either engine (PostgreSQL returns rows in heap order, which an update changes), so
  // someone at two campuses with an entry each always gets the same one.
  const choose = async (person: Person, appId: string, policy: UserEntriesPolicy) =>
    chooseEntry((await records.candidates(appId, person.id)).sort(byOwnerThenId), policy);

  const entries: VaultEntries = {
    async save(input, setBy, actorId, tx) {
      // Read-then-write of one key: in a unit of work, where the PostgreSQL adapter locks the key first.
      if (!tx) return storage.transaction((own) => entries.save(input, setBy, actorId, own));
      const key: EntryKey = {
        appId: input.appId,
        scope: input.scope,
        setBy,
        userId: input.userId ?? null,
        orgId: input.orgId ?? null,
      };
      const existing = await records.byKey(key, tx);
      const row = sealedRow(input, key, existing, actorId);
      await (existing ? records.update(row, tx) : records.insert(row, tx));
      return row;
    },
    get: (id) => records.byId(id),
    list: (filter = {}) => records.list(filter),
    remove: (id, tx) => records.remove(id, tx),
    resolve: async (person, appId, policy) => (await choose(person, appId, policy)).chosen,
    choose,

    open(entry, person) {
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

    openStored: (entry) => ({
      username: cipher.open(entry.username, binding(entry, 'username')),
      password: openOptional(entry, 'password'),
      extra: openOptional(entry, 'extra'),
    }),

    async resealAll(batch, onBatch, tx) {
      const prefix = currentPrefix();
      let resealed = 0;
      // Walks the ids once, so an entry that cannot be re-sealed now is not read again and again.
      for (let afterId = ''; ;) {
        const stale = await records.notOnKey(prefix, afterId, batch, tx);
        if (stale.length === 0) return resealed;
        for (const row of stale) {
          const fields = Object.fromEntries(
            SEALED_FIELDS.map((field) => [field, sealOptional(row, field, openOptional(row, field))]),
          ) as SealedFields;
          if (await records.reseal(row.id, row.version, fields, tx)) resealed++;
        }
        afterId = stale.at(-1)!.id;
        onBatch(resealed);
      }
    },
    countNotOnCurrentKey: () => records.countNotOnKey(currentPrefix()),
  };
  return entries;
}

export { sourceOf as entrySource };
