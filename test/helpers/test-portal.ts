import type { SamlKeys } from '../../server/federation/saml-keys';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../server/app';
import { createPasswordHasher, type PasswordHasher } from '../../server/auth/password-hasher';
import type { Storage, SqliteDb } from '../../server/storage/storage';
import { createTestStorage } from './test-storage';
import { seedDemoDistrict } from '../../server/demo/seed';
import { seedDemoVault } from '../../server/demo/fixture-apps';
import { seedDemoAccounts } from '../../server/demo/demo-accounts';
import { generateSigningKeys, createSigningKeys, type StoredSigningKey } from '../../server/extension/signing-keys';
import { createManagedDeviceSecrets, newDeviceSecret } from '../../server/extension/managed-device-secrets';
import { createVaultCipher, generateVaultKeyring, type VaultCipher } from '../../server/vault/cipher';
import type { NetworkLimit } from '../../server/auth/sign-in-throttle';
import type { Config } from '../../server/config';
import { DEFAULT_BADGE_POLICY } from '../../server/badges/badge-policy';
import { DEFAULT_ACCOUNT_POLICY } from '../../server/accounts/account-policy';
import { createOidcKeys, generateOidcKeyList } from '../../server/federation/oidc-keys';

export const DEMO_PASSWORD = 'Test-Demo-Password-1';
export const PUBLIC_URL = 'http://127.0.0.1:8787';

const DEFAULT_TEST_ROSTER: Config['roster'] = {
  usernames: 'sis',
  flagColumns: {},
  holdShare: 0.1,
  dropFolder: null,
  checkEveryMs: 60_000,
};

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 23, 8, 0, 0)) {
  let current = start;
  return { now: () => current, advance: (ms: number) => void (current += ms) };
}

const hasher = createPasswordHasher({ concurrency: 2, maxQueue: 64 });
let demoHash: Promise<string> | undefined;

/** A fresh in-memory portal with the real migrations and the Lakeside demo district. */
export async function createTestPortal(
  options: {
    now?: () => number;
    networkLimit?: NetworkLimit;
    webRoot?: string;
    publicUrl?: string;
    hasher?: PasswordHasher;
    /** A SQLite database file (for tests that need a second connection); in memory otherwise. */
    databaseFile?: string;
    /** An existing portal's storage, as a restarted or second process would open it (not seeded again). */
    storage?: Storage;
    cipher?: VaultCipher;
    /** Where the published extension (CRX, extension.json) is read from; dist/extension otherwise. */
    extensionDistDir?: string;
    /** How often the portal looks for catalog and connector changes made by other processes. */
    checkChangesEveryMs?: number;
    /** The roster policy (hold share, usernames); the defaults otherwise. */
    roster?: Partial<Config['roster']>;
    /** The badge policy (grades, flags, picture step); the defaults otherwise. */
    badges?: Partial<Config['badges']>;
    /**
     * The account policy; the defaults otherwise, but with the staff second factor off: tests of other features
     * sign staff in with a password alone. Tests of the second factor ask for `staffSecondFactor: 'required'`.
     */
    accounts?: Partial<Config['accounts']>;
    /** The SAML IdP's signing keys (a key file, for rollover tests); made in memory on first use otherwise. */
    samlKeys?: SamlKeys;
  } = {},
) {
  const storage =
    options.storage ??
    (await createTestStorage(options.databaseFile ? { engine: 'sqlite', sqliteFile: options.databaseFile } : {}));
  const startedAt = options.now?.() ?? Date.now();
  const cipher = options.cipher ?? createVaultCipher(generateVaultKeyring());
  if (!options.storage) {
    await seedDemoDistrict(storage, await (demoHash ??= hasher.hash(DEMO_PASSWORD)), startedAt);
    await seedDemoVault(storage, cipher, startedAt);
    await seedDemoAccounts(storage, cipher, DEMO_PASSWORD, startedAt);
  }
  // Held in a list the test can add to, as `rotate-signing-key` adds to the file.
  const signingKeyList: StoredSigningKey[] = await generateSigningKeys(startedAt);
  const oidcKeyList: StoredSigningKey[] = await generateOidcKeyList(startedAt);
  const deviceSecrets = createManagedDeviceSecrets({ secrets: [newDeviceSecret(startedAt)] }, options.now);
  const portal = await createApp({
    storage,
    keys: {
      cipher,
      signingKeys: createSigningKeys({ keys: signingKeyList }),
      deviceSecrets,
      pairwiseSecret: randomBytes(32),
      samlKeys: options.samlKeys,
      oidcKeys: createOidcKeys({ keys: oidcKeyList }),
    },
    now: options.now,
    hasher: options.hasher ?? hasher,
    networkLimit: options.networkLimit,
    checkChangesEveryMs: options.checkChangesEveryMs,
    config: {
      publicUrl: options.publicUrl ?? PUBLIC_URL,
      hashConcurrency: 2,
      sessionIdleMs: 60 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      webRoot: options.webRoot ?? '/nonexistent-web-root',
      allowDevelopmentHttp: true,
      extensionDistDir: options.extensionDistDir,
      ...(options.roster ? { roster: { ...DEFAULT_TEST_ROSTER, ...options.roster } } : {}),
      ...(options.badges ? { badges: { ...DEFAULT_BADGE_POLICY, ...options.badges } } : {}),
      accounts: { ...DEFAULT_ACCOUNT_POLICY, staffSecondFactor: 'off', ...options.accounts },
    },
  });
  const testPortal = {
    ...portal,
    storage,
    cipher,
    signingKeyList,
    /** The OIDC provider's ID token keys; a test adds one as `rotate-oidc-keys` would. */
    oidcKeyList,
    /** The managed-device secret a managed extension's policy would carry. */
    deviceSecret: deviceSecrets.current(),
    request: requester(portal.app, options.publicUrl ?? PUBLIC_URL),
  };
  // Not enumerable, so spreading the portal (`{ ...portal }` as a set of stores) does not trip it.
  return Object.defineProperty(testPortal, 'db', {
    /** The SQLite handle, for tests that look inside the SQLite file; refused on PostgreSQL. */
    get(): SqliteDb {
      if (storage.engine !== 'sqlite') throw new Error('This test reads SQLite directly; it cannot run on PostgreSQL.');
      return storage.db;
    },
  }) as typeof testPortal & { readonly db: SqliteDb };
}

type Requestable = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** `app.request` with the headers a same-origin page would send. */
function requester(app: Requestable, origin: string) {
  /** Any method, with JSON and the page's own origin, as the portal's UI sends it. */
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    cookie?: string,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    get: async (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} }),
    post: async (path: string, body: unknown, cookie?: string, headers: Record<string, string> = {}) =>
      send('POST', path, body, cookie, headers),
    send,
  };
}

/** Signs in and returns the `name=value` cookie for later requests. */
export async function signIn(
  portal: { request: ReturnType<typeof requester> },
  username: string,
  password = DEMO_PASSWORD,
) {
  const response = await portal.request.post('/api/auth/sign-in', { username, password });
  if (response.status !== 200)
    throw new Error(`sign-in as ${username} failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
