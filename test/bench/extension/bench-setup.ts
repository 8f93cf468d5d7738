// The extension bench's world: a copy of the extension under its own id, the portal, the browsers, and
// everything removed again on exit (the policy file first: it is global to the machine).
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, startPortal } from '../../helpers/browser';
import { extensionIdFromKey } from '../../helpers/extension-browser';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXTENSION_BUILD = path.join(REPO_ROOT, '.output/chrome-mv3');
export const WEB_ROOT = path.join(REPO_ROOT, 'dist/web');
export const STUDENT = 'demo.student.g4';

export const tempDirs: string[] = [];
export const contexts: BrowserContext[] = [];
export const closers: (() => Promise<void>)[] = [];
let removePolicy: (() => void) | undefined;

/** Writes the bench's policy file, removed again by cleanUp or at exit. */
export function setPolicy(write: () => () => void) {
  removePolicy = write();
}

export function makeTempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeFilesNow() {
  removePolicy?.();
  removePolicy = undefined;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export async function cleanUp() {
  // The policy file goes first: it is global to the machine.
  removePolicy?.();
  removePolicy = undefined;
  const withTimeout = (promise: Promise<unknown>) =>
    Promise.race([promise.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  await Promise.all(contexts.splice(0).map((context) => withTimeout(context.close())));
  await Promise.all(closers.splice(0).map((close) => withTimeout(close())));
  removeFilesNow();
}

// Playwright kills its browsers on exit; this removes the policy file and the profiles even then.
process.once('exit', removeFilesNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

/** A copy of the built extension under a fresh key: its own id, so its policy never meets the tests'. */
export function benchExtension() {
  const dir = path.join(makeTempDir('gatehouse-bench-extension-'), 'chrome-mv3');
  fs.cpSync(EXTENSION_BUILD, dir, { recursive: true });
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  manifest.key = key;
  // Unpacked copies are not updated anyway; without it nothing can even try to reach the tests' portal.
  delete manifest.update_url;
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return { dir, id: extensionIdFromKey(key), version: String(manifest.version) };
}

export interface PortalHit {
  method: string;
  path: string;
  at: number;
}

/**
 * The portal as test/helpers/browser.ts startPortal() starts it (in-memory demo district, built UI, public
 * URL = its loopback origin), plus two things for the bench: it names the bench's extension id at
 * /extension/extension.json (where the page learns whom to talk to), and it notes when each request arrives.
 */
export async function startBenchPortal(extension: { id: string; version: string }) {
  const hits: PortalHit[] = [];
  const portal = await startPortal({
    intercept: (request, next) => {
      const at = Date.now();
      const { pathname } = new URL(request.url);
      if (pathname === '/extension/extension.json')
        return Response.json({ id: extension.id, version: extension.version });
      hits.push({ method: request.method, path: pathname, at });
      return next(request);
    },
  });
  return { ...portal, hits };
}
export type BenchPortal = Awaited<ReturnType<typeof startBenchPortal>>;

/** A headless Chromium on loopback like the tests', optionally with the bench's copy of the extension. */
export async function launchBrowser(extensionDir?: string) {
  const context = await chromium.launchPersistentContext(makeTempDir('gatehouse-bench-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    // This process removes the policy file first on a signal; Playwright kills the browsers on exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Playwright's --disable-extensions stays: --load-extension still works, and no policy force-install
    // (the browser tests write some) can add another extension to either browser.
    args: [
      ...CHROMIUM_ARGS,
      '--lang=en-US',
      ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
    ],
  });
  contexts.push(context);
  context.setDefaultTimeout(15_000);
  return context;
}

/** Polls `check` every 10 ms until it gives a value; fails naming `what`. */
export async function poll<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
