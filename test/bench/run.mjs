// `npm run bench`: Gatehouse's throughput, each figure measured against a baseline taken in the same run.
//
// What is measured against what, and why:
//   hono-hello / node-http-hello         what Hono + @hono/node-server costs over bare node:http   (target ≥ 0.70)
//   dashboard-tiles / hono-hello         what the real dashboard (session lookup, SQLite, access rules,
//                                        secure headers) costs over an empty Hono route           (target ≥ 0.50)
//   release / hono-hello                 what a full credential release costs over an empty Hono route: the
//                                        extension's token, a fresh single-use DPoP proof (ES256 verify,
//                                        replay record), session and person lookups, launch, entitlement and
//                                        origin checks, decrypting the credential, the audited write
//                                                                                                  (target ≥ 0.50)
//   password-sign-in / argon2id-verify   how close sign-in gets to the raw argon2id ceiling of one core
//                                        with the server's 2 hashing slots                         (target ≥ 0.85)
//   release-pg / release                 the same release with the portal on PostgreSQL (on loopback, pinned to
//   password-sign-in-pg / password-sign-in  the server's core with the portal) instead of SQLite    (target ≥ 0.50)
//   badge-sign-in / password-sign-in     what a QR badge sign-in (a SHA-256 of a 160-bit secret, the throttle's
//                                        rows, the session and the audit) costs against a password's argon2id
//                                                                                                  (target ≥ 20)
// plus release-p99, the release's 99th-percentile latency at 50 connections, the median of its samples'
// p99 (target ≤ 25 ms; with 50 requests always in flight it cannot be met below 2,000 releases/s).
// Machines here are small and noisy, so absolute req/s move from run to run; the ratios of figures taken
// in the same run on the same cores are what to compare between runs. To keep them fair:
//   - every server (and the raw argon2id loop, which stands in for one) runs on core 1 and autocannon on
//     core 0, so the load generator never steals the server's CPU;
//   - each figure is sampled 4 times, in two palindromes (A B C D E F F E D C B A, twice), so a slow drift
//     in machine speed lands on both sides of every ratio alike;
//   - a figure is the median of its samples, so one sample spoiled by a burst elsewhere does not move it;
//     samples far apart are flagged as noise.
// A release is paid for before the clock starts. It spends a launch (a tile click, good once and for 60 s)
// and a DPoP proof (good once), so the bench pairs a device for demo.teacher once, and before each release
// sample load.mjs makes the launches through the API and signs one proof per launch, all on the load core;
// while the clock runs autocannon only sends them. Launches are sized from the fastest release rate seen
// (an untimed pilot of 2 × 2,000 releases gives the first) with half again to spare; a sample that still
// runs out is taken again with twice as many, so running out never shows up as failed releases.
// A missed target is reported, never a failure: the exit code is 0 unless something crashed.
// BENCH_PG_CORES moves the PostgreSQL server off the portal's core (see startPostgres).
// Traffic goes to 127.0.0.1 only. BENCH_SECONDS (default 3; at most 29 with the release figure, whose
// launches expire) sets the length of each sample (~2½ min in all). BENCH_ONLY=release,hono-hello measures
// only the named figures and the ratios between them, for a quicker look.
// Then the roster's figures (roster-figures.mjs and roster-bench.ts say what each one is): roster-import-60k,
// roster-import-200k, roster-import/raw-insert (BENCH_ONLY name: raw-insert), roster-resync/roster-import
// (roster-resync), sign-in-p99-during-import/idle (sign-in-during-import); each with -pg on PostgreSQL.
// Then the extension's figures, in real Chromium (extension-bench.ts says what each one is): fill,
// release-roundtrip and their ratio (BENCH_ONLY name: fill), a launch that finds the person already signed
// in against a plain load of the same page (fill-already-signed-in), pageload with and without the extension
// and their ratio (pageload), content-script-gzip. They need `npm run build` (the extension is not rebuilt here).

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LOAD_CORE,
  SERVER_CORE,
  cleanUp,
  detectPinning,
  installExitHooks,
  makeTempDir,
  pinSelf,
  runNodeForJson,
  spawnNode,
  onCleanUp,
  waitForOutput,
  wasInterrupted,
} from './processes.mjs';
import { startThrowawayPostgres } from '../helpers/postgres-server.mjs';
import { createLaunches, pairDevice, refreshDevice, releaseOnce } from './release-client.mjs';
import { rosterBenches } from './roster-figures.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '../..');
const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist/server/main.js');
const HOST = '127.0.0.1';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const PALINDROMES = 2;
const WARMUP_SECONDS = 1;
/** Enough connections to keep a one-core server busy without the client becoming the bottleneck. */
const HTTP_CONNECTIONS = 50;
/** Two verifying, two waiting: saturates the server's 2 hashing slots, far from its 64-waiting 503. */
const SIGN_IN_CONNECTIONS = 4;
const HASH_IN_FLIGHT = 2;
const DEMO_USER = 'demo.teacher';
/** Pilot rounds of releases that size the first sample's launches (and warm the release path up). */
const PILOT_ROUNDS = 2;
const PILOT_RELEASES = 2_000;
/** Launches made before a sample: this many times what the fastest release run so far would use. */
const LAUNCH_MARGIN = 1.5;
/** A launch and a proof both expire after 60 s; making launches, warm-up and sample must fit well inside. */
const MAX_RELEASE_SAMPLE_SECONDS = 30;
const RELEASE_P99_TARGET_MS = 25;
/** A figure whose samples spread wider than this fraction of their median gets a warning. */
const NOISY_SPREAD = 0.25;

const RATIOS = [
  { name: 'hono-hello/node-http-hello', of: 'hono-hello', over: 'node-http-hello', target: 0.7 },
  { name: 'dashboard-tiles/hono-hello', of: 'dashboard-tiles', over: 'hono-hello', target: 0.5 },
  { name: 'release/hono-hello', of: 'release', over: 'hono-hello', target: 0.5 },
  { name: 'password-sign-in/argon2id-verify', of: 'password-sign-in', over: 'argon2id-verify', target: 0.85 },
  { name: 'release-pg/release-sqlite', of: 'release-pg', over: 'release', target: 0.5 },
  // A badge costs a hash of a high-entropy secret, not a password hash.
  { name: 'badge-sign-in/password-sign-in', of: 'badge-sign-in', over: 'password-sign-in', target: 20 },
  {
    name: 'password-sign-in-pg/password-sign-in-sqlite',
    of: 'password-sign-in-pg',
    over: 'password-sign-in',
    target: 0.5,
  },
];

// ---------------------------------------------------------------------------------------------- setup

/** Rebuilds dist/server so the bench measures today's code; falls back to an existing bundle if the build fails. */
function buildServer() {
  try {
    execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch (error) {
    const output = `${error.stderr ?? ''}\n${error.stdout ?? ''}`
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('npm warn'));
    const why = output.join('\n  ') || error.message;
    if (!fs.existsSync(SERVER_BUNDLE))
      throw new Error(`npm run build:server failed and there is no ${SERVER_BUNDLE}:\n  ${why}`);
    const builtAt = fs.statSync(SERVER_BUNDLE).mtime.toISOString();
    console.log(
      `note: npm run build:server failed; benchmarking the existing dist/server/main.js (built ${builtAt}):\n  ${why}`,
    );
  }
}

/** A port free right now, so Gatehouse knows its own URL (it uses it for the CSRF origin check). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** One request from here (not from autocannon) to check that an endpoint answers what the bench expects. */
async function expectOk(url, init, what, check = () => true) {
  const response = await fetch(url, init);
  const body = await response.text();
  if (!response.ok || !check(body))
    throw new Error(`${what}: ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return response;
}

// ------------------------------------------------------------------------------------------- servers

async function startHelloServer(pinning, kind) {
  const child = spawnNode(pinning, SERVER_CORE, [path.join(BENCH_DIR, 'hello-servers.mjs'), kind]);
  const [, port] = await waitForOutput(child, /listening on 127\.0\.0\.1:(\d+)/, `${kind} hello server`);
  const url = `http://${HOST}:${port}/`;
  await expectOk(url, {}, `${kind} hello`, (body) => body === '{"hello":"world"}');
  return { child, url };
}

/** The caller's environment minus GATEHOUSE_* settings, so a developer's shell cannot change what is measured. */
const withoutGatehouseSettings = (env) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('GATEHOUSE_')));

/**
 * Gatehouse from dist/server with defaults and a fresh data dir; the first start seeds the demo district.
 * `databaseUrl`: on that PostgreSQL database instead of SQLite in the data dir.
 */
async function startGatehouse(pinning, databaseUrl, extraEnv = {}) {
  const port = await freePort();
  const password = `bench-${randomBytes(9).toString('base64url')}`;
  const dataDir = makeTempDir('gatehouse-bench-');
  const env = {
    ...withoutGatehouseSettings(process.env),
    PORT: String(port),
    HOST,
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_DEMO: 'on',
    GATEHOUSE_DEMO_PASSWORD: password,
    // The teacher's password sign-in and dashboard are measured, as before staff had a second factor.
    GATEHOUSE_STAFF_SECOND_FACTOR: 'off',
    ...(databaseUrl && { GATEHOUSE_DATABASE_URL: databaseUrl }),
    ...extraEnv,
  };
  const child = spawnNode(pinning, SERVER_CORE, [SERVER_BUNDLE], { cwd: REPO_ROOT, env });
  await waitForOutput(child, /Gatehouse is listening on/, 'Gatehouse', 60_000);
  const url = `http://${HOST}:${port}`;
  await expectOk(`${url}/healthz`, {}, 'Gatehouse health');
  const cookie = await signIn(url, password);
  await expectOk(
    `${url}/api/apps/tiles`,
    { headers: { cookie } },
    'dashboard tiles',
    (body) => JSON.parse(body).tiles?.length > 0,
  );
  // The secret a managed extension's policy would carry, as the portal created it on first start.
  const secretsFile = path.join(dataDir, 'keys', 'managed-device-secrets.json');
  const newest = JSON.parse(fs.readFileSync(secretsFile, 'utf8')).secrets.at(-1);
  return { child, url, password, cookie, dataDir, deviceSecret: { id: newest.id, secret: newest.secret } };
}

const signInRequest = (password) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: DEMO_USER, password }),
});

/** Signs in once from here and returns the `gatehouse_session=…` cookie pair. */
async function signIn(url, password) {
  const response = await expectOk(`${url}/api/auth/sign-in`, signInRequest(password), 'sign-in');
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('gatehouse_session='));
  if (!cookie)
    throw new Error(`sign-in: no gatehouse_session cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return cookie.split(';')[0];
}

/**
 * A throwaway PostgreSQL on the server core, with durability like the SQLite default's (WAL with
 * synchronous=NORMAL: a commit does not wait for the disk), so the engines are compared on equal terms: all
 * of the server side's work on one core, as SQLite's is. BENCH_PG_CORES=0-1 lets PostgreSQL use every core
 * instead, as a database on its own machine would (it then shares core 0 with the load generator).
 */
async function startPostgres(pinning) {
  const cpuList = process.env.BENCH_PG_CORES || (pinning.pinned ? String(SERVER_CORE) : undefined);
  const server = await startThrowawayPostgres({ cpuList });
  onCleanUp(() => server.stop());
  return server;
}

/** Every server on the server core at once; the idle ones cost nothing while another is measured. */
async function startServers(pinning) {
  const onPostgres = SCHEDULE.some((name) => name.endsWith('-pg'));
  return {
    nodeHttp: await startHelloServer(pinning, 'node-http'),
    hono: await startHelloServer(pinning, 'hono'),
    gatehouse: await startGatehouse(pinning),
    gatehousePg: onPostgres ? await startGatehouse(pinning, (await startPostgres(pinning)).url) : undefined,
  };
}

// ------------------------------------------------------------------------------------------- release

/**
 * The extension's side, set up once: a paired device for demo.teacher, one release checked from here,
 * then PILOT_ROUNDS × PILOT_RELEASES releases (untimed) whose fastest rate sizes the first sample's
 * launches. One round is not enough: the first runs on cold code and under-reads the rate by half.
 */
async function prepareRelease(pinning, gatehouse) {
  gatehouse.device = await pairDevice(gatehouse.url, gatehouse.cookie, gatehouse.deviceSecret);
  const [launchId] = await createLaunches(gatehouse.url, gatehouse.cookie, 1);
  const released = await releaseOnce(gatehouse.url, gatehouse.device, launchId);
  if (!released.credential?.username || !released.credential?.password)
    throw new Error(`release: the answer has no credential (keys: ${Object.keys(released).join(', ')})`);
  gatehouse.releaseRate = 0;
  for (let round = 0; round < PILOT_ROUNDS; round++) {
    const pilot = await releaseLoad(pinning, gatehouse, { amount: PILOT_RELEASES, launches: PILOT_RELEASES });
    if (pilot.non2xx || pilot.errors || pilot.timeouts)
      throw new Error(
        `release pilot: ${pilot.non2xx} non-2xx ${JSON.stringify(pilot.statusCodes)}, ${pilot.errors} errors, ${pilot.timeouts} timeouts`,
      );
    gatehouse.releaseRate = Math.max(gatehouse.releaseRate, pilot.perSecond);
  }
}

/**
 * Badges for the demo district's young students, issued in the running portal's database; each signs in once
 * from here. More badges than connections, taken in turn, as a classroom scans many badges at once.
 */
async function prepareBadges(pinning, gatehouse) {
  const args = ['--import', import.meta.resolve('tsx'), path.join(BENCH_DIR, 'issue-badge.ts'), gatehouse.dataDir];
  gatehouse.badges = (await runNodeForJson(pinning, LOAD_CORE, args, 'issue badges')).badges;
  for (const badge of gatehouse.badges) {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: gatehouse.url },
      body: JSON.stringify({ badge }),
    };
    await expectOk(
      `${gatehouse.url}/api/auth/badge`,
      init,
      'badge sign-in',
      (body) => JSON.parse(body).user?.grade <= 5,
    );
  }
}

/** A token with minutes to spare (it lasts 10), so none expires during a sample. */
async function keepTokenFresh(gatehouse) {
  if (gatehouse.device.expiresAt - Date.now() < 3 * 60_000)
    gatehouse.device = await refreshDevice(gatehouse.url, gatehouse.device);
}

/** load.mjs in release mode: it makes `launches` launches and their proofs, then sends the releases. */
async function releaseLoad(pinning, gatehouse, { launches, amount }) {
  await keepTokenFresh(gatehouse);
  const { token, deviceKey } = gatehouse.device;
  return loadTest(pinning, {
    url: gatehouse.url,
    connections: HTTP_CONNECTIONS,
    ...(amount && { amount }),
    release: { cookie: gatehouse.cookie, token, privateJwk: deviceKey.privateJwk, launches },
  });
}

/**
 * One release sample. Each release spends a launch, so the launches are made first: enough for warm-up
 * and sample at the fastest rate seen so far, times LAUNCH_MARGIN, plus two per connection. A sample that
 * still runs out (its extra requests fail) is thrown away and taken again at once with twice as many.
 */
async function releaseSample(pinning, gatehouse) {
  let launches = Math.ceil(gatehouse.releaseRate * (SECONDS + WARMUP_SECONDS) * LAUNCH_MARGIN) + 2 * HTTP_CONNECTIONS;
  for (let attempt = 1; ; attempt++) {
    const sample = await releaseLoad(pinning, gatehouse, { launches });
    gatehouse.releaseRate = Math.max(gatehouse.releaseRate, sample.perSecond, sample.warmup?.perSecond ?? 0);
    if (!sample.release.launchesShort || attempt === 2) return { ...sample, retries: attempt - 1 };
    launches *= 2;
  }
}

// ------------------------------------------------------------------------------------- measurements

/** autocannon in its own process on the load core; resolves with load.mjs's summary. */
function loadTest(pinning, spec) {
  const fullSpec = { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, ...spec };
  return runNodeForJson(
    pinning,
    LOAD_CORE,
    [path.join(BENCH_DIR, 'load.mjs'), JSON.stringify(fullSpec)],
    `autocannon ${spec.url}`,
  );
}

/** The raw argon2id loop on the server core, `inFlight` verifies at a time. */
function argon2Verify(pinning, inFlight) {
  const args = [path.join(BENCH_DIR, 'argon2-verify.mjs'), String(SECONDS), String(inFlight), String(WARMUP_SECONDS)];
  return runNodeForJson(pinning, SERVER_CORE, args, 'argon2id verify');
}

/** Each figure: its unit and how to take one sample of it. */
const MEASUREMENTS = {
  'node-http-hello': {
    unit: 'req/s',
    run: ({ pinning, servers }) => loadTest(pinning, { url: servers.nodeHttp.url, connections: HTTP_CONNECTIONS }),
  },
  'hono-hello': {
    unit: 'req/s',
    run: ({ pinning, servers }) => loadTest(pinning, { url: servers.hono.url, connections: HTTP_CONNECTIONS }),
  },
  'dashboard-tiles': {
    unit: 'req/s',
    run: ({ pinning, servers: { gatehouse } }) =>
      loadTest(pinning, {
        url: `${gatehouse.url}/api/apps/tiles`,
        headers: { cookie: gatehouse.cookie },
        connections: HTTP_CONNECTIONS,
      }),
  },
  release: {
    unit: 'req/s',
    run: ({ pinning, servers: { gatehouse } }) => releaseSample(pinning, gatehouse),
  },
  'release-pg': {
    unit: 'req/s',
    run: ({ pinning, servers: { gatehousePg } }) => releaseSample(pinning, gatehousePg),
  },
  'password-sign-in': {
    unit: 'req/s',
    run: ({ pinning, servers: { gatehouse } }) =>
      loadTest(pinning, {
        url: `${gatehouse.url}/api/auth/sign-in`,
        ...signInRequest(gatehouse.password),
        connections: SIGN_IN_CONNECTIONS,
      }),
  },
  'password-sign-in-pg': {
    unit: 'req/s',
    run: ({ pinning, servers: { gatehousePg } }) =>
      loadTest(pinning, {
        url: `${gatehousePg.url}/api/auth/sign-in`,
        ...signInRequest(gatehousePg.password),
        connections: SIGN_IN_CONNECTIONS,
      }),
  },
  'argon2id-verify': { unit: 'verify/s', run: ({ pinning }) => argon2Verify(pinning, HASH_IN_FLIGHT) },
  'badge-sign-in': {
    unit: 'req/s',
    run: ({ pinning, servers: { gatehouse } }) =>
      loadTest(pinning, {
        url: `${gatehouse.url}/api/auth/badge`,
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: gatehouse.url },
        bodies: gatehouse.badges.map((badge) => JSON.stringify({ badge })),
        connections: HTTP_CONNECTIONS,
      }),
  },
};

/**
 * Each figure is sampled in palindromes (A B C D E E D C B A): every pair compared in a ratio sits
 * symmetrically around the middle, so a slow drift in machine speed hits both sides of a ratio alike.
 */
const ONLY = process.env.BENCH_ONLY?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const SCHEDULE = Object.keys(MEASUREMENTS).filter((name) => !ONLY?.length || ONLY.includes(name));
/** The extension bench's figures (BENCH_ONLY names), taken after the others in one Chromium process tree. */
const EXTENSION_FIGURES = ['fill', 'fill-already-signed-in', 'pageload', 'content-script-gzip'];
const EXTENSION_SCHEDULE = EXTENSION_FIGURES.filter((name) => !ONLY?.length || ONLY.includes(name));
/** The roster's figures (roster-bench.ts and signInDuringImport below); `-pg` names take them on PostgreSQL. */
const ROSTER_FIGURES = [
  'roster-import-60k',
  'roster-import-200k',
  'raw-insert',
  'roster-resync',
  'sign-in-during-import',
];
const ROSTER_NAMES = ROSTER_FIGURES.flatMap((name) => [name, `${name}-pg`]);
const ROSTER_SCHEDULE = ROSTER_NAMES.filter((name) => !ONLY?.length || ONLY.includes(name));
const PALINDROME = [...SCHEDULE, ...[...SCHEDULE].reverse()];
const SAMPLE_ORDER = Array.from({ length: PALINDROMES }, () => PALINDROME).flat();

async function measureAll(pinning, servers) {
  const samples = Object.fromEntries(SCHEDULE.map((name) => [name, []]));
  for (const name of SAMPLE_ORDER) samples[name].push(await MEASUREMENTS[name].run({ pinning, servers }));
  return Object.fromEntries(SCHEDULE.map((name) => [name, combine(samples[name])]));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
};

/** One figure from its samples: the median rate; failure counts summed over all samples. */
function combine(samples) {
  const sum = (key) => samples.reduce((total, sample) => total + (sample[key] ?? 0), 0);
  const rates = samples.map((sample) => sample.perSecond);
  return {
    perSecond: median(rates),
    rates,
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    statusCodes: samples.map((sample) => sample.statusCodes).filter(Boolean),
    latencyMs: samples.map((sample) => sample.latencyMs).filter(Boolean),
    warmupNon2xx: samples.reduce((total, sample) => total + (sample.warmup?.non2xx ?? 0), 0),
    retries: sum('retries'),
    releases: samples.map((sample) => sample.release).filter(Boolean),
  };
}

// ----------------------------------------------------------------------------------------- reporting

const formatRate = (value) => (value >= 100 ? String(Math.round(value)) : value.toFixed(1));
const formatMs = (value) => value.toFixed(1);
const printBench = (name, value, unit) => console.log(`bench ${name} ${value} ${unit}`);

/** The release p99 at HTTP_CONNECTIONS connections: the median of its samples' p99, like every figure. */
const releaseP99 = (figure) => median(figure.latencyMs.map((latency) => latency.p99));

function printFigures(figures) {
  for (const [name, figure] of Object.entries(figures))
    printBench(name, formatRate(figure.perSecond), MEASUREMENTS[name].unit);
  if (figures['password-sign-in'])
    printBench('password-sign-in-non-2xx', figures['password-sign-in'].non2xx, 'responses');
  if (figures.release) {
    printBench('release-p99', formatMs(releaseP99(figures.release)), 'ms');
    printBench('release-non-2xx', figures.release.non2xx, 'responses');
  }
  if (figures['release-pg']) printBench('release-pg-p99', formatMs(releaseP99(figures['release-pg'])), 'ms');
}

/** The ratios whose two figures were both measured (all of them unless BENCH_ONLY picks some). */
function computeRatios(figures) {
  return RATIOS.filter((ratio) => figures[ratio.of] && figures[ratio.over]).map((ratio) => ({
    ...ratio,
    value: figures[ratio.of].perSecond / figures[ratio.over].perSecond,
  }));
}

/** Anything that makes a figure suspect: failed requests, socket errors, timeouts, samples far apart. */
function warnings(figures) {
  const found = [];
  for (const [name, figure] of Object.entries(figures)) {
    if (figure.non2xx || figure.errors || figure.timeouts) {
      found.push(
        `${name}: ${figure.non2xx} non-2xx ${JSON.stringify(figure.statusCodes)}, ${figure.errors} errors, ${figure.timeouts} timeouts`,
      );
    }
    if (figure.warmupNon2xx) found.push(`${name}: ${figure.warmupNon2xx} non-2xx during warm-up`);
    const short = figure.releases.reduce((total, release) => total + release.launchesShort, 0);
    if (short) {
      found.push(
        `${name}: ${short} requests found no launch left and failed (launches made per sample: ${figure.releases.map((release) => release.launches).join(', ')}); raise LAUNCH_MARGIN`,
      );
    }
    const spread = (Math.max(...figure.rates) - Math.min(...figure.rates)) / figure.perSecond;
    if (spread > NOISY_SPREAD) {
      found.push(
        `${name}: samples spread ${Math.round(spread * 100)}% of the median (${figure.rates.map(formatRate).join(', ')}); the machine was busy, rerun if this figure matters`,
      );
    }
  }
  return found;
}

function printLatency(what, connections, latencies) {
  const p50 = median(latencies.map((latency) => latency.p50));
  const worstP99 = Math.max(...latencies.map((latency) => latency.p99));
  console.log(`  ${what} latency at ${connections} connections: p50 ${p50} ms, worst p99 ${worstP99} ms`);
}

function printReleaseSummary(release) {
  const p99 = releaseP99(release);
  const verdict = p99 <= RELEASE_P99_TARGET_MS ? 'met' : 'MISSED';
  console.log(
    `  release-p99 at ${HTTP_CONNECTIONS} connections = ${formatMs(p99)} ms: ${verdict} (target ≤ ${RELEASE_P99_TARGET_MS} ms; median of the samples' p99)`,
  );
  printLatency('  release', HTTP_CONNECTIONS, release.latencyMs);
  const used = release.releases.map((sample) => `${sample.launchesUsed}/${sample.launches}`).join(', ');
  const prepared = median(release.releases.map((sample) => sample.prepareSeconds)).toFixed(1);
  const retried = release.retries ? `; ${release.retries} sample(s) ran out and were taken again` : '';
  console.log(
    `    launches used/made per sample: ${used} (made and proofs signed before each sample in ~${prepared} s, untimed${retried})`,
  );
}

function printSummary(pinning, figures, ratios) {
  console.log(
    `\nSummary (median of ${SAMPLE_ORDER.length / SCHEDULE.length} samples of ${SECONDS} s per figure; ${pinning.pinned ? 'pinned: ' : 'NOT pinned: '}${pinning.note}):`,
  );
  for (const { name, value, target } of ratios) {
    const verdict = value >= target ? 'met' : 'MISSED';
    // Three decimals here, so 0.849 is not shown as a missed 0.85.
    console.log(`  ${name} = ${value.toFixed(3)}: ${verdict} (target ≥ ${target.toFixed(2)})`);
  }
  if (figures.release) printReleaseSummary(figures.release);
  if (figures['password-sign-in'])
    printLatency('password sign-in', SIGN_IN_CONNECTIONS, figures['password-sign-in'].latencyMs);
  for (const warning of warnings(figures)) console.log(`  warning: ${warning}`);
  console.log('  Targets are goals, not gates. Compare ratios between runs; absolute rates depend on the machine.');
}

// ---------------------------------------------------------------------------------------------- main

/** Fails before anything starts when BENCH_ONLY or BENCH_SECONDS cannot work. */
function checkSettings() {
  const unknown = (ONLY ?? []).filter(
    (name) => !MEASUREMENTS[name] && !EXTENSION_FIGURES.includes(name) && !ROSTER_NAMES.includes(name),
  );
  if (unknown.length)
    throw new Error(
      `BENCH_ONLY names no figure ${unknown.join(', ')}; figures: ${[...Object.keys(MEASUREMENTS), ...EXTENSION_FIGURES, ...ROSTER_NAMES].join(', ')}`,
    );
  if (!(SECONDS > 0)) throw new Error(`BENCH_SECONDS must be a positive number of seconds, not ${SECONDS}`);
  if (
    (SCHEDULE.includes('release') || SCHEDULE.includes('release-pg')) &&
    SECONDS + WARMUP_SECONDS > MAX_RELEASE_SAMPLE_SECONDS
  )
    throw new Error(
      `BENCH_SECONDS=${SECONDS} is too long for the release figure: its launches and proofs expire 60 s after they are made, ` +
        `so warm-up plus sample must stay within ${MAX_RELEASE_SAMPLE_SECONDS} s (leave release out with BENCH_ONLY)`,
    );
}

async function main() {
  checkSettings();
  installExitHooks();
  const pinning = detectPinning();
  if (!pinning.pinned) console.log(`note: running unpinned (${pinning.note}); figures will be noisier.`);
  pinSelf(pinning);
  if (SCHEDULE.length) {
    buildServer();
    const servers = await startServers(pinning);
    if (SCHEDULE.includes('release')) await prepareRelease(pinning, servers.gatehouse);
    if (SCHEDULE.includes('release-pg')) await prepareRelease(pinning, servers.gatehousePg);
    if (SCHEDULE.includes('badge-sign-in')) await prepareBadges(pinning, servers.gatehouse);
    const figures = await measureAll(pinning, servers);
    const ratios = computeRatios(figures);
    printFigures(figures);
    for (const { name, value } of ratios) printBench(name, value.toFixed(2), 'ratio');
    printSummary(pinning, figures, ratios);
    await cleanUp(); // the servers stop before Chromium starts
  }
  if (ROSTER_SCHEDULE.length) {
    if (!SCHEDULE.length) buildServer();
    await rosterBenches(pinning, { schedule: ROSTER_SCHEDULE, startGatehouse, printBench });
    await cleanUp();
  }
  if (EXTENSION_SCHEDULE.length) await extensionBench(pinning);
}

/** extension-bench.ts under tsx, on every core (it starts Chromium), printing its figures as bench lines. */
async function extensionBench(pinning) {
  const allCores = `0-${os.cpus().length - 1}`;
  const args = ['--import', import.meta.resolve('tsx'), path.join(BENCH_DIR, 'extension-bench.ts')];
  const result = await runNodeForJson(
    pinning,
    allCores,
    [...args, JSON.stringify(EXTENSION_SCHEDULE)],
    'extension bench',
  );
  if (SCHEDULE.length) console.log('');
  for (const [name, value, unit] of result.lines) printBench(name, value, unit);
  console.log(
    '\nExtension summary (in headless Chromium; NOT pinned: browser, portal and fixture apps share all cores):',
  );
  for (const line of result.summary) console.log(`  ${line}`);
  for (const warning of result.warnings) console.log(`  warning: ${warning}`);
  console.log('  Targets are goals, not gates. Compare ratios between runs; absolute times depend on the machine.');
}

try {
  await main();
} catch (error) {
  if (!wasInterrupted()) console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
