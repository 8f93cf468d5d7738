// `npm run bench`: Gatehouse's throughput, each figure measured against a baseline taken in the same run.
//
// What is measured against what, and why:
//   hono-hello / node-http-hello         what Hono + @hono/node-server costs over bare node:http   (target ≥ 0.70)
//   dashboard-tiles / hono-hello         what the real dashboard (session lookup, SQLite, access rules,
//                                        secure headers) costs over an empty Hono route           (target ≥ 0.50)
//   password-sign-in / argon2id-verify   how close sign-in gets to the raw argon2id ceiling of one core
//                                        with the server's 2 hashing slots                         (target ≥ 0.85)
// Machines here are small and noisy, so absolute req/s move from run to run; the ratios of figures taken
// minutes apart on the same cores are what to compare between runs. Every server (and the raw argon2id
// loop, which stands in for one) runs on core 1 and autocannon on core 0, so the load generator never
// steals the server's CPU. A missed target is reported, never a failure: the exit code is 0 unless
// something crashed. Traffic goes to 127.0.0.1 only. BENCH_SECONDS (default 8) sets each measurement's length.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
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
  stopChild,
  waitForOutput,
} from './processes.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '../..');
const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist/server/main.js');
const HOST = '127.0.0.1';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = 2;
/** Enough connections to keep a one-core server busy without the client becoming the bottleneck. */
const HTTP_CONNECTIONS = 50;
/** Two verifying, two waiting: saturates the server's 2 hashing slots, far from its 64-waiting 503. */
const SIGN_IN_CONNECTIONS = 4;
const HASH_IN_FLIGHT = 2;
const DEMO_USER = 'demo.teacher';

const RATIOS = [
  { name: 'hono-hello/node-http-hello', of: 'hono-hello', over: 'node-http-hello', target: 0.7 },
  { name: 'dashboard-tiles/hono-hello', of: 'dashboard-tiles', over: 'hono-hello', target: 0.5 },
  { name: 'password-sign-in/argon2id-verify', of: 'password-sign-in', over: 'argon2id-verify', target: 0.85 },
];

// ---------------------------------------------------------------------------------------------- setup

/** Rebuilds dist/server so the bench measures today's code; falls back to an existing bundle if the build fails. */
function buildServer() {
  try {
    execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch (error) {
    const why = String(error.stderr ?? error.message).trim().split('\n').filter((line) => !line.startsWith('npm warn')).join('\n  ');
    if (!fs.existsSync(SERVER_BUNDLE)) throw new Error(`npm run build:server failed and there is no ${SERVER_BUNDLE}:\n  ${why}`);
    const builtAt = fs.statSync(SERVER_BUNDLE).mtime.toISOString();
    console.log(`note: npm run build:server failed; benchmarking the existing dist/server/main.js (built ${builtAt}):\n  ${why}`);
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
  if (!response.ok || !check(body)) throw new Error(`${what}: ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return response;
}

// ------------------------------------------------------------------------------------------- servers

async function startHelloServer(pinning, kind) {
  const child = spawnNode(pinning, SERVER_CORE, [path.join(BENCH_DIR, 'hello-servers.mjs'), kind]);
  const [, port] = await waitForOutput(child, /listening on 127\.0\.0\.1:(\d+)/, `${kind} hello server`);
  return { child, url: `http://${HOST}:${port}/` };
}

/** Gatehouse from dist/server with a fresh data dir; the first start seeds the demo district. */
async function startGatehouse(pinning) {
  const port = await freePort();
  const password = `bench-${randomBytes(9).toString('base64url')}`;
  const env = {
    ...process.env,
    PORT: String(port),
    HOST,
    GATEHOUSE_DATA_DIR: makeTempDir('gatehouse-bench-'),
    GATEHOUSE_DEMO: 'on',
    GATEHOUSE_DEMO_PASSWORD: password,
  };
  const child = spawnNode(pinning, SERVER_CORE, [SERVER_BUNDLE], { cwd: REPO_ROOT, env });
  await waitForOutput(child, /Gatehouse is listening on/, 'Gatehouse', 60_000);
  return { child, url: `http://${HOST}:${port}`, password };
}

async function signIn(gatehouse) {
  const response = await expectOk(`${gatehouse.url}/api/auth/sign-in`, signInRequest(gatehouse.password), 'sign-in');
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('gatehouse_session='));
  if (!cookie) throw new Error(`sign-in: no gatehouse_session cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return cookie.split(';')[0];
}

const signInRequest = (password) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: DEMO_USER, password }),
});

// ------------------------------------------------------------------------------------- measurements

/** autocannon in its own process on the load core; resolves with load.mjs's summary. */
function loadTest(pinning, spec) {
  const fullSpec = { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, ...spec };
  return runNodeForJson(pinning, LOAD_CORE, [path.join(BENCH_DIR, 'load.mjs'), JSON.stringify(fullSpec)], `autocannon ${spec.url}`);
}

async function benchHello(pinning, kind) {
  const server = await startHelloServer(pinning, kind);
  try {
    await expectOk(server.url, {}, `${kind} hello`, (body) => body === '{"hello":"world"}');
    return await loadTest(pinning, { url: server.url, connections: HTTP_CONNECTIONS });
  } finally {
    await stopChild(server.child);
  }
}

async function benchDashboard(pinning, gatehouse) {
  const url = `${gatehouse.url}/api/apps/tiles`;
  const headers = { cookie: await signIn(gatehouse) };
  await expectOk(url, { headers }, 'dashboard tiles', (body) => JSON.parse(body).tiles?.length > 0);
  return loadTest(pinning, { url, headers, connections: HTTP_CONNECTIONS });
}

async function benchSignIn(pinning, gatehouse) {
  const { method, headers, body } = signInRequest(gatehouse.password);
  return loadTest(pinning, { url: `${gatehouse.url}/api/auth/sign-in`, method, headers, body, connections: SIGN_IN_CONNECTIONS });
}

function benchArgon2(pinning) {
  const args = [path.join(BENCH_DIR, 'argon2-verify.mjs'), String(SECONDS), String(HASH_IN_FLIGHT), String(WARMUP_SECONDS)];
  return runNodeForJson(pinning, SERVER_CORE, args, 'argon2id verify');
}

/** Runs every measurement in an order that keeps each ratio's two figures close together in time. */
async function measureAll(pinning) {
  const runs = {};
  runs['node-http-hello'] = await benchHello(pinning, 'node-http');
  runs['hono-hello'] = await benchHello(pinning, 'hono');
  const gatehouse = await startGatehouse(pinning);
  try {
    runs['dashboard-tiles'] = await benchDashboard(pinning, gatehouse);
    runs['password-sign-in'] = await benchSignIn(pinning, gatehouse);
  } finally {
    await stopChild(gatehouse.child);
  }
  runs['argon2id-verify'] = await benchArgon2(pinning);
  return runs;
}

// ----------------------------------------------------------------------------------------- reporting

const formatRate = (value) => (value >= 100 ? String(Math.round(value)) : value.toFixed(1));
const printBench = (name, value, unit) => console.log(`bench ${name} ${value} ${unit}`);

function printFigures(runs) {
  for (const [name, run] of Object.entries(runs)) {
    printBench(name, formatRate(run.perSecond), name === 'argon2id-verify' ? 'verify/s' : 'req/s');
  }
  printBench('password-sign-in-non-2xx', runs['password-sign-in'].non2xx, 'responses');
}

function computeRatios(runs) {
  return RATIOS.map((ratio) => ({ ...ratio, value: runs[ratio.of].perSecond / runs[ratio.over].perSecond }));
}

/** Anything that makes a figure suspect: failed requests, socket errors, timeouts. */
function problems(runs) {
  return Object.entries(runs)
    .filter(([, run]) => run.non2xx || run.errors || run.timeouts)
    .map(([name, run]) => `${name}: ${run.non2xx ?? 0} non-2xx ${JSON.stringify(run.statusCodes ?? {})}, ${run.errors ?? 0} errors, ${run.timeouts ?? 0} timeouts`);
}

function printSummary(pinning, runs, ratios) {
  console.log(`\nSummary (${SECONDS} s per measurement; ${pinning.pinned ? 'pinned: ' : 'NOT pinned: '}${pinning.note}):`);
  for (const { name, value, target } of ratios) {
    const verdict = value >= target ? 'met' : 'MISSED';
    console.log(`  ${name} = ${value.toFixed(2)}: ${verdict} (target ≥ ${target.toFixed(2)})`);
  }
  const latency = runs['password-sign-in'].latencyMs;
  console.log(`  password sign-in latency at ${SIGN_IN_CONNECTIONS} connections: p50 ${latency.p50} ms, p99 ${latency.p99} ms`);
  for (const problem of problems(runs)) console.log(`  warning: ${problem}`);
  console.log('  Ratios compare figures from this run only; absolute req/s vary with the machine.');
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
  installExitHooks();
  const pinning = detectPinning();
  if (!pinning.pinned) console.log(`note: running unpinned (${pinning.note}); figures will be noisier.`);
  pinSelf(pinning);
  buildServer();

  const runs = await measureAll(pinning);
  const ratios = computeRatios(runs);
  printFigures(runs);
  for (const { name, value } of ratios) printBench(name, value.toFixed(2), 'ratio');
  printSummary(pinning, runs, ratios);
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
