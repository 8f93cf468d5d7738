import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestPortal, DEMO_PASSWORD } from './test-portal';

export const WEB_ROOT = path.resolve('dist/web');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Keeps Chromium on loopback: `*.test` names map to 127.0.0.1, every other name fails to resolve. */
export const LOOPBACK_ONLY =
  '--host-resolver-rules=MAP *.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1';

/**
 * A real listening portal (built UI, in-memory database with the demo district) on a loopback port, whose
 * public URL is its real origin (device proofs name it). `port` 0 picks a free one.
 */
export async function startPortal(
  options: {
    port?: number;
    extensionDistDir?: string;
    /** The district's badge policy (grades, flags, picture step); the defaults otherwise. */
    badges?: NonNullable<Parameters<typeof createTestPortal>[0]>['badges'];
    /** The district's account policy; as createTestPortal's (staff second factor off) otherwise. */
    accounts?: NonNullable<Parameters<typeof createTestPortal>[0]>['accounts'];
    /** The portal's clock (milliseconds), for tests that step authenticator codes. */
    now?: () => number;
    /** Sees every request first, and answers it or hands it on (the bench times requests this way). */
    intercept?: (
      request: Request,
      next: (request: Request) => Response | Promise<Response>,
    ) => Response | Promise<Response>;
  } = {},
) {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` first (npm test does it).');
  }
  // The Node request and response (`env`) go along: the OIDC provider answers on them directly.
  type Handler = (request: Request, env?: unknown) => Response | Promise<Response>;
  let handle: Handler = () => new Response('starting', { status: 503 });
  const server = await new Promise<Server>((resolve) => {
    const fetch = (request: Request, env: unknown) =>
      options.intercept ? options.intercept(request, (next) => handle(next, env)) : handle(request, env);
    const started = serve({ fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, () => resolve(started as Server));
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const portal = await createTestPortal({
    webRoot: WEB_ROOT,
    publicUrl: origin,
    extensionDistDir: options.extensionDistDir,
    badges: options.badges,
    accounts: options.accounts,
    now: options.now,
  });
  handle = (request, env) => portal.app.fetch(request, env as never);
  return {
    ...portal,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Flags every test browser gets: root-safe, quiet, and kept on loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  LOOPBACK_ONLY,
];

export const EXTENSION_BUILD = path.resolve('.output/chrome-mv3');

/** One headless Chromium per test file, with a throwaway profile; optionally with the built extension loaded. */
export async function launchChromium(
  options: {
    args?: string[];
    withExtension?: boolean;
    /** Chrome policy installs the extension (from its update URL): no unpacked copy, background networking on. */
    policyInstalled?: boolean;
    /** Written into the fresh profile before launch, e.g. a seeded `Default/Bookmarks` file. */
    profileFiles?: Record<string, string>;
  } = {},
): Promise<BrowserContext & { cleanup(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-chromium-'));
  for (const [file, content] of Object.entries(options.profileFiles ?? {})) {
    fs.mkdirSync(path.dirname(path.join(profile, file)), { recursive: true });
    fs.writeFileSync(path.join(profile, file), content);
  }
  if (options.withExtension && !fs.existsSync(path.join(EXTENSION_BUILD, 'manifest.json'))) {
    throw new Error('.output/chrome-mv3 is missing: run `npm run build:extension` first (npm test does it).');
  }
  const extensionArgs = options.withExtension
    ? [`--disable-extensions-except=${EXTENSION_BUILD}`, `--load-extension=${EXTENSION_BUILD}`]
    : [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: options.policyInstalled
      ? ['--disable-extensions', '--disable-background-networking']
      : options.withExtension
        ? ['--disable-extensions']
        : [],
    args: [...CHROMIUM_ARGS, ...extensionArgs, ...(options.args ?? [])],
  });
  // Fail with Playwright's own message (which names the locator) well before the test's timeout.
  context.setDefaultTimeout(10_000);
  return Object.assign(context, {
    async cleanup() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  });
}

/** Types a username and password into the portal's sign-in form and submits it. */
export async function fillSignIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A new page signed in as `username` through the form, on the dashboard (English). */
export async function signedInPage(browser: BrowserContext, origin: string, username: string): Promise<Page> {
  await browser.clearCookies();
  const page = await browser.newPage();
  await page.goto(origin);
  await fillSignIn(page, username);
  await page.getByRole('heading', { name: 'Your apps' }).waitFor();
  return page;
}

/**
 * One real portal and one Chromium (English) for the test file that calls this inside its `describe`;
 * every request that leaves the portal's origin is kept in `foreignRequests`.
 */
export function portalInChromium() {
  const setup = { foreignRequests: [] as string[] } as {
    portal: Awaited<ReturnType<typeof startPortal>>;
    browser: Awaited<ReturnType<typeof launchChromium>>;
    foreignRequests: string[];
  };
  beforeAll(async () => {
    setup.portal = await startPortal();
    setup.browser = await launchChromium({ args: ['--lang=en-US'] });
    setup.browser.on('request', (request) => {
      if (!request.url().startsWith(setup.portal.origin)) setup.foreignRequests.push(request.url());
    });
  });
  afterAll(async () => {
    await setup.browser?.cleanup();
    await setup.portal?.close();
  });
  return setup;
}
