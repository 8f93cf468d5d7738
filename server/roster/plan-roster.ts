import {
  ROSTER_SAMPLE_SIZE,
  type RosterChangeCounts,
  type RosterHold,
  type RosterKind,
  type RosterProblem,
} from '../../shared/roster';
import type { Role } from '../../shared/roles';
import type { ReadFrom, RosterBundle, RosterRows, RowStatus } from './roster-bundle';
import type {
  ClassRow,
  CurrentRoster,
  EnrollmentRow,
  OrgRow,
  PersonRow,
  RosterWrite,
  SessionRow,
  Upserts,
} from './roster-store';
import { orderedIds } from './ordered-ids';
import { usernameGiver } from './usernames';

// The diff between a bundle and the database, as rows to write and counts to report. Pure: nothing is read or
// written here, so a preview and an import compute exactly the same thing.

export interface PlanPolicy {
  usernames: 'sis' | 'first.last';
  holdShare: number;
}

export interface RosterPlan {
  write: RosterWrite;
  counts: Record<RosterKind, RosterChangeCounts>;
  samples: { added: string[]; deactivated: string[]; reactivated: string[]; changed: string[] };
  /** People whose account this sync turns off: their sessions end in the same transaction. */
  deactivatedPeople: string[];
  /** People this sync creates, for the accounts feature to give a first way in. */
  provisioned: PersonRow[];
  hold?: RosterHold;
  warnings: RosterProblem[];
  /** Rows written in all; 0 means the database already says what the files say. */
  rowsToWrite: number;
}

/**
 * Comparing a large district takes a second or more of CPU: it lets other requests (sign-ins) run every few
 * thousand rows instead of holding the event loop for all of it.
 */
const ROWS_BETWEEN_YIELDS = 4_000;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Roles only the portal gives; a sync never sets them, takes them away, or deactivates their holders. */
const PORTAL_ROLES: readonly Role[] = ['it', 'district_admin'];

export async function planRoster(
  bundle: RosterBundle,
  current: CurrentRoster,
  policy: PlanPolicy,
  newId: () => string = orderedIds(),
): Promise<RosterPlan> {
  const warnings: RosterProblem[] = [];
  const sessions = await planKind<RosterBundle['sessions']['rows'][number], SessionRow>(
    bundle.sessions,
    current.sessions,
    {
      toRow: (row, existing) => ({
        id: existing?.id ?? `term-${row.sourcedId}`,
        sourcedId: row.sourcedId,
        title: row.title,
        type: row.type,
        startDate: row.startDate,
        endDate: row.endDate,
        status: activeUnless(row.status),
      }),
      ...inactiveStatus,
    },
    'academicSessions.csv',
  );
  const sessionIds = idsBySourcedId(current.sessions, sessions.upserts);

  const orgIds = orgIdsFor(bundle, current);
  const orgs = await planKind<RosterBundle['orgs']['rows'][number], OrgRow>(
    bundle.orgs,
    current.orgs,
    {
      toRow: (row, _existing, from) => ({
        id: orgIds.get(row.sourcedId)!,
        sourcedId: row.sourcedId,
        name: row.name,
        type: row.type,
        parentId: row.parentSourcedId
          ? (known([row.parentSourcedId], orgIds, warnings, from, 'parentSourcedId')[0] ?? null)
          : null,
        gradeLow: row.gradeLow,
        gradeHigh: row.gradeHigh,
        status: activeUnless(row.status),
      }),
      ...inactiveStatus,
    },
    'orgs.csv',
  );

  const people = await planPeople(bundle, current, orgIds, policy, newId, warnings);
  const peopleIds = idsBySourcedId(current.people, people.upserts);

  const classes = await planKind<RosterBundle['classes']['rows'][number], ClassRow>(
    bundle.classes,
    current.classes,
    {
      toRow: (row, existing, from) => {
        const orgId = orgIds.get(row.schoolSourcedId);
        if (!orgId) return skip(warnings, from, 'schoolSourcedId', row.schoolSourcedId, row.sourcedId);
        return {
          id: existing?.id ?? newId(),
          sourcedId: row.sourcedId,
          orgId,
          title: row.title,
          grade: row.grade,
          status: activeUnless(row.status),
          termIds: known(row.termSourcedIds, sessionIds, warnings, from, 'termSourcedIds'),
        };
      },
      ...inactiveStatus,
    },
    'classes.csv',
  );
  const classIds = idsBySourcedId(current.classes, classes.upserts);

  const enrollments = await planKind<RosterBundle['enrollments']['rows'][number], EnrollmentRow>(
    bundle.enrollments,
    current.enrollments,
    {
      toRow: (row, existing, from) => {
        const classId = classIds.get(row.classSourcedId);
        if (!classId) return skip(warnings, from, 'classSourcedId', row.classSourcedId, row.sourcedId);
        const userId = peopleIds.get(row.userSourcedId);
        if (!userId) return skip(warnings, from, 'userSourcedId', row.userSourcedId, row.sourcedId);
        return {
          id: existing?.id ?? newId(),
          sourcedId: row.sourcedId,
          classId,
          userId,
          role: row.role,
          status: activeUnless(row.status),
        };
      },
      ...inactiveStatus,
    },
    'enrollments.csv',
  );

  const write: RosterWrite = {
    sessions: sessions.upserts,
    orgs: orgs.upserts,
    people: people.upserts,
    membershipsOf: [...people.upserts.insert, ...people.upserts.update].filter(
      (row) => !sameList(row.orgIds, current.people.get(row.sourcedId)?.orgIds),
    ),
    classes: classes.upserts,
    termsOf: [...classes.upserts.insert, ...classes.upserts.update].filter(
      (row) => !sameList(row.termIds, current.classes.get(row.sourcedId)?.termIds),
    ),
    enrollments: enrollments.upserts,
  };
  const counts = {
    people: people.counts,
    campuses: orgs.counts,
    classes: classes.counts,
    enrollments: enrollments.counts,
  };
  return {
    write,
    counts,
    samples: people.samples,
    deactivatedPeople: people.deactivated.map((row) => row.id),
    provisioned: people.upserts.insert,
    hold: holdFor(current, people.upserts, counts, bundle, policy),
    warnings: [...bundle.warnings, ...warnings],
    rowsToWrite: Object.values(write).reduce(
      (sum, part) => sum + (Array.isArray(part) ? part.length : part.insert.length + part.update.length),
      0,
    ),
  };
}

/** Where a bundle's row was read. */
interface From {
  file: string;
  line: number;
}

interface KindRules<B, R> {
  /** The row as the database should hold it, or null to skip the bundle's row (a warning says why). */
  toRow(row: B, existing: R | undefined, from: From): R | null;
  isActive(row: R): boolean;
  withActive(row: R, active: boolean): R;
  /** False keeps a row the bulk file left out (and says why in a warning). */
  mayDeactivate?(row: R): boolean;
}

interface KindPlan<R> {
  upserts: Upserts<R>;
  counts: RosterChangeCounts;
  /** Rows turned off by this sync. */
  deactivated: R[];
  added: R[];
  reactivated: R[];
  changed: R[];
}

const inactiveStatus = {
  isActive: (row: { status: string }) => row.status === 'active',
  withActive: <R extends { status: string }>(row: R, active: boolean): R => ({
    ...row,
    status: active ? 'active' : 'inactive',
  }),
};

const activeUnless = (status: RowStatus) => (status === 'tobedeleted' ? 'inactive' : 'active') as 'active' | 'inactive';

/** Upserts by sourcedId; in a bulk file, rows of the database the file leaves out are turned off. */
async function planKind<B extends ReadFrom & { sourcedId: string }, R extends { sourcedId: string }>(
  sent: RosterRows<B>,
  current: Map<string, R>,
  rules: KindRules<B, R>,
  file: string,
): Promise<KindPlan<R>> {
  const plan: KindPlan<R> = {
    upserts: { insert: [], update: [] },
    counts: { added: 0, changed: 0, deactivated: 0, reactivated: 0, unchanged: 0 },
    deactivated: [],
    added: [],
    reactivated: [],
    changed: [],
  };
  const seen = new Set<string>();
  for (let index = 0; index < sent.rows.length; index++) {
    if (index % ROWS_BETWEEN_YIELDS === ROWS_BETWEEN_YIELDS - 1) await yieldToOthers();
    const row = sent.rows[index]!;
    seen.add(row.sourcedId);
    const existing = current.get(row.sourcedId);
    const desired = rules.toRow(row, existing, { file: row.file ?? file, line: row.line ?? index + 2 });
    if (desired) compare(plan, rules, existing, desired);
  }
  if (sent.mode !== 'bulk') return plan;
  for (const [sourcedId, existing] of current) {
    if (seen.has(sourcedId) || !rules.isActive(existing)) continue;
    if (rules.mayDeactivate && !rules.mayDeactivate(existing)) continue;
    compare(plan, rules, existing, rules.withActive(existing, false));
  }
  return plan;
}

function compare<R extends object>(plan: KindPlan<R>, rules: KindRules<never, R>, existing: R | undefined, desired: R) {
  if (!existing) {
    // A row first seen as deleted is not worth keeping.
    if (!rules.isActive(desired)) return;
    plan.upserts.insert.push(desired);
    plan.added.push(desired);
    plan.counts.added++;
    return;
  }
  if (sameRow(existing, desired)) {
    plan.counts.unchanged++;
    return;
  }
  plan.upserts.update.push(desired);
  const [was, is] = [rules.isActive(existing), rules.isActive(desired)];
  if (was && !is) {
    plan.counts.deactivated++;
    plan.deactivated.push(desired);
  } else if (!was && is) {
    plan.counts.reactivated++;
    plan.reactivated.push(desired);
  } else {
    plan.counts.changed++;
    plan.changed.push(desired);
  }
}

function sameRow(a: object, b: object): boolean {
  for (const [key, value] of Object.entries(a)) {
    const other = (b as Record<string, unknown>)[key];
    if (Array.isArray(value) ? !sameList(value, other as unknown[]) : value !== other) return false;
  }
  return true;
}

function sameList(a: readonly unknown[], b: readonly unknown[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((value, i) => value === b[i]);
}

function idsBySourcedId<R extends { id: string; sourcedId: string }>(
  current: Map<string, R>,
  upserts: Upserts<R>,
): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [sourcedId, row] of current) ids.set(sourcedId, row.id);
  for (const row of upserts.insert) ids.set(row.sourcedId, row.id);
  return ids;
}

/** Campus ids, existing and new; a new campus's id is readable (`org-<sourcedId>`): access rules name campuses. */
function orgIdsFor(bundle: RosterBundle, current: CurrentRoster): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [sourcedId, row] of current.orgs) ids.set(sourcedId, row.id);
  const taken = new Set(current.orgIds);
  for (const { sourcedId, status } of bundle.orgs.rows) {
    // A campus first seen as deleted is not written, so nothing may point at it.
    if (ids.has(sourcedId) || status === 'tobedeleted') continue;
    let id = `org-${sourcedId}`;
    for (let n = 2; taken.has(id); n++) id = `org-${sourcedId}-${n}`;
    taken.add(id);
    ids.set(sourcedId, id);
  }
  return ids;
}

async function planPeople(
  bundle: RosterBundle,
  current: CurrentRoster,
  orgIds: Map<string, string>,
  policy: PlanPolicy,
  newId: () => string,
  warnings: RosterProblem[],
) {
  const giveUsername = usernameGiver(policy.usernames, new Set(current.usernames));
  const plan = await planKind<RosterBundle['people']['rows'][number], PersonRow>(
    bundle.people,
    current.people,
    {
      toRow: (row, existing, from) => {
        const keepsPortalRole = existing && PORTAL_ROLES.includes(existing.role);
        const active = row.status !== 'tobedeleted' && row.enabled;
        return {
          id: existing?.id ?? newId(),
          sourcedId: row.sourcedId,
          username: existing?.username ?? giveUsername(row),
          givenName: row.givenName,
          familyName: row.familyName,
          email: row.email,
          role: keepsPortalRole ? existing.role : row.role,
          grade: row.role === 'student' ? row.grade : null,
          sisFlags: [...row.sisFlags].sort(),
          status: active || keepsPortalRole ? 'active' : 'disabled',
          orgIds: known(row.orgSourcedIds, orgIds, warnings, from, 'orgSourcedIds').sort(),
        };
      },
      isActive: (row) => row.status === 'active',
      withActive: (row, active) => ({ ...row, status: active ? 'active' : 'disabled' }),
      mayDeactivate: (row) => {
        if (!PORTAL_ROLES.includes(row.role)) return true;
        warnings.push({
          code: 'kept_portal_rights',
          file: 'users.csv',
          value: row.username,
          message: `${row.username} is not in users.csv but holds portal rights (${row.role}): kept active; IT turns the account off by hand.`,
        });
        return false;
      },
    },
    'users.csv',
  );
  const named = (rows: PersonRow[]) =>
    rows.slice(0, ROSTER_SAMPLE_SIZE).map((row) => `${row.givenName} ${row.familyName} (${row.username})`);
  return {
    ...plan,
    samples: {
      added: named(plan.added),
      deactivated: named(plan.deactivated),
      reactivated: named(plan.reactivated),
      changed: named(plan.changed),
    },
  };
}

/** The references that resolve, as ids; each one that does not is a warning, and the rest of the row is kept. */
function known(
  sourcedIds: string[],
  ids: Map<string, string>,
  warnings: RosterProblem[],
  from: From,
  column: string,
): string[] {
  const found: string[] = [];
  for (const sourcedId of sourcedIds) {
    const id = ids.get(sourcedId);
    if (id) found.push(id);
    else skip(warnings, from, column, sourcedId, undefined, 'kept');
  }
  return [...new Set(found)].sort();
}

/** A reference to a row neither the files nor the portal hold as one to keep (absent, or deleted when new). */
function skip(
  warnings: RosterProblem[],
  { file, line }: From,
  column: string,
  value: string,
  rowId?: string,
  kept?: 'kept',
): null {
  const what = kept ? 'that reference is left out, the row kept' : `row ${rowId} skipped`;
  warnings.push({
    code: 'unknown_reference',
    file,
    line,
    column,
    value,
    message: `${file} line ${line}, ${column}: ${value} is not in the files or the portal (or is deleted); ${what}.`,
  });
  return null;
}

function holdFor(
  current: CurrentRoster,
  people: Upserts<PersonRow>,
  counts: Record<RosterKind, RosterChangeCounts>,
  bundle: RosterBundle,
  policy: PlanPolicy,
): RosterHold | undefined {
  let active = 0;
  for (const person of current.people.values()) if (person.status === 'active') active++;
  const deactivating = counts.people.deactivated;
  const base = { deactivating, active, limit: policy.holdShare };
  if (active > 0 && deactivating > policy.holdShare * active) return { reason: 'share', ...base };
  const emptied = emptiedCampus(current, people);
  if (emptied) return { reason: 'campus', campus: emptied, ...base };
  for (const [kind, rows, now] of [
    ['campuses', bundle.orgs, current.orgs],
    ['classes', bundle.classes, current.classes],
    ['enrollments', bundle.enrollments, current.enrollments],
  ] as const) {
    const anyActive = [...now.values()].some((row) => row.status === 'active');
    if (rows.mode === 'bulk' && rows.rows.length === 0 && anyActive) return { reason: 'empty_file', kind, ...base };
  }
  return undefined;
}

/** A campus with active people now and none after the sync; its name. */
function emptiedCampus(current: CurrentRoster, people: Upserts<PersonRow>): string | undefined {
  const after = new Map<string, PersonRow>();
  for (const person of current.people.values()) after.set(person.sourcedId, person);
  for (const person of [...people.insert, ...people.update]) after.set(person.sourcedId, person);
  const activeAt = (rows: Iterable<PersonRow>) => {
    const campuses = new Set<string>();
    for (const row of rows) if (row.status === 'active') for (const orgId of row.orgIds) campuses.add(orgId);
    return campuses;
  };
  const [before, afterwards] = [activeAt(current.people.values()), activeAt(after.values())];
  for (const org of current.orgs.values()) {
    if (org.type === 'school' && before.has(org.id) && !afterwards.has(org.id)) return org.name;
  }
  return undefined;
}
