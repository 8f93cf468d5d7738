// "Nothing half-applied": a roster import run by the built CLI is killed (SIGKILL) at many points, before and
// during its one write transaction and after it; each time the database is exactly as before the import or
// exactly as after it, and sound. Two imports at the same moment end as if one had run after the other.
// SQLite (a file in a data folder) in the main project, PostgreSQL in the postgres project.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterReport } from '../../shared/roster';
import { largeDistrict, writeBundleFolder } from '../helpers/roster-large-district';
import { startImport, trialEngine, type Fingerprint, type TrialDatabase } from '../helpers/roster-trial-databases';
import { testEngine } from '../helpers/test-storage';

const STUDENTS = 3000;
const WRITING = 'Writing changes';
const COMPARING = 'Comparing with the portal';
/** An import that does not end within this long after its database is free again is stuck. */
const STUCK_MS = 20_000;
/** server/db/connection.ts: how long SQLite waits for another connection's write lock. */
const BUSY_TIMEOUT_MS = 5_000;

/** Signed-in people before the sync: some the sync deactivates (their sessions must end with it), some it keeps. */
const SIGNED_IN = [...Array.from({ length: 20 }, (_, i) => `ld-s${(i + 1) * 25}`), 'ld-s1', 'ld-s2', 'ld-s3'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-roster-kill-'));
const trials = trialEngine(testEngine, work);
const bundles = {
  first: writeBundleFolder(work, 'first-term', largeDistrict({ students: STUDENTS })),
  // A new term: every class and enrolment replaced, 4% left, 8% renamed, 100 newcomers.
  newTerm: writeBundleFolder(
    work,
    'new-term',
    largeDistrict({
      students: STUDENTS,
      term: 2,
      leaveEvery: 25,
      renameEvery: 10,
      newcomers: { prefix: 'b', count: 100 },
    }),
  ),
  // Same term, other changes; its newcomers ask for the same usernames as new-term's.
  sameTerm: writeBundleFolder(
    work,
    'same-term',
    largeDistrict({ students: STUDENTS, leaveEvery: 30, renameEvery: 7, newcomers: { prefix: 'c', count: 100 } }),
  ),
};

/** Runs an import to its end; fails when it does not succeed. */
async function importToEnd(database: TrialDatabase, bundle: string) {
  // A new term replaces every class: past the safety hold, which is not what is tested here.
  const run = startImport(database.env, [bundle, '--json', '--approve']);
  const end = await endsWithin(run, STUCK_MS);
  expect(end, run.lines.map((line) => line.text).join('\n')).toMatchObject({ code: 0 });
  return { report: JSON.parse(end.stdout) as RosterReport, run, end };
}

async function endsWithin(run: ReturnType<typeof startImport>, ms: number) {
  const stuck = sleep(ms).then(() => {
    run.child.kill('SIGKILL');
    throw new Error(`the import did not end within ${ms} ms`);
  });
  return Promise.race([run.ended, stuck]);
}

function stateOf(print: Fingerprint, before: Fingerprint, after: Fingerprint): string {
  if (JSON.stringify(print) === JSON.stringify(before)) return 'before';
  if (JSON.stringify(print) === JSON.stringify(after)) return 'after';
  return `HALF: ${JSON.stringify(print)}`;
}

/** PostgreSQL frees a killed client's connection (and its locks) when it notices: waits for that, timed. */
async function untilLeftoversGone(database: TrialDatabase) {
  const started = performance.now();
  for (;;) {
    const left = await trials.leftovers(database);
    if (left.advisoryLocks === 0 && left.connections === 0) return Math.round(performance.now() - started);
    if (performance.now() - started > 10_000) throw new Error(`a killed import left ${JSON.stringify(left)}`);
    await sleep(20);
  }
}

describe(`a roster import killed or raced on ${testEngine}`, { timeout: 240_000 }, () => {
  let before: Fingerprint;
  let after: Fingerprint;
  /** One whole import of the new term over "before": ms from start to "Writing changes…", and to its end. */
  let timing: { writing: number; end: number };

  beforeAll(async () => {
    const first = await trials.empty();
    await importToEnd(first, bundles.first);
    await first.exec([
      `INSERT INTO sessions (id_hash, user_id, method, created_at, last_seen_at, expires_at)
       SELECT 'h-' || id, id, 'password', 1, 1, 9000000000000 FROM users
       WHERE sourced_id IN (${SIGNED_IN.map((id) => `'${id}'`).join(', ')})`,
    ]);
    await trials.keepAsBefore(first);
    const whole = await trials.copyOfBefore();
    before = await whole.fingerprint();
    const { run, end, report } = await importToEnd(whole, bundles.newTerm);
    expect(report).toMatchObject({ outcome: 'applied' });
    timing = { writing: await run.phase(WRITING), end: end.at };
    after = await whole.fingerprint();
  }, 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('changes every part of the database a sync writes (so "before" and "after" differ in each)', () => {
    for (const table of ['users', 'memberships', 'classes', 'enrollments', 'signedIn', 'syncs', 'rosterAudit'])
      expect(after[table], table).not.toEqual(before[table]);
    expect(before.enrollments!.rows).toBeGreaterThan(18_000);
    expect(after.signedIn!.rows).toBe(before.signedIn!.rows - 20);
  });

  it('leaves the database exactly before or exactly after, wherever the import is killed', async () => {
    const window = timing.end - timing.writing;
    const points = [
      { from: 'start', ms: 0 },
      { from: 'start', ms: Math.round(timing.writing / 2) },
      ...Array.from({ length: 9 }, (_, i) => ({ from: WRITING, ms: Math.round((i / 8) * window * 1.1) })),
      { from: WRITING, ms: Math.round(window * 1.6) },
    ];
    const rounds = [];
    for (const point of points) {
      const database = await trials.copyOfBefore();
      const run = startImport(database.env, [bundles.newTerm, '--approve']);
      const from = point.from === 'start' ? 0 : await Promise.race([run.phase(WRITING), run.ended.then(() => 0)]);
      await sleep(Math.max(0, from + point.ms - (performance.now() - run.startedAt)));
      const killedAt = Math.round(performance.now() - run.startedAt);
      const lastPhase = run.lines.at(-1)?.text ?? '(none)';
      run.child.kill('SIGKILL');
      const end = await run.ended;
      const freedAfterMs = testEngine === 'postgres' ? await untilLeftoversGone(database) : 0;
      const state = stateOf(await database.fingerprint(), before, after);
      const problems = await database.problems();
      // The next import finds the database free at once and brings it to "after".
      const next = state === 'before' ? await importToEnd(database, bundles.newTerm) : undefined;
      const nextState = next ? stateOf(await database.fingerprint(), before, after) : '-';
      rounds.push({
        point: `${point.from} + ${point.ms} ms`,
        killedAt,
        lastPhase,
        exitedBeforeKill: end.signal !== 'SIGKILL',
        state,
        problems: problems.join('; '),
        freedAfterMs,
        nextImportMs: next ? Math.round(next.end.at) : '-',
        nextState,
      });
    }
    console.log(`${testEngine}: whole import ${JSON.stringify(timing)}`);
    console.table(rounds);
    for (const round of rounds) {
      expect(round.state, round.point).toMatch(/^(before|after)$/);
      expect(round.problems, round.point).toBe('');
      if (round.state === 'before') expect(round.nextState, round.point).toBe('after');
    }
    // Some kills landed inside the write (after "Writing changes…", before its commit), some after it.
    const duringWrite = rounds.filter(
      (round) => round.lastPhase.includes(WRITING) && round.state === 'before' && !round.exitedBeforeKill,
    );
    expect(duringWrite.length).toBeGreaterThanOrEqual(2);
    expect(rounds.some((round) => round.state === 'after')).toBe(true);
  });

  it('two imports at the same moment end as if one had run after the other, each in the history', async () => {
    const sequential = new Map<string, { print: Fingerprint; reports: RosterReport[] }>();
    for (const order of [
      [bundles.newTerm, bundles.sameTerm],
      [bundles.sameTerm, bundles.newTerm],
    ]) {
      const database = await trials.copyOfBefore();
      const reports = [];
      for (const bundle of order) reports.push((await importToEnd(database, bundle)).report);
      sequential.set(order.map((bundle) => path.basename(bundle)).join(' then '), {
        print: await database.fingerprint(),
        reports,
      });
    }

    // Both read and plan against "before", then wait for the sync lock (held here until both are waiting).
    const database = await trials.copyOfBefore();
    const release = await trials.holdSyncLock(database);
    const runs = [
      startImport(database.env, [bundles.newTerm, '--json', '--approve']),
      startImport(database.env, [bundles.sameTerm, '--json', '--approve']),
    ];
    await Promise.all(runs.map((run) => run.phase(WRITING)));
    await sleep(300);
    await release();
    const ends = await Promise.all(runs.map((run) => endsWithin(run, STUCK_MS)));
    const stderr = runs.map((run) => run.lines.map((line) => line.text).join('\n'));
    console.log(
      `${testEngine}: two imports`,
      ends.map((end, i) => ({ code: end.code, ms: Math.round(end.at), stderr: stderr[i] })),
    );
    expect(ends.map((end) => end.code)).toEqual([0, 0]);

    const history = await database.history();
    expect(history.slice(1).map((entry) => entry.split(':')[1])).toEqual(['applied', 'applied']);
    const order = history
      .slice(1)
      .map((entry) => entry.split(':')[0])
      .join(' then ');
    const expected = sequential.get(order)!;
    const print = await database.fingerprint();
    expect(print).toEqual(expected.print);
    expect(print.usernameClashes!.rows).toBe(0);
    expect((await database.problems()).join('; ')).toBe('');

    // The one that got the lock second found its plan stale, planned again against what the first wrote.
    const planned = runs.map((run) => run.lines.filter((line) => line.text.includes(COMPARING)).length);
    // (More than twice only if the first's write outlasted SQLite's busy timeout on a very loaded machine.)
    expect(Math.min(...planned)).toBe(1);
    expect(Math.max(...planned)).toBeGreaterThanOrEqual(2);
    const reports = ends.map((end) => JSON.parse(end.stdout) as RosterReport);
    const byName = (name: string) => reports.find((report) => report.sourceName === name)!;
    for (const reference of expected.reports) expect(byName(reference.sourceName).counts).toEqual(reference.counts);
  });

  it("waits for another process's sync lock, even past SQLite's busy timeout (5 s), then applies", async () => {
    const database = await trials.copyOfBefore();
    const release = await trials.holdSyncLock(database);
    const run = startImport(database.env, [bundles.newTerm, '--approve']);
    await run.phase(WRITING);
    await sleep(BUSY_TIMEOUT_MS + 1_500);
    await release();
    const end = await endsWithin(run, STUCK_MS);
    const stderr = run.lines.map((line) => line.text).join('\n');
    expect(end, stderr).toMatchObject({ code: 0 });
    expect(run.lines.filter((line) => line.text.includes(COMPARING)).length).toBe(testEngine === 'sqlite' ? 2 : 1);
    expect(await database.fingerprint()).toEqual(after);
  });

  it.runIf(testEngine === 'sqlite')(
    'gives up with a clear error, writing nothing, when another process keeps SQLite busy through every attempt',
    async () => {
      const database = await trials.copyOfBefore();
      const release = await trials.holdSyncLock(database);
      const run = startImport(database.env, [bundles.newTerm, '--approve']);
      const end = await endsWithin(run, STUCK_MS + 3 * BUSY_TIMEOUT_MS);
      await release();
      expect(end.code).toBe(1);
      expect(run.lines.at(-1)?.text).toBe(
        'Roster sync gave up: another process kept the database busy writing; nothing was applied, import again',
      );
      expect(await database.fingerprint()).toEqual(before);
    },
  );
});
