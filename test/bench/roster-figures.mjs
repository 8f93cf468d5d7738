// The roster's figures in `npm run bench`: the import figures come from roster-bench.ts (in one process on the
// server core); sign-in-during-import is taken here, against a real portal process.
//
//   sign-in-p99-during-import/idle       what a 60k import does to the people signing in meanwhile: a portal
//                                        (dist/server, demo district) on the server core, password sign-ins
//                                        (sign-in-load.mjs, 4 at a time, as password-sign-in) from the load
//                                        core. First IDLE_SECONDS of sign-ins alone, then the same load while
//                                        the generated 60k bundle is dropped into the portal's drop folder
//                                        (GATEHOUSE_ROSTER_DROP_DIR: how an SIS delivers it in production), so
//                                        the import runs inside the portal process. The figure is the p99 of
//                                        the sign-ins under way at some moment between the sync's own start
//                                        and finish times (its history row) ÷ the idle p99, and every sign-in must succeed
//                                                                                      (target ≤ 3, no failure)
// The same on PostgreSQL ends in -pg.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  LOAD_CORE,
  SERVER_CORE,
  cleanUp,
  makeTempDir,
  onCleanUp,
  runNodeForJson,
  spawnNode,
  stopChild,
} from './processes.mjs';
import { startThrowawayPostgres } from '../helpers/postgres-server.mjs';

const BENCH_DIR = path.dirname(new URL(import.meta.url).pathname);
const SIGN_IN_CONNECTIONS = 4;
const IDLE_SECONDS = 10;
/** The drop folder waits this long for a bundle's files to settle, then imports; the sync must end within. */
const IMPORT_TIMEOUT_MS = 15 * 60_000;
const DEMO_USER = 'demo.teacher';
/** The district imported meanwhile; BENCH_SIGN_IN_STUDENTS only for a quick look at the harness itself. */
const SIGN_IN_STUDENTS = Number(process.env.BENCH_SIGN_IN_STUDENTS ?? 60_000);
const P99_TARGET = 3;

/** The import figures take 2-4 minutes when the targets are met; a run far slower is stopped and reported. */
const ROSTER_BENCH_MINUTES = Number(process.env.BENCH_ROSTER_MINUTES ?? 20);

/** The work's result, or undefined when it took longer than `minutes` (its child is stopped at clean-up). */
async function withinMinutes(minutes, work) {
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(undefined), minutes * 60_000)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const tsx = () => ['--import', import.meta.resolve('tsx')];

/** Runs the roster figures that BENCH_ONLY asked for (all by default); prints bench lines and a summary. */
export async function rosterBenches(pinning, { schedule, startGatehouse, printBench }) {
  const importFigures = ['roster-import-60k', 'roster-import-200k', 'raw-insert', 'roster-resync'];
  const engines = (names) => [
    ...(names.some((name) => schedule.includes(name)) ? ['sqlite'] : []),
    ...(names.some((name) => schedule.includes(`${name}-pg`)) ? ['postgres'] : []),
  ];
  const summary = [];
  const warnings = [];
  const wanted = importFigures.filter((name) => schedule.includes(name) || schedule.includes(`${name}-pg`));
  if (wanted.length) {
    const spec = {
      figures: wanted,
      engines: engines(importFigures),
      pgCores: process.env.BENCH_PG_CORES || (pinning.pinned ? String(SERVER_CORE) : undefined),
    };
    // For diagnosis only, e.g. BENCH_ROSTER_NODE_FLAGS=--turbo-filter=-eachRecord (see docs/benchmarks.md).
    const nodeFlags = (process.env.BENCH_ROSTER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    if (nodeFlags.length)
      warnings.push(`the import figures ran with ${nodeFlags.join(' ')}: not the portal as shipped`);
    const args = [...nodeFlags, ...tsx(), path.join(BENCH_DIR, 'roster-bench.ts'), JSON.stringify(spec)];
    const result = await withinMinutes(
      ROSTER_BENCH_MINUTES,
      runNodeForJson(pinning, SERVER_CORE, args, 'roster bench'),
    );
    if (result) {
      for (const [name, value, unit] of result.lines) printBench(name, value, unit);
      summary.push(...result.summary);
      warnings.push(...result.warnings);
    } else
      warnings.push(
        `the import figures did not finish in ${ROSTER_BENCH_MINUTES} min (BENCH_ROSTER_MINUTES): every one of them missed its target`,
      );
  }
  for (const engine of engines(['sign-in-during-import'])) {
    const figure = await signInDuringImport(pinning, engine, startGatehouse);
    const suffix = engine === 'postgres' ? '-pg' : '';
    printBench(`sign-in-p99-during-import${suffix}/idle${suffix}`, figure.ratio.toFixed(2), 'ratio');
    printBench(`sign-in-during-import-failures${suffix}`, figure.failures, 'responses');
    summary.push(figure.summary);
    if (figure.ratio > P99_TARGET || figure.failures) warnings.push(`missed: ${figure.summary}`);
  }
  console.log(
    '\nRoster summary (imports on the server core; targets: 60k ≤ 10 s, 200k ≤ 35 s, raw-insert ≥ 0.50, resync ≤ 0.25, sign-in p99 during/idle ≤ 3):',
  );
  for (const line of summary) console.log(`  ${line}`);
  for (const warning of warnings) console.log(`  warning: ${warning}`);
}

const percentile = (values, share) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? NaN;
};

function signInLoad(pinning, gatehouse, seconds) {
  const spec = {
    url: gatehouse.url,
    username: DEMO_USER,
    password: gatehouse.password,
    connections: SIGN_IN_CONNECTIONS,
    seconds,
  };
  return spawnNode(pinning, LOAD_CORE, [path.join(BENCH_DIR, 'sign-in-load.mjs'), JSON.stringify(spec)]);
}

async function loadResult(child) {
  const { code } = await child.exited;
  const lastLine = child.output.stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0) throw new Error(`sign-in load exited with ${code}: ${child.output.stderr.slice(-1000)}`);
  return JSON.parse(lastLine).samples;
}

/** The drop folder's sync, once it has finished: its start and finish (epoch ms), read from the history. */
async function finishedDropSync(engine, gatehouse, databaseUrl) {
  const query =
    "SELECT started_at, finished_at, outcome FROM roster_syncs WHERE source = 'drop_folder' ORDER BY id DESC LIMIT 1";
  const deadline = Date.now() + IMPORT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    let row;
    if (engine === 'sqlite') {
      const db = new Database(path.join(gatehouse.dataDir, 'gatehouse.sqlite'), {
        readonly: true,
        fileMustExist: true,
      });
      try {
        row = db.prepare(query).get();
      } finally {
        db.close();
      }
    } else {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        row = (await client.query(query)).rows[0];
      } finally {
        await client.end();
      }
    }
    if (row) return { startedAt: Number(row.started_at), finishedAt: Number(row.finished_at), outcome: row.outcome };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `sign-in-during-import: no drop-folder sync in ${IMPORT_TIMEOUT_MS / 60_000} min (is the drop folder in this build?)`,
  );
}

async function signInDuringImport(pinning, engine, startGatehouse) {
  const bundle = makeTempDir('gatehouse-bench-district-');
  const generated = spawnSync(
    process.execPath,
    [
      ...tsx(),
      path.join(BENCH_DIR, 'generate-district.ts'),
      '--students',
      String(SIGN_IN_STUDENTS),
      '--out',
      bundle,
      '--with-lakeside',
    ],
    { encoding: 'utf8' },
  );
  if (generated.status !== 0) throw new Error(`generate-district failed: ${generated.stderr}`);
  const dropDir = makeTempDir('gatehouse-bench-drop-');
  let databaseUrl;
  if (engine === 'postgres') {
    const cpuList = process.env.BENCH_PG_CORES || (pinning.pinned ? String(SERVER_CORE) : undefined);
    const server = await startThrowawayPostgres({ cpuList });
    onCleanUp(() => server.stop());
    databaseUrl = server.url;
  }
  const gatehouse = await startGatehouse(pinning, databaseUrl, {
    GATEHOUSE_ROSTER_DROP_DIR: dropDir,
    GATEHOUSE_ROSTER_CHECK_MINUTES: '0.05',
  });
  try {
    const idle = await loadResult(signInLoad(pinning, gatehouse, IDLE_SECONDS));
    const during = signInLoad(pinning, gatehouse, IMPORT_TIMEOUT_MS / 1000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Copied beside the folder, then renamed in: the watcher never sees half a bundle.
    const staging = path.join(dropDir, '..', `${path.basename(dropDir)}-district-60k`);
    fs.cpSync(bundle, staging, { recursive: true });
    fs.renameSync(staging, path.join(dropDir, 'district-60k'));
    const sync = await finishedDropSync(engine, gatehouse, databaseUrl);
    await stopChild(during);
    const samples = await loadResult(during);
    // Every sign-in that was under way at some moment of the import (one that waited for it started earlier).
    const inWindow = samples.filter(
      ([startedAt, ms]) => startedAt <= sync.finishedAt && startedAt + ms >= sync.startedAt,
    );
    const failures = samples.filter(([, , status]) => status !== 200).length;
    const idleP99 = percentile(
      idle.map(([, ms]) => ms),
      0.99,
    );
    const duringP99 = percentile(
      inWindow.map(([, ms]) => ms),
      0.99,
    );
    const seconds = ((sync.finishedAt - sync.startedAt) / 1000).toFixed(1);
    return {
      ratio: duringP99 / idleP99,
      failures,
      summary:
        `${engine}: sign-in p99 ${duringP99} ms during the ${SIGN_IN_STUDENTS / 1000}k import (${sync.outcome} in ${seconds} s in the portal, ` +
        `${inWindow.length} sign-ins) vs ${idleP99} ms idle (${idle.length} sign-ins in ${IDLE_SECONDS} s); ` +
        `${failures} failed of ${samples.length}`,
    };
  } finally {
    await stopChild(gatehouse.child);
  }
}
