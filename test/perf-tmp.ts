import { openDatabase } from '/work/main/server/db/connection';
import { sqliteStorage } from '/work/main/server/storage/sqlite-storage';
import { openPostgresStorage } from '/work/main/server/storage/postgres-storage';
import { importRosterBundle } from '/work/main/server/roster/import-roster';
import { rosterImportDeps } from '/work/main/server/roster/roster-service';
import type { RosterBundle } from '/work/main/server/roster/roster-bundle';
import fs from 'node:fs';

function gen(students: number): RosterBundle {
  const campuses = 40;
  const orgs = [
    {
      sourcedId: 'd',
      name: 'D',
      type: 'district' as const,
      parentSourcedId: null,
      gradeLow: null,
      gradeHigh: null,
      status: 'active' as const,
    },
  ];
  for (let c = 0; c < campuses; c++)
    orgs.push({
      sourcedId: `c${c}`,
      name: `Campus ${c}`,
      type: 'school' as any,
      parentSourcedId: 'd' as any,
      gradeLow: 0 as any,
      gradeHigh: 12 as any,
      status: 'active',
    });
  const people = [];
  for (let i = 0; i < students; i++)
    people.push({
      sourcedId: `s${i}`,
      status: 'active' as const,
      enabled: true,
      role: 'student' as const,
      sisUsername: `stu${i}`,
      givenName: `G${i}`,
      familyName: `F${i % 997}`,
      email: null,
      grade: i % 13,
      orgSourcedIds: [`c${i % campuses}`],
      sisFlags: [],
    });
  const teachers = Math.round(students / 15);
  for (let i = 0; i < teachers; i++)
    people.push({
      sourcedId: `t${i}`,
      status: 'active' as const,
      enabled: true,
      role: 'teacher' as const,
      sisUsername: `tea${i}`,
      givenName: `T${i}`,
      familyName: `F${i}`,
      email: `t${i}@x.test`,
      grade: null,
      orgSourcedIds: [`c${i % campuses}`],
      sisFlags: [],
    });
  const classes = [];
  const nClasses = teachers * 5;
  for (let k = 0; k < nClasses; k++)
    classes.push({
      sourcedId: `k${k}`,
      title: `Class ${k}`,
      schoolSourcedId: `c${(k % teachers) % campuses}`,
      grade: 3,
      termSourcedIds: ['y'],
      status: 'active' as const,
    });
  const enrollments = [];
  let e = 0;
  for (let k = 0; k < nClasses; k++)
    enrollments.push({
      sourcedId: `e${e++}`,
      classSourcedId: `k${k}`,
      userSourcedId: `t${k % teachers}`,
      role: 'teacher' as const,
      status: 'active' as const,
    });
  for (let i = 0; i < students; i++)
    for (let j = 0; j < 5; j++)
      enrollments.push({
        sourcedId: `e${e++}`,
        classSourcedId: `k${(i * 7 + j * 13) % nClasses}`,
        userSourcedId: `s${i}`,
        role: 'student' as const,
        status: 'active' as const,
      });
  return {
    format: 'oneroster-1.1',
    orgs: { mode: 'bulk', rows: orgs as any },
    people: { mode: 'bulk', rows: people },
    sessions: {
      mode: 'bulk',
      rows: [
        {
          sourcedId: 'y',
          title: 'Y',
          type: 'schoolYear',
          startDate: '2026-08-01',
          endDate: '2027-07-31',
          status: 'active',
        },
      ],
    },
    classes: { mode: 'bulk', rows: classes },
    enrollments: { mode: 'bulk', rows: enrollments },
    skippedGuardians: 0,
    warnings: [],
  };
}
const cfg = {
  roster: { usernames: 'sis' as const, flagColumns: {}, holdShare: 0.1 },
  sessionIdleMs: 1,
  sessionMaxMs: 1,
};
const engine = process.argv[2];
const storage =
  engine === 'pg'
    ? await openPostgresStorage(process.argv[3]!)
    : (fs.rmSync('/tmp/rperf/db.sqlite', { force: true }), sqliteStorage(openDatabase('/tmp/rperf/db.sqlite')));
if (engine === 'pg' && process.env.NOFK) {
  const r = await (storage as any).db.$client.query(
    "SELECT conname FROM pg_constraint WHERE conrelid = 'enrollments'::regclass AND contype = 'f'",
  );
  for (const row of r.rows)
    await (storage as any).db.$client.query(`ALTER TABLE enrollments DROP CONSTRAINT "${row.conname}"`);
}
if (engine === 'pg' && process.env.NOIDX) {
  await (storage as any).db.$client.query('DROP INDEX enrollments_user_idx; DROP INDEX enrollments_class_idx');
}
const bundle = gen(Number(process.argv[4] ?? 60000));
console.log('people', bundle.people.rows.length, 'enrollments', bundle.enrollments.rows.length);
const deps = rosterImportDeps(storage, cfg);
for (const label of ['import', 'resync']) {
  const t = performance.now();
  const r = await importRosterBundle(
    deps,
    bundle,
    { name: 'x', fileHash: 'h' },
    { source: 'cli', actorId: null, onProgress: (p) => console.log('  ', p.phase, Math.round(performance.now() - t)) },
  );
  console.log(label, r.outcome, Math.round(performance.now() - t), 'ms');
}
const { planRoster } = await import('/work/main/server/roster/plan-roster');
for (let i = 0; i < 2; i++) {
  let t = performance.now();
  const cur = await deps.store.loadCurrent();
  console.log('load', Math.round(performance.now() - t));
  t = performance.now();
  planRoster(bundle, cur, cfg.roster);
  console.log('plan', Math.round(performance.now() - t));
}
await storage.close();
