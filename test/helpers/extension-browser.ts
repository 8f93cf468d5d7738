import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { BrowserContext, Worker } from 'playwright-core';
import type { ManagedDeviceSecret } from '../../shared/extension/managed-proof';
import type { ManagedConfig } from '../../shared/managed-config';
import { startFixtureApps } from '../fixtures/fixture-apps';
import { EXTENSION_BUILD, launchChromium, startPortal } from './browser';
import type { createTestPortal } from './test-portal';

/**
 * Chrome policy for the built extension, as a district would set it (BROWSER-TESTING.md §3–4). Debian's
 * Chromium reads every JSON file in this directory; files are global to the machine, so the tests that
 * write them run one file at a time (the `extension` project in test/vitest.config.ts).
 */
export const POLICY_DIR = process.env.CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';

/** Chrome's id for a manifest key: the first 32 hex digits of its SHA-256, written with the letters a–p. */
export function extensionIdFromKey(base64Spki: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Spki, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

export function builtExtensionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_BUILD, 'manifest.json'), 'utf8')) as {
    key?: string;
  };
  if (!manifest.key) throw new Error('The built extension has no manifest key: run `npm run build:extension`.');
  return extensionIdFromKey(manifest.key);
}

/** Writes one policy file; returns a function that removes it. */
export function writePolicy(fileName: string, policy: object): () => void {
  fs.mkdirSync(POLICY_DIR, { recursive: true });
  const file = path.join(POLICY_DIR, fileName);
  fs.writeFileSync(file, JSON.stringify(policy, null, 2));
  return () => fs.rmSync(file, { force: true });
}

/** The `3rdparty` policy that becomes the extension's `chrome.storage.managed`. */
export const managedConfigPolicy = (extensionId: string, config: ManagedConfig) => ({
  '3rdparty': { extensions: { [extensionId]: config } },
});

/** The district's configuration for a portal, with the managed-device secret its policy carries. */
export const districtConfig = (
  { origin, deviceSecret }: { origin: string; deviceSecret: ManagedDeviceSecret },
  extra: Partial<ManagedConfig> = {},
): ManagedConfig => ({
  portalOrigin: origin,
  apiBase: origin,
  canonicalPortalUrl: `${origin}/`,
  districtName: 'Lakeside ISD',
  bookmarkAliases: [],
  deviceSecretId: deviceSecret.id,
  deviceSecret: deviceSecret.secret,
  ...extra,
});

/** The extension's service worker, once it is running. */
export async function extensionWorker(browser: BrowserContext, extensionId: string): Promise<Worker> {
  const isOurs = (worker: Worker) => worker.url().startsWith(`chrome-extension://${extensionId}/`);
  return (
    browser.serviceWorkers().find(isOurs) ??
    (await browser.waitForEvent('serviceworker', { predicate: isOurs, timeout: 20_000 }))
  );
}

/** Polls until `check` gives a truthy value; fails naming `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until Chrome has handed the extension its managed configuration (seconds late on a fresh profile). */
export const managedConfigArrived = (worker: Worker) =>
  eventually('the managed configuration', () =>
    worker.evaluate(async () => {
      const values = await chrome.storage.managed.get(null);
      return Object.keys(values).length > 0 ? values : null;
    }),
  );

/** Waits until the extension holds a session (the portal page paired it). */
export const extensionSignedIn = (worker: Worker) =>
  eventually('the extension to be paired', () =>
    worker.evaluate(async () => {
      const stored = await chrome.storage.session.get('extensionSession');
      return (stored.extensionSession as { person: { username: string } } | undefined)?.person.username ?? null;
    }),
  );

type PortalWithVault = Pick<Awaited<ReturnType<typeof createTestPortal>>, 'vault' | 'connectors' | 'directory'>;

/** The sign-in the vault holds for this person and app: what a fill must deliver, and only there. */
export async function storedCredential(portal: PortalWithVault, username: string, appId: string) {
  const person = (await portal.directory.findByUsername(username))!;
  const connector = portal.connectors.current(appId)!;
  const chosen = (await portal.vault.entries.resolve(person, appId, connector.definition.userEntries))!;
  return portal.vault.entries.open(chosen.entry, person)!;
}

/**
 * A district's managed Chromebook for one test file: the practice apps, a portal, the extension's policy
 * (written machine-wide under `policyFile`), Chromium with the built extension, and its service worker once
 * the managed configuration has arrived. `close()` undoes all of it.
 */
export async function startManagedDistrict(policyFile: string, portalOptions?: Parameters<typeof startPortal>[0]) {
  const fixtures = await startFixtureApps();
  const portal = await startPortal(portalOptions);
  const extensionId = builtExtensionId();
  const removePolicy = writePolicy(policyFile, managedConfigPolicy(extensionId, districtConfig(portal)));
  const browser = await launchChromium({ withExtension: true, args: ['--lang=en-US'] });
  const worker = await extensionWorker(browser, extensionId);
  await managedConfigArrived(worker);
  const close = async () => {
    removePolicy();
    await browser.cleanup();
    await portal.close();
    await fixtures.close();
  };
  return { fixtures, portal, browser, worker, extensionId, close };
}
