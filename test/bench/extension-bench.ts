// The extension's figures for `npm run bench`, taken in real headless Chromium; run.mjs starts this file
// (`node --import tsx test/bench/extension-bench.ts '["fill","pageload","content-script-gzip"]'`) and turns the
// JSON it prints last into `bench` lines. Run alone, it prints the same JSON.
//
// What is measured against what, and why:
//   fill                                 a tile click to a signed-in app: on the portal dashboard of
//                                        demo.student.g4, from Playwright's click on the Reading Garden tile
//                                        (its role=button /^Reading Garden/) to the fixture server recording
//                                        the sign-in POST (its own timestamp). In between: the page's launch
//                                        call, the page → extension messages, the new tab, the login page,
//                                        the release, the fill engine injected and run twice (collect, insert)
//                                        and the form submitted. Also its p95 (nearest rank: the 19th of 20).
//   release-roundtrip                    the baseline: what a launch cannot avoid, from the same dashboard
//                                        page in the same browser, with no extension work: the page's launch
//                                        call (fetch POST /api/vault/apps/:id/launch with its cookie), then
//                                        window.open(launchUrl) until the login page's `load` (as Playwright
//                                        sees it), then one release of that launch, DPoP proof signed on the
//                                        clock, POSTed from this process over loopback HTTP with a device paired
//                                        for the same student (its own portal session: pairing one here must
//                                        not unpair the extension). Clock: this process, start to answer.
//   fill/release-roundtrip               what the extension adds to the unavoidable round trip    (target ≤ 1.50,
//                                                                                      and fill p95 ≤ 300 ms)
//   pageload-with/without-extension      what the extension costs a page it does not fill: two browsers, one
//                                        with the extension loaded, configured by policy and paired, one
//                                        without any extension; each loads Reading Garden's /login and Math
//                                        Meadow's /login (React 18 from the fixture's own origin) in a fresh
//                                        tab, 20 times each. A figure is each page's median navigation-entry
//                                        loadEventEnd (the browser's own clock from navigation start, without
//                                        Playwright's round trips), summed over the two pages; the wall time of
//                                        page.goto(…, load) is reported beside it               (target ≤ 1.10)
//   content-script-gzip                  gzip -9 size (zlib.gzipSync, level 9) of everything the extension
//                                        injects into a page: .output/chrome-mv3/fill-engine.js (there are no
//                                        declared content scripts; chrome.scripting injects the engine on demand,
//                                        plus a one-line call). 1 kB = 1,000 bytes              (target ≤ 50 kB)
// To keep them fair:
//   - fill and baseline are taken in ABBA order (A B B A, then B A A B, …) after 2 warm-ups of each, 20 samples
//     each; pageload rounds alternate which browser goes first, 20 rounds after 1 warm-up; figures are medians;
//   - each launch must succeed: the fixture accepts exactly the credential the vault holds for the student, and
//     the bench waits for the extension's `succeeded` outcome (so a sample never overlaps the previous launch's
//     tail and no lockout hold can build up), then closes the app tab;
//   - the timed paths are Playwright-driven on both sides: fill starts before a Playwright click (actionability
//     checks included) and ends at a server timestamp; the baseline starts before a page.evaluate and ends when
//     the release answer arrives here, with one more CDP round trip (the load event) on its way.
// Not pinned: Chromium, the in-process portal (createTestPortal, in-memory database, built dist/web) and the
// fixture server share all cores (run.mjs starts this process on every core, not the load core), since a
// browser on one core measures the core, not the extension. Ratios are still from the same run, interleaved.
// Isolation from the browser tests running on the same machine: the bench loads a COPY of .output/chrome-mv3
// with a fresh manifest key (so its own extension id, and no update_url), writes that id's managed config in
// its own policy file gatehouse-bench.json (removed on exit), keeps Playwright's --disable-extensions (which
// blocks policy force-installs but not --load-extension), serves its id as /extension/extension.json, and runs
// the fixture apps on a free port with the two practice apps' connectors saved anew for it (never 8790).
// Traffic stays on 127.0.0.1 (*.test maps to loopback). Nothing is built here: `npm run build` first.

import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { FIXTURE_APPS, fixtureAppId } from '../../server/demo/fixture-apps';
import { CHROMIUM, CHROMIUM_ARGS, signedInPage, startPortal } from '../helpers/browser';
import { createDeviceKey, signProof, type DeviceKey } from '../helpers/extension-client';
import {
  districtConfig,
  extensionIdFromKey,
  extensionSignedIn,
  extensionWorker,
  managedConfigArrived,
  managedConfigPolicy,
  writePolicy,
} from '../helpers/extension-browser';
import { DEMO_PASSWORD } from '../helpers/test-portal';
import { startFixtureApps, type FixtureApps } from '../fixtures/fixture-apps';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION_BUILD = path.join(REPO_ROOT, '.output/chrome-mv3');
const FILL_ENGINE = path.join(EXTENSION_BUILD, 'fill-engine.js');
const WEB_ROOT = path.join(REPO_ROOT, 'dist/web');
const POLICY_FILE = 'gatehouse-bench.json';

const STUDENT = 'demo.student.g4';
const FILL_SLUG = 'reading-garden';
const FILL_TILE = /^Reading Garden/;
const PAGELOAD_PATHS = [
  { slug: 'reading-garden', path: '/login' },
  { slug: 'math-meadow', path: '/login' },
];
const WARMUPS = 2;
const SAMPLES = 20;
/** Page loads are many (4 per round) and cheap to warm: one round of each. */
const PAGELOAD_WARMUPS = 1;
const TARGETS = { fillRatio: 1.5, fillP95Ms: 300, pageloadRatio: 1.1, gzipKb: 50 };
/** A figure whose samples' interquartile range is wider than this fraction of their median gets a warning. */
const NOISY_IQR = 0.25;
/** The whole bench must be done by then (it takes well under a minute and a half). */
const WATCHDOG_MS = 180_000;

const FIGURES = ['fill', 'pageload', 'content-script-gzip'] as const;
type FigureName = (typeof FIGURES)[number];

// ------------------------------------------------------------------------------------------ statistics

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
/** The value at fraction `q` by linear interpolation between closest ranks (q = 0.5 is the median). */
function quantile(values: number[], q: number) {
  const s = sorted(values);
  const at = (s.length - 1) * q;
  const low = Math.floor(at);
  return s[low]! + (s[Math.min(low + 1, s.length - 1)]! - s[low]!) * (at - low);
}
const median = (values: number[]) => quantile(values, 0.5);
/** Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it. */
const nearestRank = (values: number[], p: number) => sorted(values)[Math.ceil((p / 100) * values.length) - 1]!;
const ms = (value: number) => value.toFixed(1);
const iqrSpread = (values: number[]) => (quantile(values, 0.75) - quantile(values, 0.25)) / median(values);

// --------------------------------------------------------------------------------------------- cleanup

const tempDirs: string[] = [];
const contexts: BrowserContext[] = [];
const closers: (() => Promise<void>)[] = [];
let removePolicy: (() => void) | undefined;

function makeTempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function removeFilesNow() {
  removePolicy?.();
  removePolicy = undefined;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

async function cleanUp() {
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

// ------------------------------------------------------------------------------------------------ setup

/** A copy of the built extension under a fresh key: its own id, so its policy never meets the tests'. */
function benchExtension() {
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

interface PortalHit {
  method: string;
  path: string;
  at: number;
}

/**
 * The portal as test/helpers/browser.ts startPortal() starts it (in-memory demo district, built UI, public
 * URL = its loopback origin), plus two things for the bench: it names the bench's extension id at
 * /extension/extension.json (where the page learns whom to talk to), and it notes when each request arrives.
 */
async function startBenchPortal(extension: { id: string; version: string }) {
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
type BenchPortal = Awaited<ReturnType<typeof startBenchPortal>>;

/** A headless Chromium on loopback like the tests', optionally with the bench's copy of the extension. */
async function launchBrowser(extensionDir?: string) {
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
async function poll<T>(what: string, check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ------------------------------------------------------------------------------------ fill and baseline

interface FillSample {
  total: number;
  /** Click → the page's launch call arrives at the portal. */
  toLaunch: number;
  /** → the app tab shows up (Playwright's `page` event). */
  toTab: number;
  /** → the login page's `load` (as Playwright hears of it). */
  toLoad: number;
  /** → the extension's release arrives at the portal. */
  toRelease: number;
  /** → the sign-in POST arrives at the fixture. */
  toPost: number;
}

interface BaselineSample {
  total: number;
  /** The page's launch call, start to answer. */
  launch: number;
  /** → the new tab shows up (Playwright's `page` event). */
  tab: number;
  /** → the login page's `load`. */
  load: number;
  /** → the release's answer, here. */
  release: number;
}

async function fillAndBaseline(portal: BenchPortal, fixtures: FixtureApps, browser: BrowserContext, dashboard: Page) {
  const appId = fixtureAppId(FILL_SLUG);
  const appOrigin = fixtures.origin(FILL_SLUG);
  const host = new URL(appOrigin).host;
  const student = portal.directory.findByUsername(STUDENT)!;

  // The credential the vault holds for the student is the only one the fixture accepts.
  const connector = portal.connectors.current(appId)!;
  const chosen = portal.vault.entries.resolve(student, appId, connector.definition.userEntries)!;
  fixtures.accept(FILL_SLUG, portal.vault.entries.open(chosen.entry, student)!);

  // The baseline's release comes from here, with a device paired for the student's own portal session.
  const device = await pairDeviceOverHttp(portal.origin);
  const releaseBody = JSON.stringify({ appId, origin: appOrigin });
  async function releaseFromHere(launchId: string) {
    const url = `${portal.origin}/api/extension/launches/${encodeURIComponent(launchId)}/release`;
    const proof = await signProof(device.key, { method: 'POST', url, token: device.token });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `DPoP ${device.token}`, dpop: proof },
      body: releaseBody,
    });
    const answer = (await response.json()) as { credential?: { password?: string } };
    if (!response.ok || !answer.credential?.password)
      throw new Error(`baseline release: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
  }

  const latestLaunch = () =>
    portal.db.$client
      .prepare(
        'SELECT outcome, outcome_reason AS reason FROM launches WHERE app_id = ? AND user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
      )
      .get(appId, student.id) as { outcome: string | null; reason: string | null } | undefined;

  const tile = dashboard.getByRole('button', { name: FILL_TILE });
  const hitAt = (pattern: RegExp) => portal.hits.find((hit) => hit.method === 'POST' && pattern.test(hit.path))?.at;

  async function fillOnce(): Promise<FillSample> {
    fixtures.clear();
    portal.hits.length = 0;
    await dashboard.bringToFront();
    let tabAt = NaN;
    let loadAt = NaN;
    let appPage: Page | undefined;
    browser.once('page', (page) => {
      tabAt = Date.now();
      appPage = page;
      page.once('load', () => (loadAt = Date.now()));
    });
    const clickAt = Date.now();
    await tile.click();
    const post = await fixtures.waitForReceived((r) => r.host === host && r.path === '/login', 15_000);
    // The launch is over (and did not trip the lockout guard) only once the extension reports it succeeded.
    const outcome = await poll('the launch outcome', () => {
      const launch = latestLaunch();
      return launch?.outcome === 'succeeded' || launch?.outcome === 'failed' ? launch : undefined;
    });
    if (outcome.outcome !== 'succeeded') throw new Error(`fill: the launch failed (${outcome.reason})`);
    await appPage?.close();
    const since = (at: number | undefined) => (at ?? NaN) - clickAt;
    return {
      total: post.at - clickAt,
      toLaunch: since(hitAt(/^\/api\/vault\/apps\/[^/]+\/launch$/)),
      toTab: since(tabAt),
      toLoad: since(loadAt),
      toRelease: since(hitAt(/^\/api\/extension\/launches\/[^/]+\/release$/)),
      toPost: since(post.at),
    };
  }

  async function baselineOnce(): Promise<BaselineSample> {
    await dashboard.bringToFront();
    const startAt = Date.now();
    const ticket = await dashboard.evaluate(async (id) => {
      const response = await fetch(`/api/vault/apps/${id}/launch`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) throw new Error(`launch answered ${response.status}`);
      return (await response.json()) as { launchId: string; launchUrl: string };
    }, appId);
    const launchedAt = Date.now();
    let tabAt = NaN;
    const opened = browser.waitForEvent('page').then((page) => ((tabAt = Date.now()), page));
    await dashboard.evaluate((url) => void window.open(url), ticket.launchUrl);
    const appPage = await opened;
    await appPage.waitForURL(ticket.launchUrl, { waitUntil: 'load' });
    const loadedAt = Date.now();
    await releaseFromHere(ticket.launchId);
    const releasedAt = Date.now();
    await appPage.close();
    return {
      total: releasedAt - startAt,
      launch: launchedAt - startAt,
      tab: tabAt - launchedAt,
      load: loadedAt - tabAt,
      release: releasedAt - loadedAt,
    };
  }

  for (let i = 0; i < WARMUPS; i++) {
    await fillOnce();
    await baselineOnce();
  }
  const fills: FillSample[] = [];
  const baselines: BaselineSample[] = [];
  // A B B A, B A A B, …: each pair of rounds is a palindrome.
  for (let i = 0; i < SAMPLES; i++) {
    if (i % 2 === 0) {
      fills.push(await fillOnce());
      baselines.push(await baselineOnce());
    } else {
      baselines.push(await baselineOnce());
      fills.push(await fillOnce());
    }
  }
  return { fills, baselines };
}

/** Signs the student in from here (a portal session of its own) and pairs a device to it, over HTTP. */
async function pairDeviceOverHttp(origin: string): Promise<{ key: DeviceKey; token: string }> {
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${origin}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return response;
  };
  const signedIn = await post('/api/auth/sign-in', { username: STUDENT, password: DEMO_PASSWORD });
  const cookie = signedIn.headers
    .getSetCookie()
    .find((header) => header.startsWith('gatehouse_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error('sign-in from the bench: no session cookie');
  const { code } = (await (await post('/api/auth/extension/pairing-code', {}, { cookie })).json()) as { code: string };
  const key = await createDeviceKey();
  const session = (await (await post('/api/extension/session', { code, deviceKey: key.publicJwk })).json()) as {
    token: string;
  };
  return { key, token: session.token };
}

// ------------------------------------------------------------------------------------------- page loads

interface LoadSample {
  loadEventEnd: number;
  wall: number;
}

async function loadOnce(browser: BrowserContext, url: string): Promise<LoadSample> {
  const page = await browser.newPage();
  const start = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  const wall = performance.now() - start;
  const loadEventEnd = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
  );
  await page.close();
  return { loadEventEnd, wall };
}

async function pageloads(fixtures: FixtureApps, withExtension: BrowserContext, withoutExtension: BrowserContext) {
  const urls = PAGELOAD_PATHS.map(({ slug, path: pagePath }) => `${fixtures.origin(slug)}${pagePath}`);
  const samples = { with: [] as LoadSample[][], without: [] as LoadSample[][] };
  for (let round = 0; round < PAGELOAD_WARMUPS + SAMPLES; round++) {
    const order = round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const which of order) {
      const browser = which === 'with' ? withExtension : withoutExtension;
      const loads: LoadSample[] = [];
      for (const url of urls) loads.push(await loadOnce(browser, url));
      if (round >= PAGELOAD_WARMUPS) samples[which].push(loads);
    }
  }
  return { urls, samples };
}

// ------------------------------------------------------------------------------------------------- main

interface Result {
  /** [name, value, unit], printed by run.mjs as `bench <name> <value> <unit>`. */
  lines: [string, string, string][];
  summary: string[];
  warnings: string[];
}

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function noiseWarning(result: Result, name: string, values: number[]) {
  const spread = iqrSpread(values);
  if (spread > NOISY_IQR)
    result.warnings.push(
      `${name}: interquartile range ${Math.round(spread * 100)}% of the median (min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))} ms); the machine was busy, rerun if this figure matters`,
    );
}

function reportFill(result: Result, { fills, baselines }: Awaited<ReturnType<typeof fillAndBaseline>>) {
  const fill = median(fills.map((s) => s.total));
  const fillP95 = nearestRank(
    fills.map((s) => s.total),
    95,
  );
  const baseline = median(baselines.map((s) => s.total));
  const ratio = fill / baseline;
  result.lines.push(
    ['fill', ms(fill), 'ms'],
    ['fill-p95', ms(fillP95), 'ms'],
    ['release-roundtrip', ms(baseline), 'ms'],
    ['fill/release-roundtrip', ratio.toFixed(2), 'ratio'],
  );
  const phase = (key: keyof FillSample) => median(fills.map((s) => s[key]));
  const base = (key: keyof BaselineSample) => ms(median(baselines.map((s) => s[key])));
  result.summary.push(
    `fill/release-roundtrip = ${ratio.toFixed(3)}: ${verdict(ratio <= TARGETS.fillRatio)} (target ≤ ${TARGETS.fillRatio.toFixed(2)}; medians of ${SAMPLES} ABBA-interleaved samples each, after ${WARMUPS} warm-ups)`,
    `fill-p95 = ${ms(fillP95)} ms: ${verdict(fillP95 <= TARGETS.fillP95Ms)} (target ≤ ${TARGETS.fillP95Ms} ms; p50 ${ms(fill)} ms, min ${ms(Math.min(...fills.map((s) => s.total)))}, max ${ms(Math.max(...fills.map((s) => s.total)))})`,
    `  fill, median ms since the click: launch call at the portal ${ms(phase('toLaunch'))}, app tab ${ms(phase('toTab'))}, ` +
      `login page load ${ms(phase('toLoad'))}, release at the portal ${ms(phase('toRelease'))}, sign-in POST ${ms(phase('toPost'))}`,
    `  release-roundtrip, median ms: launch call ${base('launch')} + window.open to the new tab ${base('tab')} + to its load ${base('load')} + release from here ${base('release')}`,
  );
  noiseWarning(
    result,
    'fill',
    fills.map((s) => s.total),
  );
  noiseWarning(
    result,
    'release-roundtrip',
    baselines.map((s) => s.total),
  );
}

function reportPageloads(result: Result, { urls, samples }: Awaited<ReturnType<typeof pageloads>>) {
  const page = (which: 'with' | 'without', index: number, key: keyof LoadSample) =>
    samples[which].map((loads) => loads[index]![key]);
  /** The figure: each page's median loadEventEnd, summed over the pages. */
  const figure = (which: 'with' | 'without') =>
    urls.reduce((sum, _url, index) => sum + median(page(which, index, 'loadEventEnd')), 0);
  const withMs = figure('with');
  const withoutMs = figure('without');
  const ratio = withMs / withoutMs;
  result.lines.push(
    ['pageload-with-extension', ms(withMs), 'ms'],
    ['pageload-without-extension', ms(withoutMs), 'ms'],
    ['pageload-with/without-extension', ratio.toFixed(2), 'ratio'],
  );
  result.summary.push(
    `pageload-with/without-extension = ${ratio.toFixed(3)}: ${verdict(ratio <= TARGETS.pageloadRatio)} (target ≤ ${TARGETS.pageloadRatio.toFixed(2)}; per page the median loadEventEnd of ${SAMPLES} fresh tabs per browser, summed over ${urls.length} pages)`,
  );
  urls.forEach((url, index) => {
    const at = (which: 'with' | 'without', key: keyof LoadSample) => median(page(which, index, key));
    result.summary.push(
      `  ${url}: loadEventEnd ${ms(at('with', 'loadEventEnd'))} with / ${ms(at('without', 'loadEventEnd'))} without ` +
        `(ratio ${(at('with', 'loadEventEnd') / at('without', 'loadEventEnd')).toFixed(3)}); ` +
        `goto wall ${ms(at('with', 'wall'))} / ${ms(at('without', 'wall'))} ms (ratio ${(at('with', 'wall') / at('without', 'wall')).toFixed(3)})`,
    );
    for (const which of ['with', 'without'] as const)
      noiseWarning(result, `pageload-${which}-extension ${url}`, page(which, index, 'loadEventEnd'));
  });
}

function reportGzip(result: Result) {
  const source = fs.readFileSync(FILL_ENGINE);
  const kb = gzipSync(source, { level: 9 }).length / 1000;
  result.lines.push(['content-script-gzip', kb.toFixed(1), 'kB']);
  result.summary.push(
    `content-script-gzip = ${kb.toFixed(1)} kB: ${verdict(kb <= TARGETS.gzipKb)} (target ≤ ${TARGETS.gzipKb} kB; fill-engine.js, ${(source.length / 1000).toFixed(1)} kB before gzip)`,
  );
}

const startedAt = performance.now();
let lastStep = startedAt;
/** Progress on stderr (run.mjs shows it only if this process fails). */
function progress(step: string) {
  const now = performance.now();
  console.error(
    `extension bench: ${step} in ${((now - lastStep) / 1000).toFixed(1)} s (${((now - startedAt) / 1000).toFixed(1)} s in all)`,
  );
  lastStep = now;
}

async function main() {
  const asked = JSON.parse(process.argv[2] ?? JSON.stringify(FIGURES)) as string[];
  const unknown = asked.filter((name) => !FIGURES.includes(name as FigureName));
  if (unknown.length) throw new Error(`no extension figure ${unknown.join(', ')}; figures: ${FIGURES.join(', ')}`);
  const want = (name: FigureName) => asked.includes(name);
  for (const [file, build] of [
    [FILL_ENGINE, 'npm run build:extension'],
    [path.join(WEB_ROOT, 'index.html'), 'npm run build:web'],
  ] as const) {
    if (!fs.existsSync(file))
      throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run \`npm run build\` (or \`${build}\`) first`);
  }
  const watchdog = setTimeout(() => {
    console.error(`extension bench: not done after ${WATCHDOG_MS / 1000} s, giving up`);
    void cleanUp().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  watchdog.unref();

  const result: Result = { lines: [], summary: [], warnings: [] };
  if (want('fill') || want('pageload')) {
    const extension = benchExtension();
    const fixtures = await startFixtureApps({ port: 0 });
    closers.push(() => fixtures.close());
    const portal = await startBenchPortal(extension);
    closers.push(portal.close);
    // The practice apps the bench uses, on the fixture server's port instead of 8790.
    for (const app of FIXTURE_APPS.filter((app) => PAGELOAD_PATHS.some(({ slug }) => slug === app.slug)))
      portal.connectors.save(fixtureAppId(app.slug), app.connector(fixtures.origin(app.slug)), null);
    removePolicy = writePolicy(POLICY_FILE, managedConfigPolicy(extension.id, districtConfig(portal.origin)));

    const [withExtension, withoutExtension] = await Promise.all([launchBrowser(extension.dir), launchBrowser()]);
    const worker = await extensionWorker(withExtension, extension.id);
    await managedConfigArrived(worker);
    const dashboard = await signedInPage(withExtension, portal.origin, STUDENT);
    const pairedAs = await extensionSignedIn(worker);
    if (pairedAs !== STUDENT) throw new Error(`the extension paired as ${pairedAs}, not ${STUDENT}`);

    progress('set up');
    if (want('fill')) reportFill(result, await fillAndBaseline(portal, fixtures, withExtension, dashboard));
    progress('fill and release-roundtrip');
    if (want('pageload')) {
      // Same tabs in both browsers from here on: the initial blank page and the one being measured.
      await dashboard.close();
      reportPageloads(result, await pageloads(fixtures, withExtension, withoutExtension));
      progress('pageload');
    }
  }
  if (want('content-script-gzip')) reportGzip(result);
  clearTimeout(watchdog);
  return result;
}

try {
  const result = await main();
  await cleanUp();
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`extension bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  await cleanUp();
  process.exitCode = 1;
}
