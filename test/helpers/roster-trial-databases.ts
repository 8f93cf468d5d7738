import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import type { Engine } from '../../server/storage/storage';
import { withoutGatehouseSettings } from './run-cli';
import { freshPostgresDatabase } from './test-storage';

// Databases for killing and racing roster imports run by the built CLI: a "before" database, copies of it for
// each round, and a fingerprint of everything a sync writes, to tell "before", "after" and anything in between.

const CLI = path.resolve('dist/server/cli.js');

/** The rows a sync writes, keyed by sourced ids (new rows get random ids), one digest and count per table. */
const FINGERPRINT_QUERIES: Record<string, string> = {
  users: `SELECT coalesce(sourced_id, username), username, given_name, family_name, role, grade, status FROM users`,
  memberships: `SELECT u.username, coalesce(o.sourced_id, o.id) FROM user_orgs m
    JOIN users u ON u.id = m.user_id JOIN orgs o ON o.id = m.org_id`,
  orgs: `SELECT coalesce(sourced_id, id), name, type, status FROM orgs`,
  academicSessions: `SELECT sourced_id, title, status FROM academic_sessions`,
  classes: `SELECT c.sourced_id, c.title, c.status, o.sourced_id FROM classes c JOIN orgs o ON o.id = c.org_id`,
  classTerms: `SELECT c.sourced_id, s.sourced_id FROM class_terms t
    JOIN classes c ON c.id = t.class_id JOIN academic_sessions s ON s.id = t.session_id`,
  enrollments: `SELECT e.sourced_id, c.sourced_id, u.sourced_id, e.role, e.status FROM enrollments e
    JOIN classes c ON c.id = e.class_id JOIN users u ON u.id = e.user_id`,
  activeEnrollments: `SELECT sourced_id FROM enrollments WHERE status = 'active'`,
  activeUsers: `SELECT username FROM users WHERE status = 'active'`,
  signedIn: `SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id`,
  usernameClashes: `SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1`,
  syncs: `SELECT id, outcome, source_name FROM roster_syncs`,
  rosterAudit: `SELECT id, action FROM audit_events WHERE action LIKE 'roster.%'`,
};

export type Fingerprint = Record<string, { rows: number; digest: string }>;

function fingerprintOf(tables: Record<string, unknown[][]>): Fingerprint {
  const print: Fingerprint = {};
  for (const [table, rows] of Object.entries(tables)) {
    // History rows keep their order (by id, dropped); the others are sets.
    const ordered = table === 'syncs' || table === 'rosterAudit';
    const lines = ordered
      ? rows.sort((a, b) => Number(a[0]) - Number(b[0])).map((row) => JSON.stringify(row.slice(1)))
      : rows.map((row) => JSON.stringify(row)).sort();
    print[table] = { rows: lines.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return print;
}

export interface TrialDatabase {
  /** What the CLI needs to reach it. */
  env: Record<string, string>;
  fingerprint(): Promise<Fingerprint>;
  /** Problems found in the database's own structure: [] when sound. */
  problems(): Promise<string[]>;
  /** Source names of the history, oldest first, with their outcome. */
  history(): Promise<string[]>;
  /** Runs SQL (setup only). */
  exec(statements: string[]): Promise<void>;
}

export interface TrialEngine {
  /** A new database holding what the "before" one held. */
  copyOfBefore(): Promise<TrialDatabase>;
  /** Makes the current state of `database` the "before" (it must not be used afterwards). */
  keepAsBefore(database: TrialDatabase): Promise<void>;
  empty(): Promise<TrialDatabase>;
  /**
   * Holds the roster's write lock as another sync would, until the returned release is called: SQLite's
   * write lock (BEGIN IMMEDIATE), PostgreSQL's advisory lock.
   */
  holdSyncLock(database: TrialDatabase): Promise<() => Promise<void>>;
  /** PostgreSQL: the advisory locks and connections left on the database (none once a killed client is gone). */
  leftovers(database: TrialDatabase): Promise<{ advisoryLocks: number; connections: number }>;
}

export function trialEngine(engine: Engine, workDir: string): TrialEngine {
  return engine === 'sqlite' ? sqliteTrials(workDir) : postgresTrials(workDir);
}

function sqliteTrials(workDir: string): TrialEngine {
  const beforeFile = path.join(workDir, 'before.sqlite');
  let rounds = 0;
  const database = (dataDir: string): TrialDatabase => {
    const file = path.join(dataDir, 'gatehouse.sqlite');
    const withDb = <T>(work: (db: Database.Database) => T): T => {
      const db = new Database(file);
      try {
        return work(db);
      } finally {
        db.close();
      }
    };
    return {
      env: { GATEHOUSE_DATA_DIR: dataDir },
      fingerprint: async () =>
        withDb((db) =>
          fingerprintOf(
            Object.fromEntries(
              Object.entries(FINGERPRINT_QUERIES).map(([table, query]) => [
                table,
                db.prepare(query).raw().all() as unknown[][],
              ]),
            ),
          ),
        ),
      problems: async () =>
        withDb((db) => {
          const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
          const foreignKeys = db.pragma('foreign_key_check') as unknown[];
          return [
            ...integrity.map((row) => row.integrity_check).filter((text) => text !== 'ok'),
            ...foreignKeys.map((row) => `foreign key: ${JSON.stringify(row)}`),
          ];
        }),
      history: async () =>
        withDb((db) =>
          (db.prepare('SELECT source_name, outcome FROM roster_syncs ORDER BY id').raw().all() as string[][]).map(
            (row) => row.join(':'),
          ),
        ),
      exec: async (statements) => withDb((db) => statements.forEach((statement) => db.exec(statement))),
    };
  };
  const newDataDir = () => {
    const dir = path.join(workDir, `round-${++rounds}`);
    fs.mkdirSync(dir, { mode: 0o700 });
    return dir;
  };
  return {
    async empty() {
      const dir = newDataDir();
      openDatabase(path.join(dir, 'gatehouse.sqlite')).$client.close();
      return database(dir);
    },
    async keepAsBefore(trial) {
      const db = new Database(path.join(trial.env.GATEHOUSE_DATA_DIR!, 'gatehouse.sqlite'));
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      fs.copyFileSync(path.join(trial.env.GATEHOUSE_DATA_DIR!, 'gatehouse.sqlite'), beforeFile);
    },
    async copyOfBefore() {
      const dir = newDataDir();
      fs.copyFileSync(beforeFile, path.join(dir, 'gatehouse.sqlite'));
      fs.chmodSync(path.join(dir, 'gatehouse.sqlite'), 0o600);
      return database(dir);
    },
    async holdSyncLock(trial) {
      const db = new Database(path.join(trial.env.GATEHOUSE_DATA_DIR!, 'gatehouse.sqlite'));
      db.exec('BEGIN IMMEDIATE');
      return async () => {
        db.exec('COMMIT');
        db.close();
      };
    },
    leftovers: async () => ({ advisoryLocks: 0, connections: 0 }),
  };
}

/** The roster's advisory lock key (server/roster/roster-store.postgres.ts). */
const SYNC_LOCK = 7_340_119;

function postgresTrials(workDir: string): TrialEngine {
  const serverUrl = () => inject('postgresUrl');
  let beforeName: string | undefined;
  const nameOf = (url: string) => new URL(url).pathname.slice(1);
  const withClient = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const database = (url: string): TrialDatabase => ({
    env: { GATEHOUSE_DATABASE_URL: url, GATEHOUSE_DATA_DIR: workDir },
    fingerprint: () =>
      withClient(url, async (client) => {
        const tables: Record<string, unknown[][]> = {};
        for (const [table, query] of Object.entries(FINGERPRINT_QUERIES))
          tables[table] = (await client.query({ text: query, rowMode: 'array' })).rows as unknown[][];
        return fingerprintOf(tables);
      }),
    // PostgreSQL checks its own structure; what a half-applied sync could break are the references.
    problems: () =>
      withClient(url, async (client) => {
        const { rows } = await client.query(`SELECT
          (SELECT count(*) FROM enrollments e LEFT JOIN users u ON u.id = e.user_id WHERE u.id IS NULL) +
          (SELECT count(*) FROM enrollments e LEFT JOIN classes c ON c.id = e.class_id WHERE c.id IS NULL) AS orphans`);
        return Number(rows[0].orphans) === 0 ? [] : [`${rows[0].orphans} orphaned enrolments`];
      }),
    history: () =>
      withClient(url, async (client) =>
        (await client.query('SELECT source_name, outcome FROM roster_syncs ORDER BY id')).rows.map(
          (row: { source_name: string; outcome: string }) => `${row.source_name}:${row.outcome}`,
        ),
      ),
    exec: (statements) =>
      withClient(url, async (client) => {
        for (const statement of statements) await client.query(statement);
      }),
  });
  const onServer = (name: string) => serverUrl().replace(/\/postgres$/, `/${name}`);
  return {
    empty: async () => database(await freshPostgresDatabase()),
    async keepAsBefore(trial) {
      beforeName = nameOf(trial.env.GATEHOUSE_DATABASE_URL!);
    },
    async copyOfBefore() {
      const name = `kill_${randomBytes(6).toString('hex')}`;
      await withClient(serverUrl(), (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${beforeName}`));
      return database(onServer(name));
    },
    async holdSyncLock(trial) {
      const client = new pg.Client({ connectionString: trial.env.GATEHOUSE_DATABASE_URL });
      await client.connect();
      await client.query('SELECT pg_advisory_lock($1)', [SYNC_LOCK]);
      return async () => {
        await client.query('SELECT pg_advisory_unlock($1)', [SYNC_LOCK]);
        await client.end();
      };
    },
    leftovers: (trial) =>
      withClient(serverUrl(), async (admin) => {
        const name = nameOf(trial.env.GATEHOUSE_DATABASE_URL!);
        const { rows } = await admin.query(
          `SELECT
            (SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE l.locktype = 'advisory' AND d.datname = $1) AS locks,
            (SELECT count(*) FROM pg_stat_activity WHERE datname = $1) AS connections`,
          [name],
        );
        return { advisoryLocks: Number(rows[0].locks), connections: Number(rows[0].connections) };
      }),
  };
}

/** A `roster import` run by the built CLI as a child process: its phases (stderr lines) timed, and its end. */
export interface ImportRun {
  child: ChildProcess;
  startedAt: number;
  /** Each stderr line with the ms since start it came at. */
  lines: { at: number; text: string }[];
  /** Resolves with the first line containing `text`'s time (ms since start), or never. */
  phase(text: string): Promise<number>;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number; stdout: string }>;
}

export function startImport(env: Record<string, string>, args: string[]): ImportRun {
  const child = spawn(process.execPath, [CLI, 'roster', 'import', ...args], {
    env: { ...withoutGatehouseSettings(process.env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const startedAt = performance.now();
  const since = () => performance.now() - startedAt;
  const lines: ImportRun['lines'] = [];
  const waiting: { text: string; resolve: (at: number) => void }[] = [];
  let stdout = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    const at = since();
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    for (const text of parts) {
      lines.push({ at, text });
      for (const wait of waiting.filter((each) => text.includes(each.text))) wait.resolve(at);
    }
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number; stdout: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, at: since(), stdout })),
  );
  return {
    child,
    startedAt,
    lines,
    phase: (text) =>
      new Promise((resolve) => {
        const seen = lines.find((line) => line.text.includes(text));
        if (seen) resolve(seen.at);
        else waiting.push({ text, resolve });
      }),
    ended,
  };
}
