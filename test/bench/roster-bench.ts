// The roster import's figures for `npm run bench`, measured in this process (run.mjs starts it on the server
// core: `node --import tsx test/bench/roster-bench.ts '<json spec>'`) and printed as JSON on the last line.
// Run alone, it prints the same JSON.
//
// What is measured against what, and why:
//   roster-import-60k, roster-import-200k   a whole first import of a generated district (60,000 or 200,000
//                                          students: generate-district.ts) into an empty, migrated database,
//                                          as the CLI or the drop folder runs it: read the folder, parse,
//                                          check, compare, write in one transaction, history row. Seconds,
//                                          the median of BENCH_ROSTER_SAMPLES fresh databases (default 2 at
//                                          60k, 1 at 200k)                             (targets ≤ 10 s, ≤ 35 s)
//   roster-import/raw-insert             the import's speed against the fastest plain write of the same rows:
//                                          every row the 60k import wrote (people, memberships, campuses,
//                                          classes, terms, enrolments), read back and inserted into a fresh
//                                          database in one transaction with prepared statements (SQLite: one
//                                          statement per row; PostgreSQL: multi-row statements, as fast as a
//                                          plain client gets without COPY). The ratio is raw seconds ÷ import
//                                          seconds: 0.5 means the import takes twice as long as the raw insert
//                                                                                       (target ≥ 0.50)
//   roster-resync/roster-import          the same bundle imported again into the district it made (nothing to
//                                          change: read, parse, compare, a history row) ÷ the first import
//                                                                                       (target ≤ 0.25)
//   roster-resync-changed-60k            the next night's export (generate-district --changed: 2% left, 2%
//                                          new, 1% renamed, some moved) into the same district, for reference
// The same figures on PostgreSQL end in -pg (a throwaway PostgreSQL 15 pinned to the same core, as run.mjs
// does for release-pg, so all of the server side's work shares one core as SQLite's does in-process).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../server/db/connection';
import { readRosterPath } from '../../server/roster/read-files';
import { rosterServiceFor } from '../../server/roster/roster-service';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import { sqliteStorage } from '../../server/storage/sqlite-storage';
import type { Engine, Storage } from '../../server/storage/storage';
import { startThrowawayPostgres } from '../helpers/postgres-server.mjs';
import { writeDistrict } from './generate-district';

export const ROSTER_FIGURES = ['roster-import-60k', 'roster-import-200k', 'raw-insert', 'roster-resync'] as const;
type RosterFigure = (typeof ROSTER_FIGURES)[number];

interface Spec {
  /** Figures (without -pg) and engines to take them on. */
  figures: RosterFigure[];
  engines: Engine[];
  /** PostgreSQL's cores (taskset list); unpinned when absent. */
  pgCores?: string;
  samples60k?: number;
  samples200k?: number;
  /** Students in the two districts; only a quick check of the bench itself changes them. */
  students?: [number, number];
}

/** Tables a roster import writes, parents first. */
const ROSTER_TABLES = ['orgs', 'academic_sessions', 'users', 'user_orgs', 'classes', 'class_terms', 'enrollments'];

const config = {
  roster: { usernames: 'sis' as const, flagColumns: { sped: ['metadata.sped'] }, holdShare: 0.1 },
  sessionIdleMs: 3_600_000,
  sessionMaxMs: 12 * 3_600_000,
};

const lines: [string, string, string][] = [];
const summary: string[] = [];
const warnings: string[] = [];
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-roster-bench-'));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
};
const seconds = (ms: number) => ms / 1000;

/** Fresh, empty, migrated databases on one engine. */
interface Databases {
  engine: Engine;
  fresh(): Promise<Storage>;
  close(): Promise<void>;
}

function sqliteDatabases(): Databases {
  let n = 0;
  return {
    engine: 'sqlite',
    fresh: async () => sqliteStorage(openDatabase(path.join(workDir, `bench-${++n}.sqlite`))),
    close: async () => undefined,
  };
}

async function postgresDatabases(cpuList: string | undefined): Promise<Databases> {
  const server = await startThrowawayPostgres({ cpuList });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  let n = 0;
  return {
    engine: 'postgres',
    async fresh() {
      const name = `roster_bench_${++n}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return openPostgresStorage(server.urlFor(name));
    },
    async close() {
      await admin.end();
      server.stop();
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** One import of the bundle in `dir`, as the CLI runs it; the outcome must be `expected`. */
async function importFolder(storage: Storage, dir: string, expected: string) {
  const { ms, result } = await timed(async () => {
    const files = await readRosterPath(dir);
    return rosterServiceFor(storage, config, Date.now).importFiles(files, { source: 'cli', actorId: null });
  });
  if (result.outcome !== expected)
    throw new Error(
      `import of ${path.basename(dir)}: ${result.outcome}, not ${expected}: ${result.errors[0]?.message}`,
    );
  return { ms, report: result };
}

const districts = new Map<string, string>();
/** Generates (once per run) the bundle for `students`, `changed` or not. */
async function district(students: number, changed = false) {
  const key = `${students}${changed ? '-changed' : ''}`;
  if (!districts.has(key)) {
    const dir = path.join(workDir, `district-${key}`);
    const counts = await writeDistrict(dir, { students, seed: 1, changed });
    if (!changed)
      summary.push(
        `district ${key}: ${counts.people} people, ${counts.campuses} campuses, ${counts.classes} classes, ${counts.enrollments} enrolments`,
      );
    districts.set(key, dir);
  }
  return districts.get(key)!;
}

/** A copy of the bundle whose manifest names another export run: the same rows in different bytes. */
async function sameRowsNewFile(dir: string) {
  const copy = `${dir}-next-night`;
  if (!fs.existsSync(copy)) {
    fs.cpSync(dir, copy, { recursive: true });
    const manifest = path.join(copy, 'manifest.csv');
    fs.writeFileSync(
      manifest,
      fs.readFileSync(manifest, 'utf8').replace(/^source\.systemName,.*$/m, 'source.systemName,next night'),
    );
  }
  return copy;
}

// ------------------------------------------------------------------------------------------ raw insert

type Rows = Record<string, Record<string, unknown>[]>;

async function readAllRows(storage: Storage): Promise<Rows> {
  const rows: Rows = {};
  for (const table of ROSTER_TABLES) {
    rows[table] =
      storage.engine === 'sqlite'
        ? (storage.db.$client.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])
        : (await storage.db.$client.query(`SELECT * FROM ${table}`)).rows;
  }
  return rows;
}

/** The same rows in one transaction, as plainly as the engine allows; milliseconds. */
async function rawInsert(storage: Storage, rows: Rows): Promise<number> {
  if (storage.engine === 'sqlite') {
    const sqlite = storage.db.$client;
    const insertAll = sqlite.transaction(() => {
      for (const table of ROSTER_TABLES) {
        const [first] = rows[table]!;
        if (!first) continue;
        const columns = Object.keys(first);
        const insert = sqlite.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
        );
        for (const row of rows[table]!) insert.run(row);
      }
    });
    return (await timed(async () => insertAll())).ms;
  }
  const client = await storage.db.$client.connect();
  try {
    return (
      await timed(async () => {
        await client.query('BEGIN');
        for (const table of ROSTER_TABLES) {
          const [first] = rows[table]!;
          if (!first) continue;
          const columns = Object.keys(first);
          const perStatement = Math.floor(60_000 / columns.length);
          for (let start = 0; start < rows[table]!.length; start += perStatement) {
            const batch = rows[table]!.slice(start, start + perStatement);
            const values = batch.map(
              (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
            );
            const params = batch.flatMap((row) =>
              columns.map((c) => (row[c] !== null && typeof row[c] === 'object' ? JSON.stringify(row[c]) : row[c])),
            );
            await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
          }
        }
        await client.query('COMMIT');
      })
    ).ms;
  } finally {
    client.release();
  }
}

// -------------------------------------------------------------------------------------------- figures

const suffix = (engine: Engine) => (engine === 'postgres' ? '-pg' : '');

async function measureEngine(databases: Databases, spec: Spec) {
  const { engine } = databases;
  const wants = (figure: RosterFigure) => spec.figures.includes(figure);
  const needs60k = wants('roster-import-60k') || wants('raw-insert') || wants('roster-resync');
  if (needs60k) {
    const dir = await district(spec.students?.[0] ?? 60_000);
    const imports: number[] = [];
    let first: Storage | undefined;
    for (let sample = 0; sample < (spec.samples60k ?? 2); sample++) {
      const storage = await databases.fresh();
      const { ms, report } = await importFolder(storage, dir, 'applied');
      imports.push(ms);
      if (!first) {
        first = storage;
        const c = report.counts;
        summary.push(
          `${engine}: 60k import added ${c.people.added} people, ${c.classes.added} classes, ${c.enrollments.added} enrolments`,
        );
      } else await storage.close();
    }
    const importMs = median(imports);
    summary.push(`${engine}: 60k import samples ${imports.map((ms) => seconds(ms).toFixed(1)).join(', ')} s`);
    if (wants('roster-import-60k'))
      lines.push([`roster-import-60k${suffix(engine)}`, seconds(importMs).toFixed(1), 's']);
    if (wants('raw-insert')) {
      const rows = await readAllRows(first!);
      const target = await databases.fresh();
      const rawMs = await rawInsert(target, rows);
      await target.close();
      const total = Object.values(rows).reduce((sum, table) => sum + table.length, 0);
      summary.push(`${engine}: raw insert of the same ${total} rows in ${seconds(rawMs).toFixed(2)} s`);
      lines.push([
        `roster-import${suffix(engine)}/raw-insert${suffix(engine)}`,
        (rawMs / importMs).toFixed(2),
        'ratio',
      ]);
    }
    if (wants('roster-resync')) {
      // The next night's export with nothing changed: the same rows, but not the same bytes (its manifest
      // names another run), so the sync reads and compares it all instead of recognising the file.
      const resync = await importFolder(first!, await sameRowsNewFile(dir), 'unchanged');
      lines.push([
        `roster-resync${suffix(engine)}/roster-import${suffix(engine)}`,
        (resync.ms / importMs).toFixed(3),
        'ratio',
      ]);
      const sameBytes = await importFolder(first!, dir, 'unchanged');
      summary.push(
        `${engine}: unchanged re-sync ${seconds(resync.ms).toFixed(2)} s (the first import's files again, after another sync: ${seconds(sameBytes.ms).toFixed(2)} s)`,
      );
      const changed = await importFolder(first!, await district(spec.students?.[0] ?? 60_000, true), 'applied');
      const c = changed.report.counts.people;
      lines.push([`roster-resync-changed-60k${suffix(engine)}`, seconds(changed.ms).toFixed(1), 's']);
      summary.push(
        `${engine}: next export: ${c.added} people added, ${c.changed} changed, ${c.deactivated} deactivated, ${changed.report.counts.enrollments.added + changed.report.counts.enrollments.deactivated} enrolments moved`,
      );
    }
    await first!.close();
  }
  if (wants('roster-import-200k')) {
    const dir = await district(spec.students?.[1] ?? 200_000);
    const imports: number[] = [];
    for (let sample = 0; sample < (spec.samples200k ?? 1); sample++) {
      const storage = await databases.fresh();
      imports.push((await importFolder(storage, dir, 'applied')).ms);
      await storage.close();
    }
    lines.push([`roster-import-200k${suffix(engine)}`, seconds(median(imports)).toFixed(1), 's']);
  }
}

async function main() {
  const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;
  spec.figures ??= [...ROSTER_FIGURES];
  spec.engines ??= ['sqlite', 'postgres'];
  try {
    for (const engine of spec.engines) {
      const databases = engine === 'sqlite' ? sqliteDatabases() : await postgresDatabases(spec.pgCores);
      try {
        await measureEngine(databases, spec);
      } finally {
        await databases.close();
      }
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ lines, summary, warnings }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  fs.rmSync(workDir, { recursive: true, force: true });
  process.exit(1);
});
