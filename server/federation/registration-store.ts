import { byEngine, type Storage, type Tx } from '../storage/storage';
import type { AssertionClaim, NameIdFormat, SamlEndpoint, SubjectIdentifier } from '../../shared/federation';
import { postgresRegistrationRows } from './registration-store.postgres';
import { sqliteRegistrationRows } from './registration-store.sqlite';

/** An app's federation as stored: an OIDC client or a SAML service provider. `clientSecret` is sealed text. */
export interface SsoRegistration {
  appId: string;
  protocol: 'oidc' | 'saml';
  clientId: string | null;
  clientSecret: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  spEntityId: string | null;
  spMetadata: string | null;
  acsEndpoints: SamlEndpoint[];
  nameIdFormat: NameIdFormat | null;
  subject: SubjectIdentifier;
  claims: AssertionClaim[];
  attributeNames: Partial<Record<AssertionClaim, string>>;
  version: number;
  updatedAt: number;
  updatedBy: string | null;
}

/** What a save writes; the store numbers the version and stamps the time. */
export type RegistrationFields = Omit<SsoRegistration, 'version' | 'updatedAt' | 'updatedBy'>;
export type RegistrationChange = 'created' | 'edited' | 'secret_rotated' | 'removed';

export interface RegistrationVersion {
  appId: string;
  version: number;
  /** The registration as saved, without its secret. */
  snapshot: Omit<SsoRegistration, 'clientSecret'>;
  change: RegistrationChange;
  changedBy: string | null;
  changedAt: number;
}

export interface SaveRegistration {
  fields: RegistrationFields;
  change: RegistrationChange;
  actor: string | null;
  now: number;
  /** The version the editor started from; a save over a newer one is refused ('stale'). Absent: no check. */
  expectedVersion?: number;
}

/** The rows each engine's adapter reads and writes. */
export interface RegistrationRows {
  find(by: 'appId' | 'clientId' | 'spEntityId', value: string, tx?: Tx): Promise<SsoRegistration | undefined>;
  all(): Promise<SsoRegistration[]>;
  history(appId: string): Promise<RegistrationVersion[]>;
  /** The highest version ever saved for the app, removed ones included (0 when none). */
  lastVersion(appId: string, tx: Tx): Promise<number>;
  /** Insert or update (guarded by the version read in the same transaction) plus the version row. */
  write(registration: SsoRegistration, previousVersion: number | undefined, tx: Tx): Promise<boolean>;
  insertVersion(version: RegistrationVersion, tx: Tx): Promise<void>;
  remove(appId: string, tx: Tx): Promise<boolean>;
}

export interface RegistrationStore {
  byAppId(appId: string): Promise<SsoRegistration | undefined>;
  byClientId(clientId: string): Promise<SsoRegistration | undefined>;
  bySpEntityId(entityId: string): Promise<SsoRegistration | undefined>;
  all(): Promise<SsoRegistration[]>;
  history(appId: string): Promise<RegistrationVersion[]>;
  /** Creates or edits, with its version row, in one transaction (the caller's when given). */
  save(input: SaveRegistration, tx?: Tx): Promise<SsoRegistration | 'stale'>;
  /** Removes the registration; its history stays with a 'removed' row. */
  remove(appId: string, actor: string | null, now: number, tx?: Tx): Promise<boolean>;
}

const withoutSecret = ({ clientSecret: _secret, ...rest }: SsoRegistration) => rest;

export function createRegistrationStore(storage: Storage): RegistrationStore {
  const rows = byEngine(storage, { sqlite: sqliteRegistrationRows, postgres: postgresRegistrationRows });
  const inTx = <T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>) => (tx ? work(tx) : storage.transaction(work));

  return {
    byAppId: (appId) => rows.find('appId', appId),
    byClientId: (clientId) => rows.find('clientId', clientId),
    bySpEntityId: (entityId) => rows.find('spEntityId', entityId),
    all: () => rows.all(),
    history: (appId) => rows.history(appId),
    save: ({ fields, change, actor, now, expectedVersion }, tx) =>
      inTx(tx, async (own) => {
        const existing = await rows.find('appId', fields.appId, own);
        if (expectedVersion !== undefined && (existing?.version ?? 0) !== expectedVersion) return 'stale';
        // A registration made again after a removal continues its history's numbering.
        const previous = existing?.version ?? (await rows.lastVersion(fields.appId, own));
        const saved: SsoRegistration = {
          ...fields,
          version: previous + 1,
          updatedAt: now,
          updatedBy: actor,
        };
        if (!(await rows.write(saved, existing?.version, own))) return 'stale';
        await rows.insertVersion(
          {
            appId: saved.appId,
            version: saved.version,
            snapshot: withoutSecret(saved),
            change,
            changedBy: actor,
            changedAt: now,
          },
          own,
        );
        return saved;
      }),
    remove: (appId, actor, now, tx) =>
      inTx(tx, async (own) => {
        const existing = await rows.find('appId', appId, own);
        if (!existing || !(await rows.remove(appId, own))) return false;
        await rows.insertVersion(
          {
            appId,
            version: existing.version + 1,
            snapshot: withoutSecret(existing),
            change: 'removed',
            changedBy: actor,
            changedAt: now,
          },
          own,
        );
        return true;
      }),
  };
}
