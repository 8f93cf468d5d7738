import { sql } from 'drizzle-orm';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createAccessAdminRoutes, createTileRoutes } from './apps/routes';
import { createAppCatalog } from './apps/catalog';
import { createCatalogAdminRoutes } from './apps/catalog-admin-routes';
import { createCatalogEditor } from './apps/catalog-editor';
import { createCatalogStore } from './apps/catalog-store';
import { createAuditLog } from './audit/audit-log';
import { createAuditRoutes } from './audit/routes';
import { createPasswordHasher, type PasswordHasher } from './auth/password-hasher';
import { createPasswordSignIn } from './auth/password-sign-in';
import { createAuthRoutes } from './auth/routes';
import { createSessionStore } from './auth/sessions';
import { createSignInThrottle, type NetworkLimit } from './auth/sign-in-throttle';
import { cookieHolder, requireViewer, sessionCookieName } from './auth/viewer';
import { loadConfig, type Config } from './config';
import { byEngine, type Storage } from './storage/storage';
import { createDirectory } from './directory/directory';
import { createPortalRoutes } from './directory/routes';
import { notFound, renderError } from './errors';
import { KB, limitBody, MB } from './http/body-limit';
import { csrfGuard } from './http/csrf';
import type { AppEnv } from './http/env';
import { createWebRoutes } from './web/static';
import { createConnectorStore } from './connectors/connector-store';
import { createConnectorRoutes } from './connectors/routes';
import { createConnectorTests } from './connector-tests/connector-tests';
import { createConnectorTestAdminRoutes, createConnectorTestDeviceRoutes } from './connector-tests/routes';
import { createDraftCaptureRoutes, createDraftReviewRoutes } from './connectors/draft-routes';
import { createConnectorDraftStore } from './connectors/drafts';
import { watchChanges } from './storage/change-generations';
import { createExtensionSessionStore } from './extension/extension-sessions';
import { requireDevice } from './extension/device-auth';
import { createExtensionRoutes, createPairingRoutes } from './extension/routes';
import {
  createExtensionAdminRoutes,
  createExtensionDownloadRoutes,
  publishedExtension,
} from './extension/deployment/routes';
import type { ManagedDeviceSecrets } from './extension/managed-device-secrets';
import type { SigningKeys } from './extension/signing-keys';
import { createExtensionTokens } from './extension/tokens';
import type { VaultCipher } from './vault/cipher';
import { createVaultAdminRoutes } from './vault/admin-routes';
import { createVaultPersonRoutes } from './vault/person-routes';
import { createVault } from './vault/vault';
import { createRosterRoutes } from './roster/routes';
import { rosterServiceFor, type RosterService } from './roster/roster-service';
import { createBadgeService } from './badges/badge-service';
import { createBadgeStore } from './badges/badge-store';
import { createBadgeRoutes, createBadgeSignInRoutes } from './badges/routes';
import { sessionCookieSetter, sessionStarter } from './auth/session-cookie';
import { createAccountStore } from './accounts/account-store';
import { createAccountService } from './accounts/account-service';
import { codeHasher } from './accounts/codes';
import { createAccountRoutes } from './accounts/routes';
import { createAccountHelperRoutes } from './accounts/helper-routes';
import { createAuthority } from './grants/authority';
import { createRegistrationStore } from './federation/registration-store';
import { createSignInGate } from './federation/sign-in-gate';
import { createRegistrationRoutes, SSO_SAVE_PATH } from './federation/registration-routes';
import { createRegistrationService } from './federation/registration-service';
import { inMemorySamlKeys, type SamlKeys } from './federation/saml-keys';
import { createSamlIdp } from './federation/saml/saml-idp';
import { createSamlRoutes } from './federation/saml/routes';
import { createSamlSignOutRoutes } from './federation/saml/sign-out';
import { createOidcProvider } from './federation/oidc/provider';
import { createOidcRoutes, OIDC_PATHS } from './federation/oidc/routes';
import { createOidcPayloadStore } from './federation/oidc/payload-store';
import { createOidcKeys, type OidcKeys } from './federation/oidc-keys';
import { generateStoredSigningKey } from './extension/signing-keys';
import { createGrantStore } from './grants/grant-store';
import { createGrantService } from './grants/grant-service';
import { createGrantRoutes } from './grants/routes';
import { SIGN_IN_STEPS } from '../shared/accounts';
import { createMyClassesRoutes, createPeopleRoutes } from './people/routes';

export interface AppDeps {
  storage: Storage;
  config: Pick<
    Config,
    'publicUrl' | 'hashConcurrency' | 'sessionIdleMs' | 'sessionMaxMs' | 'webRoot' | 'allowDevelopmentHttp'
  > &
    Partial<Pick<Config, 'extensionDistDir' | 'roster' | 'badges' | 'accounts' | 'schoolYearEnds'>>;
  /** The vault's encryption, the extension tokens' signing keys and the managed-device secrets, kept outside the database. */
  keys: {
    cipher: VaultCipher;
    signingKeys: SigningKeys;
    deviceSecrets: ManagedDeviceSecrets;
    pairwiseSecret: Buffer;
    /** The SAML IdP's signing keys; made in memory on first use when not given (tests). */
    samlKeys?: SamlKeys;
    /** The OIDC provider's ID token keys; a fresh in-memory key when not given (tests of other features). */
    oidcKeys?: OidcKeys;
  };
  /** Milliseconds since the epoch; injected so tests can move time. */
  now?: () => number;
  hasher?: PasswordHasher;
  networkLimit?: NetworkLimit;
  /** How often in-memory copies (catalog, connectors) look for changes made by other processes; 1 s by default. */
  checkChangesEveryMs?: number;
  /** The roster sync the admin routes call; built on `storage` with `config.roster` when not given. */
  roster?: RosterService;
}

/** Every JSON body but the file imports' fits: a connector is a few kB. */
const DEFAULT_BODY_LIMIT = 64 * KB;
/** An app's uploaded icon: a picture, bounded by the catalog's routes once the sender may manage the catalog. */
const CATALOG_ICON_PATH = /^\/api\/admin\/catalog\/apps\/[^/]+\/icon$/;
/** The catalog's own limits (the import's, the icon's) apply once the sender is known to manage the catalog. */
const CATALOG_OWN_LIMITS = ['/api/admin/catalog/import', CATALOG_ICON_PATH];
/** The routes that take files (under /api), read this far only once the sender is known to be IT or an admin. */
const UPLOAD_LIMITS: Record<string, number> = {
  '/admin/vault/import': 8 * MB,
  '/admin/connectors/import': 4 * MB,
  // A 60k-student district's OneRoster .zip is about 10 MB; a 200k one fits too.
  '/admin/roster/preview': 64 * MB,
  '/admin/roster/import': 64 * MB,
};
/** The uploads sent as files (a .zip, .csv files) rather than JSON; the CSRF guard asks them for a custom header. */
const FILE_UPLOADS = ['/api/admin/roster/preview', '/api/admin/roster/import', CATALOG_ICON_PATH];
const DEFAULT_NETWORK_LIMIT: NetworkLimit = { failuresPerWindow: 1_000, windowMs: 15 * 60_000 };

/** Builds the whole portal as one Hono app; `main.ts` serves it and tests call `app.request()`. */
export async function createApp({
  storage,
  config,
  keys,
  now = Date.now,
  hasher,
  networkLimit = DEFAULT_NETWORK_LIMIT,
  checkChangesEveryMs,
  roster: givenRoster,
}: AppDeps) {
  const secure = config.publicUrl.startsWith('https://');
  const cookieName = sessionCookieName(secure);
  const audit = createAuditLog(storage, now);
  const directory = createDirectory(storage, now);
  // Stop it (`changes.close()`) before closing the storage.
  const changes = watchChanges(storage, { checkEveryMs: checkChangesEveryMs });
  const catalog = await createAppCatalog(storage, changes);
  const sessions = createSessionStore(storage, now, { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs });
  const passwordHasher = hasher ?? createPasswordHasher({ concurrency: config.hashConcurrency, maxQueue: 64 });
  const throttle = createSignInThrottle(storage, now, networkLimit, () => keys.cipher.deriveSecret('sign-in-throttle'));
  const accountPolicy = config.accounts ?? loadConfig({}).accounts;
  const accounts = createAccountService({
    storage,
    store: createAccountStore(storage),
    directory,
    sessions,
    throttle,
    audit,
    hasher: passwordHasher,
    cipher: keys.cipher,
    policy: accountPolicy,
    codes: codeHasher(),
    decoyKey: keys.cipher.deriveSecret('recovery-decoy'),
    issuer: 'Gatehouse',
    now,
  });
  const signInWithPassword = createPasswordSignIn({
    directory,
    hasher: passwordHasher,
    throttle,
    audit,
    credentialOf: accounts.credentialOf,
  });
  const badges = createBadgeService({
    storage,
    store: createBadgeStore(storage),
    directory,
    sessions,
    throttle,
    audit,
    policy: config.badges ?? loadConfig({}).badges,
    pictureKey: keys.cipher.deriveSecret('badge-pictures'),
    now,
  });
  const grants = createGrantStore(storage);
  const authority = createAuthority({ directory, grants, audit, teacherResets: accountPolicy.teacherResets, now });
  const grantService = createGrantService({
    storage,
    store: grants,
    directory,
    audit,
    schoolYearEnds: config.schoolYearEnds ?? loadConfig({}).schoolYearEnds,
    now,
  });
  const viewer = requireViewer(sessions, directory, cookieName, badges.isEligible);
  const anySession = requireViewer(sessions, directory, cookieName, badges.isEligible, SIGN_IN_STEPS);
  const setSessionCookie = sessionCookieSetter(cookieName, secure);
  const startSession = sessionStarter(sessions, setSessionCookie);
  const connectors = await createConnectorStore(storage, changes, now, {
    allowDevelopmentHttp: config.allowDevelopmentHttp,
  });
  const vault = createVault({ storage, cipher: keys.cipher, connectors, catalog, directory, audit, now });
  const extensionSessions = createExtensionSessionStore(storage, now);
  const roster =
    // Callers (tests) that pass no roster policy get the one an unset environment gives.
    givenRoster ??
    rosterServiceFor(storage, { ...config, roster: config.roster ?? loadConfig({}).roster }, now, accounts.provision);
  const tokens = createExtensionTokens(keys.signingKeys, {
    issuer: config.publicUrl,
    audience: `${config.publicUrl}/api/extension`,
    now,
  });

  const registrations = createRegistrationStore(storage);
  const samlKeys = keys.samlKeys ?? inMemorySamlKeys();
  const signInGate = createSignInGate({
    ...{ sessions, directory, catalog, registrations, audit, cookieName },
    badgeStillAllowed: badges.isEligible,
    pairwiseSecret: keys.pairwiseSecret,
    publicUrl: config.publicUrl,
  });

  const app = new Hono<AppEnv>();
  app.onError(renderError);
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      // A page that sets its own policy keeps it (the SAML POST page lets its form go to the app's ACS).
      overwrite: false,
    }),
  );
  // Bounded before any route reads it: one unauthenticated upload must not be able to fill the memory. Routes
  // with their own limit are left to it: the two anonymous ones are smaller, the uploads larger but only
  // read once the sender is known to be IT.
  const uploadPaths = Object.keys(UPLOAD_LIMITS).map((path) => `/api${path}`);
  const ownLimits = [
    ...uploadPaths,
    ...CATALOG_OWN_LIMITS,
    SSO_SAVE_PATH,
    '/api/auth/sign-in',
    '/api/auth/badge',
    '/api/auth/badge/pictures',
    '/api/auth/claim',
    '/api/auth/claim/check',
    '/api/auth/recover',
    '/api/auth/recover/start',
    '/api/extension/session',
    OIDC_PATHS,
  ];
  app.use('*', limitBody(DEFAULT_BODY_LIMIT, { except: ownLimits }));
  // A database that cannot answer throws, which renders as a 500 for the monitor.
  const pingDatabase = databasePing(storage);
  app.get('/healthz', async (c) => {
    await pingDatabase();
    return c.json({ status: 'ok' });
  });

  const routeNotFound = (c: Context): never => {
    throw notFound(`API route ${c.req.method} ${c.req.path}`);
  };
  const noStore: MiddlewareHandler = async (c, next) => {
    // Set before the handler runs: setting it on a finished response forces @hono/node-server off its fast path.
    c.header('Cache-Control', 'no-store');
    await next();
  };
  // The extension's API carries no cookies (each call proves itself), so it sits outside the CSRF guard.
  const extensionApi = new Hono<AppEnv>();
  extensionApi.use('*', noStore);
  const deviceAuth = {
    tokens,
    extensionSessions,
    directory,
    publicUrl: config.publicUrl,
    sessions,
    now,
    badgeStillAllowed: badges.isEligible,
  };
  extensionApi.route(
    '/',
    createExtensionRoutes({
      ...deviceAuth,
      keys: keys.signingKeys,
      deviceSecrets: keys.deviceSecrets,
      vault,
      audit,
    }),
  );
  const connectorTests = createConnectorTests({
    ...{ storage, cipher: keys.cipher, connectors, catalog, audit, now },
    allowDevelopmentHttp: config.allowDevelopmentHttp,
    mayTest: (person) => authority.holdsDistrictWide(person, 'manage_district'),
  });
  extensionApi.route('/connector-tests', createConnectorTestDeviceRoutes({ ...deviceAuth, tests: connectorTests }));
  const connectorDrafts = {
    ...{ storage, drafts: createConnectorDraftStore(storage), connectors, catalog, directory, audit, authority, now },
    allowDevelopmentHttp: config.allowDevelopmentHttp,
  };
  extensionApi.route(
    '/connector-drafts',
    createDraftCaptureRoutes({ ...connectorDrafts, requireDevice: requireDevice(deviceAuth) }),
  );
  extensionApi.all('*', routeNotFound);
  app.route('/api/extension', extensionApi);

  const api = new Hono<AppEnv>();
  api.use(
    '*',
    csrfGuard(config.publicUrl, { audit, whoIs: cookieHolder(sessions, cookieName), fileUploads: FILE_UPLOADS }),
  );
  api.use('*', noStore);
  api.route('/portal', createPortalRoutes(directory));
  api.route(
    '/auth',
    createAuthRoutes({
      signInWithPassword,
      sessions,
      audit,
      cookieName,
      secureCookie: secure,
      requireViewer: viewer,
      anySession,
      startSession,
      stepAfterPassword: accounts.stepAfterPassword,
      mayChangePassword: accounts.mayChangePassword,
      rightsOf: authority.rightsOf,
      now,
    }),
  );
  api.route('/auth', createAccountRoutes({ accounts, sessions, startSession, anySession, audit, now }));
  api.route(
    '/accounts',
    createAccountHelperRoutes({
      accounts,
      directory,
      audit,
      policy: accountPolicy,
      authority,
      requireViewer: viewer,
      publicUrl: config.publicUrl,
    }),
  );
  const people = {
    ...{ storage, directory, accounts, badges, throttle, vault, catalog, connectors, audit, authority, now },
    requireViewer: viewer,
  };
  api.route('/people', createPeopleRoutes(people));
  api.route('/my-classes', createMyClassesRoutes(people));
  api.route('/auth/badge', createBadgeSignInRoutes({ badges, setSessionCookie }));
  api.route('/badges', createBadgeRoutes({ badges, directory, audit, authority, requireViewer: viewer, now }));
  api.route('/grants', createGrantRoutes({ grants: grantService, authority, audit, requireViewer: viewer }));
  api.route('/apps', createTileRoutes({ catalog, directory, requireViewer: viewer }));
  api.route('/auth/extension', createPairingRoutes({ extensionSessions, audit, requireViewer: viewer }));
  api.route('/vault', createVaultPersonRoutes({ storage, vault, catalog, directory, audit, requireViewer: viewer }));
  const catalogEditing = {
    storage,
    store: createCatalogStore(storage),
    catalog,
    directory,
    audit,
    now,
    allowDevelopmentHttp: config.allowDevelopmentHttp,
  };
  // Before IT's guard: whoever holds `manage_catalog` district-wide (IT, district admins, an `it` grant).
  api.use('/admin/catalog/*', viewer, authority.requireDistrictWide('manage_catalog'));
  api.route(
    '/admin/catalog',
    createCatalogAdminRoutes({ ...catalogEditing, editor: createCatalogEditor(catalogEditing) }),
  );
  api.use('/admin/sso/*', viewer, authority.requireDistrictWide('manage_catalog'));
  api.route(
    '/admin/sso',
    createRegistrationRoutes({
      ...{ registrations, signInGate, directory, audit, now },
      publicUrl: config.publicUrl,
      idp: { samlCertificates: () => samlKeys.publishedCertificates() },
      service: createRegistrationService({ ...catalogEditing, store: registrations, cipher: keys.cipher }),
    }),
  );
  api.use('/admin/*', viewer, authority.requireDistrictWide('manage_district'));
  for (const [path, maxBytes] of Object.entries(UPLOAD_LIMITS)) api.use(path, limitBody(maxBytes));
  api.route('/admin/audit', createAuditRoutes(audit));
  api.route('/admin/vault', createVaultAdminRoutes({ storage, vault, catalog, directory, audit }));
  api.route('/admin/connectors', createConnectorRoutes({ connectors, catalog, audit }));
  api.route('/admin/connector-tests', createConnectorTestAdminRoutes({ tests: connectorTests }));
  api.route('/admin/connector-drafts', createDraftReviewRoutes(connectorDrafts));
  api.route('/admin/roster', createRosterRoutes({ roster, audit }));
  const extensionBuild = { build: publishedExtension(config.extensionDistDir), publicUrl: config.publicUrl };
  api.route(
    '/admin/extension',
    createExtensionAdminRoutes({ storage, directory, deviceSecrets: keys.deviceSecrets, audit, ...extensionBuild }),
  );
  api.route('/admin', createAccessAdminRoutes({ catalog, directory, audit, extensionSessions }));
  api.all('*', routeNotFound);
  app.route('/api', api);
  app.route('/extension', createExtensionDownloadRoutes(extensionBuild));
  // Federation, outside /api: the apps' browsers come here by redirect or form post, without the page's CSRF
  // header. The OIDC provider (discovery, /oidc/*), the SAML IdP (/saml/*) and tile launches (/sso/*) mount here.
  const samlIdp = createSamlIdp({ keys: samlKeys, publicUrl: config.publicUrl, now });
  app.route('/', createSamlRoutes({ idp: samlIdp, signInGate, registrations, catalog, audit }));
  app.route(
    '/',
    createSamlSignOutRoutes({ gate: signInGate, sessions, audit, cookieName, publicUrl: config.publicUrl }),
  );
  const oidcPayloads = createOidcPayloadStore(storage, now);
  const oidc = createOidcProvider({
    ...{ publicUrl: config.publicUrl, payloads: oidcPayloads, registrations, catalog, directory, audit, sessions },
    gate: signInGate,
    cipher: keys.cipher,
    keys: keys.oidcKeys ?? createOidcKeys({ keys: [await generateStoredSigningKey(now())] }),
    portalCookie: { name: cookieName, secure },
  });
  app.route(
    '/',
    createOidcRoutes({ oidc, gate: signInGate, publicUrl: config.publicUrl, portalCookieName: cookieName }),
  );
  app.route('/', createWebRoutes(config.webRoot));

  return {
    app,
    catalog,
    sessions,
    audit,
    directory,
    connectors,
    vault,
    extensionSessions,
    tokens,
    changes,
    roster,
    badges,
    accounts,
    grants,
    grantService,
    authority,
    registrations,
    signInGate,
    oidcPayloads,
  };
}

/** The cheapest statement each engine answers; it throws when the database cannot. */
function databasePing(storage: Storage): () => Promise<void> {
  return byEngine(storage, {
    sqlite: (sqlite) => {
      const select = sqlite.db.$client.prepare('SELECT 1');
      return async () => void (await sqlite.run(undefined, () => select.get()));
    },
    postgres: (postgres) => async () => void (await postgres.db.execute(sql`SELECT 1`)),
  });
}
