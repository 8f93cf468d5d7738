// What a roster sync does to the district, on both engines: bundles already read (the readers have their own
// tests), compared with the database, applied in one transaction, held when implausible.
import { describe, expect, it } from 'vitest';
import { createAccountStore } from '../../server/accounts/account-store';
import { createSessionStore } from '../../server/auth/sessions';
import { hashBadgeSecret, makeBadgeCode } from '../../server/badges/badge-code';
import { createBadgeStore } from '../../server/badges/badge-store';
import { deactivatePerson } from '../../server/directory/deactivate';
import { createDirectory } from '../../server/directory/directory';
import { importRosterBundle } from '../../server/roster/import-roster';
import type {
  RosterBundle,
  RosterClass,
  RosterEnrollment,
  RosterOrg,
  RosterPerson,
  RosterRows,
  RosterSession,
} from '../../server/roster/roster-bundle';
import { createRosterService, rosterImportDeps, RosterSyncNotHeld } from '../../server/roster/roster-service';
import type { Engine, Storage, Tx } from '../../server/storage/storage';
import { freshStorages } from '../helpers/test-storage';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const TODAY = Date.UTC(2026, 9, 14, 15);
const config = {
  roster: { usernames: 'sis' as const, flagColumns: { sped: ['metadata.sped'] }, holdShare: 0.1 },
  sessionIdleMs: 3_600_000,
  sessionMaxMs: 12 * 3_600_000,
};

const org = (sourcedId: string, name: string, extra: Partial<RosterOrg> = {}): RosterOrg => ({
  sourcedId,
  name,
  type: 'school',
  parentSourcedId: 'district',
  gradeLow: null,
  gradeHigh: null,
  status: 'active',
  ...extra,
});
const person = (sourcedId: string, givenName: string, familyName: string, extra: Partial<RosterPerson> = {}) =>
  ({
    sourcedId,
    status: 'active',
    enabled: true,
    role: 'student',
    sisUsername: null,
    givenName,
    familyName,
    email: null,
    grade: 4,
    orgSourcedIds: ['elm'],
    sisFlags: [],
    ...extra,
  }) satisfies RosterPerson;
const term = (sourcedId: string, startDate: string, endDate: string): RosterSession => ({
  sourcedId,
  title: sourcedId,
  type: 'term',
  startDate,
  endDate,
  status: 'active',
});
const section = (sourcedId: string, termSourcedIds: string[], extra: Partial<RosterClass> = {}): RosterClass => ({
  sourcedId,
  title: `Class ${sourcedId}`,
  schoolSourcedId: 'elm',
  grade: 4,
  termSourcedIds,
  status: 'active',
  ...extra,
});
const enrol = (
  sourcedId: string,
  classSourcedId: string,
  userSourcedId: string,
  role: 'teacher' | 'student' = 'student',
) => ({ sourcedId, classSourcedId, userSourcedId, role, status: 'active' }) satisfies RosterEnrollment;
const bulk = <T>(rows: T[]): RosterRows<T> => ({ mode: 'bulk', rows });

/** Twenty students, a teacher, two campuses, a class this term and one last year. */
function district(changes: Partial<RosterBundle> = {}): RosterBundle {
  const students = Array.from({ length: 20 }, (_, i) =>
    person(`s${i}`, `Student${i}`, 'Lopez', { sisUsername: `stu${i}` }),
  );
  return {
    format: 'oneroster-1.1',
    orgs: bulk([
      org('district', 'Elm ISD', { type: 'district', parentSourcedId: null }),
      org('elm', 'Elm Elementary'),
      org('oak', 'Oak Middle'),
    ]),
    people: bulk([
      ...students,
      person('t1', 'Tess', 'Teacher', { role: 'teacher', grade: null, sisUsername: 'tess.t', email: 't@elm.test' }),
      person('p1', 'Olga', 'Oakes', { role: 'principal', grade: null, orgSourcedIds: ['oak'] }),
    ]),
    sessions: bulk([term('fall', '2026-08-01', '2026-12-20'), term('lastyear', '2025-08-01', '2026-05-30')]),
    classes: bulk([section('math4', ['fall']), section('old4', ['lastyear'])]),
    enrollments: bulk([
      enrol('e-t', 'math4', 't1', 'teacher'),
      enrol('e-s0', 'math4', 's0'),
      enrol('e-old', 'old4', 's1'),
    ]),
    skippedGuardians: 0,
    warnings: [],
    ...changes,
  };
}

describe.each(ENGINES)('a roster sync on %s', (engine) => {
  const freshStorage = freshStorages(engine);
  let clock = TODAY;
  const now = () => clock;

  async function portal() {
    const storage: Storage = await freshStorage();
    const deps = rosterImportDeps(storage, config, now);
    let n = 0;
    const sync = (bundle: RosterBundle, options: { dryRun?: boolean; approve?: boolean } = {}) =>
      importRosterBundle(
        deps,
        bundle,
        { name: `bundle-${++n}.zip`, fileHash: `hash${n}` },
        { source: 'cli', actorId: null, ...options },
      );
    return { storage, deps, sync, directory: createDirectory(storage, now), service: createRosterService(deps) };
  }

  it('adds a district, then finds nothing to change in the same files, and says so', async () => {
    const { sync, directory, service } = await portal();
    const first = await sync(district());
    expect(first.outcome).toBe('applied');
    expect(first.counts.people).toMatchObject({ added: 22, changed: 0, deactivated: 0 });
    expect(first.counts.campuses.added).toBe(3);
    expect(first.counts.classes.added).toBe(2);
    expect(first.counts.enrollments.added).toBe(3);
    expect((await directory.findByUsername('stu3'))?.givenName).toBe('Student3');
    expect((await directory.findByUsername('olga.oakes'))?.role).toBe('principal');

    const again = await sync(district());
    expect(again.outcome).toBe('unchanged');
    expect(again.counts.people).toMatchObject({ added: 0, changed: 0, deactivated: 0, reactivated: 0, unchanged: 22 });
    expect(again.counts.enrollments.unchanged).toBe(3);
    expect((await service.history(5)).map((row) => row.outcome)).toEqual(['unchanged', 'applied']);
    expect((await service.health()).lastGoodSyncAt).toBe(TODAY);
  });

  it('keeps a username through renames, and gives a taken one a number', async () => {
    const { sync, directory } = await portal();
    const twins = district();
    twins.people.rows.push(person('x1', 'Ana', 'Díaz'), person('x2', 'Ana', 'Diaz'));
    await sync(twins);
    expect((await directory.findByUsername('ana.diaz'))?.sourcedId).toBe('x1');
    expect((await directory.findByUsername('ana.diaz2'))?.sourcedId).toBe('x2');
    const renamed = district();
    renamed.people.rows.push(person('x1', 'Anabel', 'Ruiz'), person('x2', 'Ana', 'Diaz'));
    const report = await sync(renamed);
    expect(report.counts.people.changed).toBe(1);
    expect((await directory.findByUsername('ana.diaz'))?.givenName).toBe('Anabel');
  });

  it('deactivates who the bulk file leaves out, ends their sessions, and brings them back when they return', async () => {
    const { storage, sync, directory } = await portal();
    await sync(district());
    const leaving = (await directory.findByUsername('stu5'))!;
    const sessions = createSessionStore(storage, now, { idleMs: 3_600_000, absoluteMs: 43_200_000 });
    const { token: sessionId } = await sessions.create(leaving.id, 'password');
    expect(await sessions.resolve(sessionId)).toBeTruthy();

    const without = district();
    without.people.rows = without.people.rows.filter((row) => row.sourcedId !== 's5');
    const report = await sync(without);
    expect(report.counts.people).toMatchObject({ deactivated: 1, added: 0 });
    expect(report.samples.deactivated).toEqual(['Student5 Lopez (stu5)']);
    expect((await directory.findByUsername('stu5'))?.status).toBe('disabled');
    expect(await sessions.resolve(sessionId)).toBeUndefined();

    const back = await sync(district());
    expect(back.counts.people).toMatchObject({ reactivated: 1, deactivated: 0 });
    expect((await directory.findByUsername('stu5'))?.status).toBe('active');
    expect((await directory.findByUsername('stu5'))?.id).toBe(leaving.id);
  });

  it("voids a leaving child's badge and ends the sessions made with it, in the sync's unit of work", async () => {
    const { storage, sync, directory } = await portal();
    await sync(district());
    const leaving = (await directory.findByUsername('stu5'))!;
    const { badgeId, sessionId, sessions, badges } = await badgeAndSession(storage, leaving.id);

    const without = district();
    without.people.rows = without.people.rows.filter((row) => row.sourcedId !== 's5');
    await sync(without);
    expect(await badges.findLive(badgeId)).toBeUndefined();
    expect(await voidReasonOf(storage, badgeId)).toBe('deactivated');
    expect(await sessions.resolve(sessionId)).toBeUndefined();

    // Back on the roster, the child needs a new badge: the old one stays void.
    await sync(district());
    expect((await directory.findByUsername('stu5'))?.status).toBe('active');
    expect(await badges.findLive(badgeId)).toBeUndefined();
  });

  it('voids the badge of a person turned off by hand, with their sessions', async () => {
    const { storage, deps, sync, directory } = await portal();
    await sync(district());
    const leaving = (await directory.findByUsername('stu6'))!;
    const { badgeId, sessionId, sessions, badges } = await badgeAndSession(storage, leaving.id);
    expect(await deactivatePerson({ ...deps, directory }, leaving.id)).toBe(true);
    expect(await voidReasonOf(storage, badgeId)).toBe('deactivated');
    expect(await badges.findLive(badgeId)).toBeUndefined();
    expect(await sessions.resolve(sessionId)).toBeUndefined();
  });

  it('leaves the badge and its session as they were when the sync fails after voiding it', async () => {
    const { storage, deps, directory } = await portal();
    await importRosterBundle(deps, district(), { name: 'a.zip', fileHash: 'a' }, { source: 'cli', actorId: null });
    const leaving = (await directory.findByUsername('stu5'))!;
    const { badgeId, sessionId, sessions, badges } = await badgeAndSession(storage, leaving.id);
    const without = district();
    without.people.rows = without.people.rows.filter((row) => row.sourcedId !== 's5');
    // The last step of the deactivation fails, as a crash or a dropped connection there would.
    const failing = {
      ...deps,
      launches: { cancelUnreleasedFor: async () => Promise.reject(new Error('connection lost')) },
    };
    await expect(
      importRosterBundle(failing, without, { name: 'b.zip', fileHash: 'b' }, { source: 'cli', actorId: null }),
    ).rejects.toThrow('connection lost');
    expect((await directory.findById(leaving.id))?.status).toBe('active');
    expect(await badges.findLive(badgeId)).toMatchObject({ userId: leaving.id });
    expect(await voidReasonOf(storage, badgeId)).toBeNull();
    expect(await sessions.resolve(sessionId)).toMatchObject({ method: 'badge', badgeId });
  });

  it("ends a leaving person's claim code in the sync's unit of work, and keeps it when the sync fails", async () => {
    const { storage, deps, directory } = await portal();
    await importRosterBundle(deps, district(), { name: 'a.zip', fileHash: 'a' }, { source: 'cli', actorId: null });
    const leaving = (await directory.findByUsername('stu5'))!;
    const staying = (await directory.findByUsername('stu4'))!;
    const accounts = await withClaimCodes(storage, [leaving.id, staying.id]);
    const without = district();
    without.people.rows = without.people.rows.filter((row) => row.sourcedId !== 's5');
    const failing = {
      ...deps,
      launches: { cancelUnreleasedFor: async () => Promise.reject(new Error('connection lost')) },
    };
    await expect(
      importRosterBundle(failing, without, { name: 'b.zip', fileHash: 'b' }, { source: 'cli', actorId: null }),
    ).rejects.toThrow('connection lost');
    expect(await accounts.findClaimCode(leaving.id)).toMatchObject({ codeHash: `claim-${leaving.id}` });

    await importRosterBundle(deps, without, { name: 'c.zip', fileHash: 'c' }, { source: 'cli', actorId: null });
    expect((await directory.findById(leaving.id))?.status).toBe('disabled');
    expect(await accounts.findClaimCode(leaving.id)).toBeUndefined();
    expect(await accounts.useClaimCode(leaving.id, `claim-${leaving.id}`)).toBe(false);
    expect(await accounts.findClaimCode(staying.id)).toMatchObject({ codeHash: `claim-${staying.id}` });
  });

  it('ends the claim code of a person turned off by hand, in the same unit of work', async () => {
    const { storage, deps, sync, directory } = await portal();
    await sync(district());
    const leaving = (await directory.findByUsername('stu6'))!;
    const accounts = await withClaimCodes(storage, [leaving.id]);
    // The code is dropped, then the unit of work fails: the drop is undone with the rest.
    const droppedThenLost = {
      dropClaimCodes: async (userIds: readonly string[], tx?: Tx) => {
        await accounts.dropClaimCodes(userIds, tx);
        throw new Error('connection lost');
      },
      dropTemporaryPasswords: accounts.dropTemporaryPasswords,
    };
    await expect(deactivatePerson({ ...deps, directory, accounts: droppedThenLost }, leaving.id)).rejects.toThrow(
      'connection lost',
    );
    expect((await directory.findById(leaving.id))?.status).toBe('active');
    expect(await accounts.findClaimCode(leaving.id)).toBeDefined();
    expect(await deactivatePerson({ ...deps, directory }, leaving.id)).toBe(true);
    expect(await accounts.findClaimCode(leaving.id)).toBeUndefined();
  });

  it('turns off a row marked tobedeleted, and a user not enabled', async () => {
    const { sync, directory } = await portal();
    await sync(district());
    const marked = district();
    marked.people.rows = marked.people.rows.map((row) =>
      row.sourcedId === 's2'
        ? { ...row, status: 'tobedeleted' }
        : row.sourcedId === 's3'
          ? { ...row, enabled: false }
          : row,
    );
    const report = await sync(marked);
    expect(report.counts.people.deactivated).toBe(2);
    expect((await directory.findByUsername('stu2'))?.status).toBe('disabled');
    expect((await directory.findByUsername('stu3'))?.status).toBe('disabled');
  });

  it('applies only the rows a delta file sends', async () => {
    const { sync, directory } = await portal();
    await sync(district());
    const delta: RosterBundle = {
      ...district(),
      orgs: { mode: 'absent', rows: [] },
      sessions: { mode: 'absent', rows: [] },
      classes: { mode: 'absent', rows: [] },
      enrollments: { mode: 'absent', rows: [] },
      people: {
        mode: 'delta',
        rows: [person('s7', 'Renamed', 'Lopez', { sisUsername: 'stu7' }), person('new1', 'Nia', 'Nash')],
      },
    };
    const report = await sync(delta);
    expect(report.mode).toBe('delta');
    expect(report.counts.people).toMatchObject({ added: 1, changed: 1, deactivated: 0 });
    expect((await directory.findByUsername('stu8'))?.status).toBe('active');
    expect((await directory.findByUsername('stu7'))?.givenName).toBe('Renamed');
  });

  it('holds a sync that would deactivate more than a tenth of the people, applies it on approval, once', async () => {
    const { sync, directory, service } = await portal();
    await sync(district());
    const truncated = district();
    truncated.people.rows = truncated.people.rows.slice(0, 10);
    const held = await sync(truncated);
    expect(held.outcome).toBe('held');
    expect(held.hold).toMatchObject({ reason: 'share', deactivating: 12, active: 22, limit: 0.1 });
    expect((await directory.findByUsername('stu15'))?.status).toBe('active');
    expect((await service.health()).held).toBe(1);

    const preview = await sync(truncated, { dryRun: true });
    expect(preview.outcome).toBe('previewed');
    expect((await directory.findByUsername('stu15'))?.status).toBe('active');

    const approved = await service.approve(held.syncId!, null);
    expect(approved.outcome).toBe('approved');
    expect(approved.counts.people.deactivated).toBe(12);
    expect((await directory.findByUsername('stu15'))?.status).toBe('disabled');
    await expect(service.approve(held.syncId!, null)).rejects.toBeInstanceOf(RosterSyncNotHeld);
  });

  it('lets only the latest held sync be approved: a later sync supersedes it and drops its files', async () => {
    const { sync, directory, service } = await portal();
    await sync(district());
    const truncated = district();
    truncated.people.rows = truncated.people.rows.slice(0, 10);
    const held = await sync(truncated);
    expect(held.outcome).toBe('held');
    const again = await sync(district());
    expect(again.outcome).toBe('unchanged');
    await expect(service.approve(held.syncId!, null)).rejects.toMatchObject({ reason: 'superseded' });
    expect((await directory.findByUsername('stu15'))?.status).toBe('active');
    expect((await service.history(5)).map((row) => row.outcome)).toEqual(['unchanged', 'superseded', 'applied']);
    expect((await service.health()).held).toBe(0);

    const heldAgain = await sync(truncated);
    await service.approve(heldAgain.syncId!, null);
    // The held row becomes the approval: one row, not two.
    expect((await service.history(5)).map((row) => row.outcome)).toEqual([
      'approved',
      'unchanged',
      'superseded',
      'applied',
    ]);
  });

  it('holds a cut enrollments file that would take most classes from their people', async () => {
    const { sync } = await portal();
    const many = district();
    many.enrollments.rows.push(...Array.from({ length: 15 }, (_, i) => enrol(`e-x${i}`, 'math4', `s${i + 2}`)));
    await sync(many);
    const cut = district();
    cut.enrollments.rows = cut.enrollments.rows.slice(0, 2);
    const report = await sync(cut);
    expect(report.outcome).toBe('held');
    expect(report.hold).toMatchObject({ reason: 'kind_share', kind: 'enrollments', deactivating: 16, active: 18 });
  });

  it('skips a second row with an id already seen in another file of the same kind, instead of failing', async () => {
    const { sync } = await portal();
    const twice = district();
    twice.enrollments.rows.push({ ...enrol('e-s0', 'math4', 's3'), file: 'teachers.csv', line: 7 });
    const report = await sync(twice);
    expect(report.outcome).toBe('applied');
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: 'skipped_row', file: 'teachers.csv', line: 7, value: 'e-s0' }),
    ]);
  });

  it('makes an administrator a principal when the portal knows all their orgs as schools, though the files do not say', async () => {
    const { sync, directory } = await portal();
    await sync(district());
    const delta: RosterBundle = {
      ...district(),
      orgs: { mode: 'absent', rows: [] },
      sessions: { mode: 'absent', rows: [] },
      classes: { mode: 'absent', rows: [] },
      enrollments: { mode: 'absent', rows: [] },
      people: {
        mode: 'delta',
        rows: [
          person('a1', 'Ada', 'Admin', { role: 'administrator', grade: null, orgSourcedIds: ['oak'] }),
          person('a2', 'Abe', 'Office', { role: 'administrator', grade: null, orgSourcedIds: ['district'] }),
        ],
      },
    };
    await sync(delta);
    expect((await directory.findByUsername('ada.admin'))?.role).toBe('principal');
    expect((await directory.findByUsername('abe.office'))?.role).toBe('staff');
  });

  it('holds an empty users file rather than wipe the district, and a file that empties a campus', async () => {
    const { sync, directory } = await portal();
    await sync(district());
    const empty = await sync(district({ people: bulk([]) }));
    expect(empty.outcome).toBe('held');
    expect((await directory.findByUsername('stu1'))?.status).toBe('active');

    const noOak = district();
    noOak.people.rows = noOak.people.rows.filter((row) => row.sourcedId !== 'p1');
    const campus = await sync(noOak);
    expect(campus.hold).toMatchObject({ reason: 'campus', campus: 'Oak Middle' });
    expect((await directory.findByUsername('olga.oakes'))?.status).toBe('active');

    const noClasses = await sync(district({ enrollments: bulk([]) }));
    expect(noClasses.hold).toMatchObject({ reason: 'empty_file', kind: 'enrollments' });
  });

  it('skips an enrolment in a class that is in neither the files nor the portal, with a warning, and applies the rest', async () => {
    const { sync } = await portal();
    const orphan = district();
    orphan.enrollments.rows.push(enrol('e-ghost', 'ghost-class', 's4'));
    const report = await sync(orphan);
    expect(report.outcome).toBe('applied');
    expect(report.counts.enrollments.added).toBe(3);
    expect(report.warnings).toEqual([
      expect.objectContaining({
        code: 'unknown_reference',
        file: 'enrollments.csv',
        line: 5,
        column: 'classSourcedId',
        value: 'ghost-class',
      }),
    ]);
  });

  it('keeps at most 500 warnings and 50 names of each kind in a report, with the whole counts', async () => {
    const { sync } = await portal();
    const noisy = district();
    noisy.people.rows.push(...Array.from({ length: 60 }, (_, i) => person(`n${i}`, `New${i}`, 'Person')));
    noisy.enrollments.rows.push(...Array.from({ length: 600 }, (_, i) => enrol(`ghost${i}`, 'no-such-class', 's1')));
    const report = await sync(noisy);
    expect(report.warnings).toHaveLength(500);
    expect(report.warningCount).toBe(600);
    expect(report.counts.people.added).toBe(82);
    expect(report.samples.added).toHaveLength(50);
  });

  it('says the roster is stale after a day without a good sync', async () => {
    const { sync, service } = await portal();
    expect((await service.health()).stale).toBe(true);
    await sync(district());
    try {
      clock = TODAY + 23 * 3_600_000;
      expect(await service.health()).toMatchObject({ lastGoodSyncAt: TODAY, stale: false });
      clock = TODAY + 25 * 3_600_000;
      expect((await service.health()).stale).toBe(true);
    } finally {
      clock = TODAY;
    }
  });

  it('counts only classes of the current term as "has classes"', async () => {
    const { sync, directory } = await portal();
    await sync(district());
    expect((await directory.findByUsername('tess.t'))?.classCount).toBe(1);
    expect((await directory.findByUsername('stu0'))?.classCount).toBe(1);
    expect((await directory.findByUsername('stu1'))?.classCount).toBe(0);
    clock = Date.UTC(2027, 0, 10, 15);
    try {
      expect((await directory.findByUsername('tess.t'))?.classCount).toBe(0);
    } finally {
      clock = TODAY;
    }
  });

  it('never sets, takes away or deactivates the portal rights of IT', async () => {
    const { storage, sync, directory } = await portal();
    await sync(district());
    const it = (await directory.findByUsername('tess.t'))!;
    await setRole(storage, it.id, 'it');
    const without = district();
    without.people.rows = without.people.rows.filter((row) => row.sourcedId !== 't1');
    const report = await sync(without);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'kept_portal_rights', value: 'tess.t' })]);
    expect(await directory.findByUsername('tess.t')).toMatchObject({ role: 'it', status: 'active' });
    await sync(district());
    expect((await directory.findByUsername('tess.t'))?.role).toBe('it');
  });

  it('writes nothing of a sync that fails half-way', async () => {
    const { deps, directory } = await portal();
    const failing = { ...deps, onProvisioned: async () => Promise.reject(new Error('accounts feature refused')) };
    await expect(
      importRosterBundle(failing, district(), { name: 'x.zip', fileHash: 'x' }, { source: 'cli', actorId: null }),
    ).rejects.toThrow('accounts feature refused');
    expect(await directory.findByUsername('stu1')).toBeUndefined();
    expect(await directory.campuses()).toEqual([]);
  });
});

async function setRole(storage: Storage, userId: string, role: string) {
  if (storage.engine === 'sqlite')
    storage.db.$client.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, userId);
  else await storage.db.$client.query('UPDATE users SET role = $1 WHERE id = $2', [role, userId]);
}

/** A printed badge for this person and a session signed in with it. */
/** Gives each of these people a claim code whose hash is `claim-<id>`. */
async function withClaimCodes(storage: Storage, userIds: string[]) {
  const accounts = createAccountStore(storage);
  for (const userId of userIds)
    await accounts.saveClaimCode({
      userId,
      codeHash: `claim-${userId}`,
      issuedAt: TODAY,
      issuedBy: null,
      expiresAt: TODAY + 14 * 86_400_000,
    });
  return accounts;
}

async function badgeAndSession(storage: Storage, userId: string) {
  const badges = createBadgeStore(storage);
  const code = makeBadgeCode();
  const badge = {
    id: code.badgeId,
    userId,
    secretHash: hashBadgeSecret(code.secret),
    picture: 'kite' as const,
    secretPictures: 'cat,dog',
    issuedAt: TODAY,
    issuedBy: null,
    expiresAt: null,
  };
  await storage.transaction((tx) => badges.issue(badge, tx));
  const sessions = createSessionStore(storage, () => TODAY, { idleMs: 3_600_000, absoluteMs: 43_200_000 });
  const { token: sessionId } = await sessions.create(userId, 'badge', { badgeId: code.badgeId });
  expect(await sessions.resolve(sessionId)).toMatchObject({ method: 'badge', badgeId: code.badgeId });
  return { badgeId: code.badgeId, sessionId, sessions, badges };
}

async function voidReasonOf(storage: Storage, badgeId: string): Promise<string | null | undefined> {
  if (storage.engine === 'sqlite')
    return storage.db.$client.prepare('SELECT void_reason FROM badges WHERE id = ?').pluck().get(badgeId) as
      string | null | undefined;
  const { rows } = await storage.db.$client.query('SELECT void_reason FROM badges WHERE id = $1', [badgeId]);
  return (rows[0] as { void_reason: string | null } | undefined)?.void_reason;
}
