import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { CatalogApp } from '../apps/catalog';
import { displayName, type Directory } from '../directory/directory';
import { AppError, notFound } from '../errors';
import type { Storage } from '../storage/storage';
import type { CipherBinding, VaultCipher } from '../vault/cipher';
import { isDevelopmentHost } from '../../shared/origins';
import type { SsoRegistrationBody, SsoRegistrationView } from '../../shared/federation';
import type { SsoHistoryEntry, SsoSaveAnswer } from '../../shared/sso-admin';
import type { RegistrationFields, RegistrationStore, SsoRegistration } from './registration-store';
import { readSpMetadata } from './sp-metadata';

/**
 * IT registers the apps that sign in through Gatehouse: checks on top of the registration store (addresses,
 * SP metadata, one app per entity id and client id), client ids and secrets, and an audit row for every
 * change and every refusal. A client secret is made here, shown once in the answer that made it, and kept
 * only sealed.
 */

export interface RegistrationActor {
  userId: string | null;
  ip: string | null;
  /** `cli` for the command line (no person). */
  via?: 'cli';
}

export interface RegistrationServiceDeps {
  storage: Storage;
  store: RegistrationStore;
  catalog: { byId(id: string): CatalogApp | undefined };
  directory: Pick<Directory, 'findById'>;
  audit: AuditLog;
  cipher: VaultCipher;
  now: () => number;
  allowDevelopmentHttp: boolean;
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;

/** Where a client secret's sealed text belongs: it opens only as this app's client secret. */
export const clientSecretBinding = (appId: string): CipherBinding => ({
  entryId: `sso:${appId}`,
  owner: 'sso',
  appId,
  field: 'client_secret',
});

/** A client secret: 256 bits, URL-safe, as an app's settings page takes it. */
const newClientSecret = () => randomBytes(32).toString('base64url');
const newClientId = () => `gatehouse-${randomBytes(12).toString('base64url')}`;

const staleVersion = () =>
  new AppError('stale_version', 409, 'Someone saved this registration since it was opened: reload it and edit again.');

export function createRegistrationService(deps: RegistrationServiceDeps) {
  const { storage, store, catalog, audit, cipher, now } = deps;

  /** Audits the refusal and returns the error to throw. */
  async function refused(actor: RegistrationActor, appId: string, error: AppError, field?: string) {
    await audit.record({
      action: 'sso.registration_refused',
      outcome: 'failure',
      actorUserId: actor.userId,
      appId: catalog.byId(appId) ? appId : null,
      ip: actor.ip,
      detail: { reason: error.code, ...(field ? { field } : {}), ...(actor.via ? { via: actor.via } : {}) },
    });
    return error;
  }

  async function ssoAppOf(appId: string, actor: RegistrationActor) {
    const app = catalog.byId(appId);
    if (!app) throw await refused(actor, appId, notFound('That app'));
    if (app.signInKind !== 'sso')
      throw await refused(
        actor,
        appId,
        new AppError(
          'sso_app_not_sso',
          400,
          `${app.name} does not sign in with SSO: set its sign-in kind to SSO first.`,
        ),
      );
    return app;
  }

  async function registered(appId: string, actor: RegistrationActor) {
    const registration = await store.byAppId(appId);
    if (!registration) throw await refused(actor, appId, notFound('That SSO registration'));
    return registration;
  }

  /** The fields a body describes, checked; the existing client id and secret are kept across edits. */
  async function fieldsOf(
    app: CatalogApp,
    body: SsoRegistrationBody,
    existing: SsoRegistration | undefined,
    actor: RegistrationActor,
  ): Promise<{ fields: RegistrationFields; clientSecret?: string }> {
    const common = { appId: app.id, subject: body.subject, claims: [...new Set(body.claims)] };
    if (body.protocol === 'saml') {
      const metadata = readSpMetadata(body.metadata, { allowDevelopmentHttp: deps.allowDevelopmentHttp });
      if (!metadata.ok)
        throw await refused(
          actor,
          app.id,
          new AppError(metadata.problem.code, 400, metadata.problem.message),
          'metadata',
        );
      return {
        fields: {
          ...common,
          protocol: 'saml',
          clientId: null,
          clientSecret: null,
          redirectUris: [],
          postLogoutRedirectUris: [],
          spEntityId: metadata.entityId,
          spMetadata: body.metadata,
          acsEndpoints: metadata.acsEndpoints,
          nameIdFormat: body.nameIdFormat,
          attributeNames: body.attributeNames,
        },
      };
    }
    for (const [field, uris] of [
      ['redirectUris', body.redirectUris],
      ['postLogoutRedirectUris', body.postLogoutRedirectUris],
    ] as const) {
      for (const [index, uri] of uris.entries()) {
        const problem = redirectUriProblem(uri, deps.allowDevelopmentHttp);
        if (problem)
          throw await refused(
            actor,
            app.id,
            new AppError(problem.code, 400, `${field}.${index}: ${problem.text}`),
            `${field}.${index}`,
          );
      }
    }
    const wasOidc = existing?.protocol === 'oidc';
    const keepsSecret = wasOidc && !body.publicClient && existing.clientSecret !== null;
    const clientSecret = body.publicClient || keepsSecret ? undefined : newClientSecret();
    return {
      fields: {
        ...common,
        protocol: 'oidc',
        clientId: wasOidc && existing.clientId ? existing.clientId : newClientId(),
        clientSecret: keepsSecret
          ? existing.clientSecret
          : clientSecret === undefined
            ? null
            : cipher.seal(clientSecret, clientSecretBinding(app.id)),
        redirectUris: [...new Set(body.redirectUris)],
        postLogoutRedirectUris: [...new Set(body.postLogoutRedirectUris)],
        spEntityId: null,
        spMetadata: null,
        acsEndpoints: [],
        nameIdFormat: null,
        attributeNames: {},
      },
      ...(clientSecret === undefined ? {} : { clientSecret }),
    };
  }

  /** Another app already registered with this entity id or client id: a 409 naming it. */
  async function takenBy(fields: RegistrationFields) {
    const other =
      (fields.spEntityId ? await store.bySpEntityId(fields.spEntityId) : undefined) ??
      (fields.clientId ? await store.byClientId(fields.clientId) : undefined);
    if (!other || other.appId === fields.appId) return undefined;
    const name = catalog.byId(other.appId)?.name ?? other.appId;
    return fields.spEntityId
      ? new AppError(
          'sso_entity_id_taken',
          409,
          `metadata: the entity id ${fields.spEntityId} is already registered for ${name}.`,
        )
      : new AppError('sso_client_id_taken', 409, `The client id is already registered for ${name}.`);
  }

  /** Saves in one transaction with its audit row; a conflict or a stale version is refused (and audited). */
  async function saveChecked(
    fields: RegistrationFields,
    change: 'created' | 'edited' | 'secret_rotated',
    expectedVersion: number | undefined,
    actor: RegistrationActor,
  ) {
    const conflict = await takenBy(fields);
    if (conflict) throw await refused(actor, fields.appId, conflict, 'metadata');
    let saved: SsoRegistration | 'stale';
    try {
      saved = await storage.transaction(async (tx) => {
        const result = await store.save({ fields, change, actor: actor.userId, now: now(), expectedVersion }, tx);
        if (result !== 'stale') await audit.record(changeAudit(result, change, actor), tx);
        return result;
      });
    } catch (error) {
      // A unique index refused it: another save took the entity id or client id between the check and the write.
      const raced = await takenBy(fields);
      if (raced) throw await refused(actor, fields.appId, raced, 'metadata');
      throw error;
    }
    if (saved === 'stale') throw await refused(actor, fields.appId, (await takenBy(fields)) ?? staleVersion());
    return saved;
  }

  return {
    async list(): Promise<SsoRegistrationView[]> {
      return (await store.all()).map(registrationView);
    },

    async get(appId: string): Promise<SsoRegistrationView | undefined> {
      const registration = await store.byAppId(appId);
      return registration && registrationView(registration);
    },

    /** Creates (`version` 0) or edits the app's registration; a new confidential client's secret is in the answer. */
    async save(
      appId: string,
      body: SsoRegistrationBody,
      version: number,
      actor: RegistrationActor,
    ): Promise<SsoSaveAnswer> {
      const app = await ssoAppOf(appId, actor);
      const existing = await store.byAppId(appId);
      // What is wrong with the registration itself is said first: reloading would not fix it.
      const { fields, clientSecret } = await fieldsOf(app, body, existing, actor);
      if ((existing?.version ?? 0) !== version) throw await refused(actor, appId, staleVersion());
      const saved = await saveChecked(fields, existing ? 'edited' : 'created', version, actor);
      return { registration: registrationView(saved), ...(clientSecret ? { clientSecret } : {}) };
    },

    /** A new client secret, shown once; the old one stops working at once. */
    async rotateSecret(appId: string, version: number | undefined, actor: RegistrationActor): Promise<SsoSaveAnswer> {
      const existing = await registered(appId, actor);
      if (existing.protocol !== 'oidc' || existing.clientSecret === null)
        throw await refused(
          actor,
          appId,
          new AppError(
            'sso_no_client_secret',
            400,
            'This app has no client secret: it is a public client or a SAML app.',
          ),
        );
      const clientSecret = newClientSecret();
      const { version: _v, updatedAt: _u, updatedBy: _b, ...fields } = existing;
      const sealed = cipher.seal(clientSecret, clientSecretBinding(appId));
      const saved = await saveChecked(
        { ...fields, clientSecret: sealed },
        'secret_rotated',
        version ?? existing.version,
        actor,
      );
      return { registration: registrationView(saved), clientSecret };
    },

    async remove(appId: string, version: number | undefined, actor: RegistrationActor): Promise<void> {
      const existing = await registered(appId, actor);
      if (version !== undefined && version !== existing.version) throw await refused(actor, appId, staleVersion());
      const removed = await storage.transaction(async (tx) => {
        if (!(await store.remove(appId, actor.userId, now(), tx))) return false;
        await audit.record(changeAudit(existing, 'removed', actor), tx);
        return true;
      });
      if (!removed) throw await refused(actor, appId, staleVersion());
    },

    async history(appId: string): Promise<SsoHistoryEntry[]> {
      const versions = await store.history(appId);
      const names = await namesOf(
        deps.directory,
        versions.map((each) => each.changedBy),
      );
      return versions.map((each) => ({
        version: each.version,
        change: each.change,
        changedBy: each.changedBy === null ? null : (names.get(each.changedBy) ?? each.changedBy),
        changedAt: each.changedAt,
        registration: withoutPublicFlag(registrationView({ ...each.snapshot, clientSecret: null })),
      }));
    },
  };
}

const CHANGE_ACTIONS = {
  created: 'sso.registered',
  edited: 'sso.registration_edited',
  secret_rotated: 'sso.client_secret_rotated',
  removed: 'sso.registration_removed',
} as const;

/** The audit row of a change: what kind of registration, its version and claims; never its secret. */
function changeAudit(registration: SsoRegistration, change: keyof typeof CHANGE_ACTIONS, actor: RegistrationActor) {
  return {
    action: CHANGE_ACTIONS[change],
    outcome: 'success' as const,
    actorUserId: actor.userId,
    appId: registration.appId,
    ip: actor.ip,
    detail: {
      protocol: registration.protocol,
      version: registration.version,
      subject: registration.subject,
      claims: registration.claims,
      ...(registration.spEntityId ? { entityId: registration.spEntityId } : {}),
      ...(registration.clientId ? { clientId: registration.clientId } : {}),
      ...(actor.via ? { via: actor.via } : {}),
    },
  };
}

/** The registration as IT sees it: never the secret, not even sealed. */
export function registrationView(registration: SsoRegistration): SsoRegistrationView {
  const base = {
    appId: registration.appId,
    protocol: registration.protocol,
    version: registration.version,
    subject: registration.subject,
    claims: registration.claims,
    updatedAt: registration.updatedAt,
  };
  if (registration.protocol === 'oidc')
    return {
      ...base,
      oidc: {
        clientId: registration.clientId ?? '',
        publicClient: registration.clientSecret === null,
        redirectUris: registration.redirectUris,
        postLogoutRedirectUris: registration.postLogoutRedirectUris,
      },
    };
  return {
    ...base,
    saml: {
      entityId: registration.spEntityId ?? '',
      acsEndpoints: registration.acsEndpoints,
      nameIdFormat: registration.nameIdFormat ?? 'unspecified',
      attributeNames: registration.attributeNames,
    },
  };
}

function withoutPublicFlag({ oidc, ...view }: SsoRegistrationView): SsoHistoryEntry['registration'] {
  if (!oidc) return view;
  const { publicClient: _unknown, ...client } = oidc;
  return { ...view, oidc: client };
}

type UriProblem = { code: 'redirect_uri_invalid' | 'redirect_uri_insecure' | 'redirect_uri_fragment'; text: string };

/** A redirect URI: absolute https without a fragment (RFC 6749 3.1.2); http only on loopback and *.test in development. */
export function redirectUriProblem(uri: string, allowDevelopmentHttp: boolean): UriProblem | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { code: 'redirect_uri_invalid', text: 'is not a web address' };
  }
  if (uri.includes('#')) return { code: 'redirect_uri_fragment', text: 'must not have a fragment (#…)' };
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowDevelopmentHttp && isDevelopmentHost(url.hostname)) return undefined;
  return { code: 'redirect_uri_insecure', text: 'must use https (http only for localhost and *.test in development)' };
}

async function namesOf(directory: Pick<Directory, 'findById'>, ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  const pairs = await Promise.all(
    unique.map(async (id) => {
      const person = await directory.findById(id);
      return [id, person ? displayName(person) : id] as const;
    }),
  );
  return new Map(pairs);
}
