import type { RosterProblem } from '../../shared/roster';

// A roster as read from the SIS's files, whatever their format (OneRoster 1.1 or Clever CSV): the rows the
// product keeps, normalised, keyed by the SIS's own ids. Nothing here has touched the database yet.

/** How one kind of row was sent: the whole truth (`bulk`), only the rows that changed (`delta`), or not sent. */
export type FileMode = 'bulk' | 'delta' | 'absent';

/** `tobedeleted` (OneRoster) deactivates the row; a bulk file's missing rows are deactivated as well. */
export type RowStatus = 'active' | 'tobedeleted';

/** Where a row was read, for the problems the comparison finds (a reference to nothing, say). */
export interface ReadFrom {
  /** 1-based line of its file. */
  line?: number;
  /** Its file, when not the kind's usual one (Clever's students.csv and teachers.csv are both people). */
  file?: string;
}

export interface RosterOrg extends ReadFrom {
  sourcedId: string;
  name: string;
  type: 'district' | 'school';
  parentSourcedId: string | null;
  /** -1 = PreK, 0 = K, 1..12; null when the files do not say. */
  gradeLow: number | null;
  gradeHigh: number | null;
  status: RowStatus;
}

/** SIS roles as Gatehouse keeps them; `parent`/`guardian`/`relative` are never read into a roster. */
export type RosterRole = 'student' | 'teacher' | 'staff' | 'principal';

export interface RosterPerson extends ReadFrom {
  sourcedId: string;
  status: RowStatus;
  /** OneRoster `enabledUser`: false turns the account off like `tobedeleted`. */
  enabled: boolean;
  role: RosterRole;
  /** The SIS's username column, used by the `sis` username policy; null when empty. */
  sisUsername: string | null;
  givenName: string;
  familyName: string;
  email: string | null;
  /** Students only: -1 = PreK (PK, TK), 0 = K, 1..12; the lowest when several are listed. */
  grade: number | null;
  orgSourcedIds: string[];
  /** Flags mapped from the columns the district names, e.g. `sped`; sorted. */
  sisFlags: string[];
}

export interface RosterSession extends ReadFrom {
  sourcedId: string;
  title: string;
  type: string;
  /** `YYYY-MM-DD`. */
  startDate: string;
  endDate: string;
  status: RowStatus;
}

export interface RosterClass extends ReadFrom {
  sourcedId: string;
  title: string;
  schoolSourcedId: string;
  grade: number | null;
  termSourcedIds: string[];
  status: RowStatus;
}

export interface RosterEnrollment extends ReadFrom {
  sourcedId: string;
  classSourcedId: string;
  userSourcedId: string;
  role: 'teacher' | 'student';
  status: RowStatus;
}

export interface RosterRows<T> {
  mode: FileMode;
  rows: T[];
}

export interface RosterBundle {
  format: 'oneroster-1.1' | 'clever';
  orgs: RosterRows<RosterOrg>;
  people: RosterRows<RosterPerson>;
  sessions: RosterRows<RosterSession>;
  classes: RosterRows<RosterClass>;
  enrollments: RosterRows<RosterEnrollment>;
  /** Parents, guardians and relatives found in the files (counted, not kept). */
  skippedGuardians: number;
  /** Rows skipped and files ignored while reading; references are checked later, against the database too. */
  warnings: RosterProblem[];
}

/** The files of one bundle as read from a folder, a `.zip` or an upload: lower-cased base name → bytes. */
export interface RosterFiles {
  /** The folder's or archive's own name, for the history (never a full path). */
  name: string;
  files: Map<string, Buffer>;
}

export type ParsedRoster =
  | { ok: true; bundle: RosterBundle; fileHash: string }
  | { ok: false; errors: RosterProblem[]; warnings: RosterProblem[]; fileHash: string };

/** How the district wants its roster read: which columns carry which flags, e.g. `sped`. */
export interface RosterReadPolicy {
  /** Flag name → column names (matched case-insensitively) whose truthy value sets it. */
  flagColumns: Record<string, string[]>;
  /** Clever files name no district: the district org is made with this name. */
  districtName: string;
}
