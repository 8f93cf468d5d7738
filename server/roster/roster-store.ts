import type { RosterReport, RosterSyncSummary } from '../../shared/roster';
import type { Role } from '../../shared/roles';
import { byEngine, type Storage, type Tx } from '../storage/storage';
import { postgresRosterStore } from './roster-store.postgres';
import { sqliteRosterStore } from './roster-store.sqlite';

// The roster's rows as the database holds them, keyed for comparison with a bundle, and the one write that
// applies a sync. Only the SIS columns are written here; the account columns (password) belong to the directory.

export type ActiveStatus = 'active' | 'inactive';

export interface OrgRow {
  id: string;
  sourcedId: string;
  name: string;
  type: 'district' | 'school';
  parentId: string | null;
  gradeLow: number | null;
  gradeHigh: number | null;
  status: ActiveStatus;
}

export interface SessionRow {
  id: string;
  sourcedId: string;
  title: string;
  type: string;
  startDate: string;
  endDate: string;
  status: ActiveStatus;
}

export interface PersonRow {
  id: string;
  sourcedId: string;
  username: string;
  givenName: string;
  familyName: string;
  email: string | null;
  role: Role;
  grade: number | null;
  /** Sorted. */
  sisFlags: string[];
  status: 'active' | 'disabled';
  /** Sorted org ids. */
  orgIds: string[];
}

export interface ClassRow {
  id: string;
  sourcedId: string;
  orgId: string;
  title: string;
  grade: number | null;
  status: ActiveStatus;
  /** Sorted session ids. */
  termIds: string[];
}

export interface EnrollmentRow {
  id: string;
  sourcedId: string;
  classId: string;
  userId: string;
  role: 'teacher' | 'student';
  status: ActiveStatus;
}

/** Everything the roster manages (rows with a sourcedId), as it is now. */
export interface CurrentRoster {
  /** The last sync that wrote; a plan made from this snapshot is stale once another one has. */
  lastAppliedSyncId: number;
  orgs: Map<string, OrgRow>;
  sessions: Map<string, SessionRow>;
  people: Map<string, PersonRow>;
  classes: Map<string, ClassRow>;
  enrollments: Map<string, EnrollmentRow>;
  /** Every username taken, roster-made or not (lower-cased). */
  usernames: Set<string>;
  /** Every org id taken, roster-made or not. */
  orgIds: Set<string>;
}

export interface Upserts<T> {
  insert: T[];
  update: T[];
}

/** What one sync writes: whole rows (by id), and the people and classes whose memberships or terms are rewritten. */
export interface RosterWrite {
  sessions: Upserts<SessionRow>;
  orgs: Upserts<OrgRow>;
  people: Upserts<PersonRow>;
  membershipsOf: PersonRow[];
  classes: Upserts<ClassRow>;
  termsOf: ClassRow[];
  enrollments: Upserts<EnrollmentRow>;
}

export interface SyncRecord {
  startedAt: number;
  finishedAt: number;
  source: RosterSyncSummary['source'];
  sourceName: string;
  format: string | null;
  fileHash: string;
  actorId: string | null;
  outcome: RosterReport['outcome'];
  report: RosterReport;
  heldBundle: string | null;
}

export interface HeldSync {
  id: number;
  heldBundle: string;
  sourceName: string;
  fileHash: string;
}

export interface RosterStore {
  loadCurrent(tx?: Tx): Promise<CurrentRoster>;
  /** Serialises syncs (several processes on one PostgreSQL) and tells which sync wrote last, inside `tx`. */
  lockForSync(tx: Tx): Promise<number>;
  /** Writes the whole plan in the caller's transaction; `now` stamps the people written. */
  write(plan: RosterWrite, now: number, tx: Tx): Promise<void>;
  recordSync(record: SyncRecord, tx?: Tx): Promise<number>;
  /** A held sync's bundle becomes approved (guarded: false when it was not held, or already approved). */
  markApproved(syncId: number, actorId: string | null, at: number, tx: Tx): Promise<boolean>;
  findHeld(syncId: number): Promise<HeldSync | undefined>;
  history(limit: number): Promise<RosterSyncSummary[]>;
  report(syncId: number): Promise<RosterReport | undefined>;
  lastGoodSyncAt(): Promise<number | null>;
  /** The latest sync that applied or found nothing to change, and its key. */
  lastGoodSync(): Promise<{ id: number; syncKey: string | null } | undefined>;
  heldCount(): Promise<number>;
}

export function createRosterStore(storage: Storage): RosterStore {
  return byEngine(storage, { sqlite: sqliteRosterStore, postgres: postgresRosterStore });
}

/** The summary of a history row, from its stored report. */
export function summarize(row: {
  id: number;
  startedAt: number;
  finishedAt: number;
  source: string;
  sourceName: string;
  format: string | null;
  fileHash: string;
  actorUsername: string | null;
  outcome: string;
  report: RosterReport;
  approvedBy: string | null;
  approvedAt: number | null;
}): RosterSyncSummary {
  return {
    id: row.id,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    source: row.source as RosterSyncSummary['source'],
    sourceName: row.sourceName,
    format: row.format,
    fileHash: row.fileHash,
    actor: row.actorUsername,
    outcome: row.outcome as RosterSyncSummary['outcome'],
    counts: row.report.counts ?? null,
    warningCount: row.report.warningCount ?? 0,
    errorCount: row.report.errors?.length ?? 0,
    ...(row.report.hold ? { hold: row.report.hold } : {}),
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt,
  };
}
