import { columnIndex, type CsvTable } from './csv-table';
import type {
  FileMode,
  RosterBundle,
  RosterClass,
  RosterEnrollment,
  RosterFiles,
  RosterOrg,
  RosterPerson,
  RosterReadPolicy,
  RosterRole,
  RosterSession,
  RowStatus,
} from './roster-bundle';
import {
  cellProblem,
  columnsOf,
  eachRow,
  flagColumns,
  flagsOf,
  gradeOf,
  openTable,
  UniqueIds,
  type ProblemLog,
  type Row,
} from './roster-table';
import {
  isTruthy,
  readDate,
  readEmail,
  readEnabled,
  readGrades,
  readList,
  readStatus,
  slashOrderOf,
} from './sis-values';

// OneRoster 1.1 CSV (1EdTech "OneRoster v1.1 CSV Tables") read into the bundle. Only the columns the product
// keeps are looked at: birth dates, demographics, phone numbers, passwords and anything about parents or
// guardians are never read. References between files are checked later, against the database too.

const FILES = {
  orgs: 'orgs.csv',
  users: 'users.csv',
  classes: 'classes.csv',
  enrollments: 'enrollments.csv',
  sessions: 'academicsessions.csv',
} as const;
type Kind = keyof typeof FILES;
const KINDS = Object.keys(FILES) as Kind[];

/** Read for nothing but being part of the format: no warning that they are ignored. */
const EXPECTED_UNREAD = new Set(['manifest.csv', 'courses.csv']);

const SUPPORTED_VERSION = /^v?1\.1(\.0)?$/i;

/** Reads a OneRoster 1.1 bundle; the problems found go to `log` (any error refuses the bundle). */
export function readOneRoster(files: RosterFiles, policy: RosterReadPolicy, log: ProblemLog): RosterBundle {
  const modes = readManifest(files, log);
  const bundle = emptyBundle();
  if (!modes) return bundle;
  warnIgnoredFiles(files, log);
  const orgs = readOrgs(files, modes.orgs, log);
  const people = readUsers(files, modes.users, orgs, policy, log);
  bundle.orgs = { mode: modes.orgs, rows: orgs.kept };
  bundle.people = { mode: modes.users, rows: people.rows };
  bundle.skippedGuardians = people.guardians.size;
  bundle.sessions = { mode: modes.sessions, rows: readSessions(files, modes.sessions, log) };
  bundle.classes = { mode: modes.classes, rows: readClasses(files, modes.classes, orgs, log) };
  bundle.enrollments = {
    mode: modes.enrollments,
    rows: readEnrollments(files, modes.enrollments, people.guardians, log),
  };
  bundle.warnings = log.warnings;
  return bundle;
}

function emptyBundle(): RosterBundle {
  const none = () => ({ mode: 'absent' as const, rows: [] });
  return {
    format: 'oneroster-1.1',
    orgs: none(),
    people: none(),
    sessions: none(),
    classes: none(),
    enrollments: none(),
    skippedGuardians: 0,
    warnings: [],
  };
}

// ---- manifest.csv

/** Each kind's mode, or undefined when the bundle cannot be read at all (another version, a broken manifest). */
function readManifest(files: RosterFiles, log: ProblemLog): Record<Kind, FileMode> | undefined {
  const file = 'manifest.csv';
  if (!files.files.has(file)) {
    log.warn({
      code: 'missing_file',
      file,
      message: 'manifest.csv is missing: every OneRoster file present is read as bulk (the whole truth)',
    });
    return Object.fromEntries(KINDS.map((kind) => [kind, files.files.has(FILES[kind]) ? 'bulk' : 'absent'])) as Record<
      Kind,
      FileMode
    >;
  }
  const table = openTable(files, file, ['propertyName', 'value'], log);
  if (!table) return undefined;
  const properties = new Map<string, { value: string; line: number }>();
  const [nameColumn, valueColumn] = [columnIndex(table, 'propertyName'), columnIndex(table, 'value')];
  eachRow(table, log, (row) =>
    properties.set(row.cell(nameColumn).toLowerCase(), { value: row.cell(valueColumn), line: row.line }),
  );
  if (!supportedVersion(properties.get('oneroster.version'), log)) return undefined;
  const modes = {} as Record<Kind, FileMode>;
  for (const kind of KINDS) modes[kind] = modeOf(kind, properties, files, log);
  return modes;
}

function supportedVersion(entry: { value: string; line: number } | undefined, log: ProblemLog): boolean {
  if (!entry) {
    log.warn({
      code: 'bad_value',
      file: 'manifest.csv',
      column: 'propertyName',
      value: 'oneroster.version',
      message: 'manifest.csv does not say which OneRoster version it is: read as 1.1',
    });
    return true;
  }
  if (SUPPORTED_VERSION.test(entry.value)) return true;
  const message =
    `manifest.csv line ${entry.line}: this is OneRoster ${entry.value || '(no version)'}; Gatehouse reads OneRoster 1.1 CSV ` +
    '(1.2 moves roles into roles.csv and adds userProfiles.csv). Export the roster as OneRoster 1.1';
  log.error(cellProblem('unsupported_version', 'manifest.csv', entry.line, 'value', entry.value, message));
  return false;
}

function modeOf(
  kind: Kind,
  properties: Map<string, { value: string; line: number }>,
  files: RosterFiles,
  log: ProblemLog,
): FileMode {
  const file = FILES[kind];
  const property = `file.${file.replace(/\.csv$/, '')}`;
  const entry = properties.get(property);
  const present = files.files.has(file);
  if (!entry) {
    if (!present) return 'absent';
    const message = `manifest.csv does not list ${property}: ${file} is read as bulk (the whole truth)`;
    log.warn({ code: 'bad_value', file: 'manifest.csv', column: 'propertyName', value: property, message });
    return 'bulk';
  }
  const mode = entry.value.toLowerCase();
  if (mode !== 'bulk' && mode !== 'delta' && mode !== 'absent') {
    const message = `manifest.csv line ${entry.line}: ${property} is "${entry.value}", not bulk, delta or absent`;
    log.error(cellProblem('bad_value', 'manifest.csv', entry.line, 'value', entry.value, message));
    return 'absent';
  }
  if (mode !== 'absent' && !present) {
    log.error({
      code: 'missing_file',
      file,
      message: `manifest.csv says ${file} is sent (${mode}), but it is not in the bundle`,
    });
  }
  if (mode === 'absent' && present) {
    log.warn({ code: 'ignored_file', file, message: `manifest.csv says ${file} is absent: it is not read` });
  }
  return mode;
}

function warnIgnoredFiles(files: RosterFiles, log: ProblemLog) {
  const read = new Set<string>([...Object.values(FILES), ...EXPECTED_UNREAD]);
  for (const file of files.files.keys()) {
    if (read.has(file)) continue;
    const why = file === 'demographics.csv' ? 'Gatehouse keeps no demographics' : 'Gatehouse does not use it';
    log.warn({ code: 'ignored_file', file, message: `${file} is not read: ${why}` });
  }
}

// ---- shared by the files

/** The file's table when it is sent; in a delta file the status column is required (it is how rows are removed). */
function openKind(files: RosterFiles, kind: Kind, mode: FileMode, required: string[], log: ProblemLog) {
  if (mode === 'absent') return undefined;
  return openTable(files, FILES[kind], mode === 'delta' ? [...required, 'status'] : required, log);
}

function statusOf(table: CsvTable, row: Row, column: number, mode: FileMode, log: ProblemLog): RowStatus | undefined {
  const raw = row.cell(column);
  const status = raw === '' && mode === 'delta' ? undefined : readStatus(raw);
  if (status) return status;
  const message =
    raw === ''
      ? `${table.file} line ${row.line}: status is empty; a delta file must say active or tobedeleted`
      : `${table.file} line ${row.line}: status "${raw}" is neither active nor tobedeleted`;
  log.error(cellProblem('bad_value', table.file, row.line, 'status', raw, message));
  return undefined;
}

// ---- orgs.csv

interface Orgs {
  kept: RosterOrg[];
  /** The campus an org id stands for: a department's school, or the id itself. */
  campusOf(id: string): string;
  /** True when the id is a school in orgs.csv; undefined when orgs.csv does not say. */
  isSchool(id: string): boolean | undefined;
}

interface OrgRow {
  line: number;
  sourcedId: string;
  name: string;
  type: string;
  parent: string;
  status: RowStatus;
}

const ORG_TYPES = new Set(['district', 'school', 'department', 'local', 'state', 'national']);

function readOrgs(files: RosterFiles, mode: FileMode, log: ProblemLog): Orgs {
  const rows = readOrgRows(files, mode, log);
  const byId = new Map(rows.map((row) => [row.sourcedId, row]));
  const folded = new Map<string, string>();
  const kept: RosterOrg[] = [];
  for (const row of rows) {
    if (row.type === 'department') {
      const school = schoolAbove(row, byId);
      if (school) {
        folded.set(row.sourcedId, school);
        const message = `orgs.csv line ${row.line}: department ${row.sourcedId} is read as part of school ${school}`;
        log.warn(cellProblem('skipped_row', 'orgs.csv', row.line, 'type', row.type, message));
        continue;
      }
      const message = `orgs.csv line ${row.line}: department ${row.sourcedId} has no school above it in orgs.csv: kept as a campus`;
      log.warn(cellProblem('bad_value', 'orgs.csv', row.line, 'type', row.type, message));
    } else if (row.type !== 'district' && row.type !== 'school') {
      const message = `orgs.csv line ${row.line}: ${row.type} org ${row.sourcedId} is above the district: not kept`;
      log.warn(cellProblem('skipped_row', 'orgs.csv', row.line, 'type', row.type, message));
      continue;
    }
    kept.push({
      line: row.line,
      sourcedId: row.sourcedId,
      name: row.name,
      type: row.type === 'district' ? 'district' : 'school',
      parentSourcedId: null,
      gradeLow: null,
      gradeHigh: null,
      status: row.status,
    });
  }
  const campusOf = (id: string) => folded.get(id) ?? id;
  const keptTypes = new Map(kept.map((org) => [org.sourcedId, org.type]));
  for (const org of kept) {
    const parent = byId.get(org.sourcedId)!.parent;
    const parentRow = byId.get(parent);
    const aboveDistrict = parentRow && !keptTypes.has(campusOf(parent));
    org.parentSourcedId = parent === '' || aboveDistrict ? null : campusOf(parent);
  }
  const isSchool = (id: string) => (mode === 'absent' ? undefined : keptTypes.get(campusOf(id)) === 'school');
  return { kept, campusOf, isSchool };
}

function readOrgRows(files: RosterFiles, mode: FileMode, log: ProblemLog): OrgRow[] {
  const table = openKind(files, 'orgs', mode, ['sourcedId', 'name', 'type'], log);
  if (!table) return [];
  const at = columnsOf(table, {
    id: 'sourcedId',
    name: 'name',
    type: 'type',
    parent: 'parentSourcedId',
    status: 'status',
  });
  const ids = new UniqueIds(table.file, 'sourcedId', log);
  const rows: OrgRow[] = [];
  eachRow(table, log, (row) => {
    if (!ids.accept(row.cell(at.id), row.line)) return;
    const status = statusOf(table, row, at.status, mode, log);
    const type = row.cell(at.type).toLowerCase();
    if (!ORG_TYPES.has(type)) {
      const message = `orgs.csv line ${row.line}: type "${row.cell(at.type)}" is not a OneRoster org type (district, school, department…)`;
      log.error(cellProblem('bad_value', table.file, row.line, 'type', row.cell(at.type), message));
      return;
    }
    if (!status) return;
    rows.push({
      line: row.line,
      sourcedId: row.cell(at.id),
      name: row.cell(at.name),
      type,
      parent: row.cell(at.parent),
      status,
    });
  });
  return rows;
}

/** The nearest school above a department, following parentSourcedId within orgs.csv. */
function schoolAbove(row: OrgRow, byId: Map<string, OrgRow>): string | undefined {
  const visited = new Set<string>([row.sourcedId]);
  for (let parent = byId.get(row.parent); parent && !visited.has(parent.sourcedId); parent = byId.get(parent.parent)) {
    if (parent.type === 'school') return parent.sourcedId;
    if (parent.type !== 'department') return undefined;
    visited.add(parent.sourcedId);
  }
  return undefined;
}

// ---- users.csv

type ReadRole = RosterRole | 'administrator' | 'guardian';

const ROLES: Record<string, ReadRole> = {
  student: 'student',
  teacher: 'teacher',
  administrator: 'administrator',
  aide: 'staff',
  proctor: 'staff',
  staff: 'staff',
  parent: 'guardian',
  guardian: 'guardian',
  relative: 'guardian',
};

const USER_COLUMNS = ['sourcedId', 'orgSourcedIds', 'role', 'username', 'givenName', 'familyName'];

function readUsers(files: RosterFiles, mode: FileMode, orgs: Orgs, policy: RosterReadPolicy, log: ProblemLog) {
  const rows: RosterPerson[] = [];
  const guardians = new Set<string>();
  const table = openKind(files, 'users', mode, USER_COLUMNS, log);
  if (!table) return { rows, guardians };
  const at = columnsOf(table, {
    id: 'sourcedId',
    status: 'status',
    enabled: 'enabledUser',
    orgs: 'orgSourcedIds',
    role: 'role',
    username: 'username',
    givenName: 'givenName',
    familyName: 'familyName',
    email: 'email',
    grades: ['grades', 'grade'],
  });
  const flags = flagColumns(table, policy, log);
  const ids = new UniqueIds(table.file, 'sourcedId', log);
  eachRow(table, log, (row) => {
    const sourcedId = row.cell(at.id);
    if (!ids.accept(sourcedId, row.line)) return;
    const role = ROLES[row.cell(at.role).toLowerCase()];
    if (role === 'guardian') {
      guardians.add(sourcedId);
      return;
    }
    if (!role) {
      const message = `users.csv line ${row.line}: role "${row.cell(at.role)}" is not a OneRoster 1.1 role`;
      log.error(cellProblem('bad_value', table.file, row.line, 'role', row.cell(at.role), message));
      return;
    }
    const status = statusOf(table, row, at.status, mode, log);
    const enabled = readEnabled(row.cell(at.enabled));
    if (enabled === undefined) {
      const message = `users.csv line ${row.line}: enabledUser "${row.cell(at.enabled)}" is neither true nor false`;
      log.error(cellProblem('bad_value', table.file, row.line, 'enabledUser', row.cell(at.enabled), message));
    }
    if (!status || enabled === undefined) return;
    const orgSourcedIds = [...new Set(readList(row.cell(at.orgs)).map(orgs.campusOf))];
    rows.push({
      line: row.line,
      sourcedId,
      status,
      enabled,
      role: role === 'administrator' ? administratorRole(orgSourcedIds, orgs) : role,
      sisUsername: row.cell(at.username) || null,
      givenName: row.cell(at.givenName),
      familyName: row.cell(at.familyName),
      email: readEmail(row.cell(at.email)),
      grade: role === 'student' ? gradeOf(table, row, at.grades, log) : null,
      orgSourcedIds,
      sisFlags: flagsOf(row, flags),
    });
  });
  return { rows, guardians };
}

/** A OneRoster administrator runs a school (principal) when all of their orgs are schools; else district staff. */
function administratorRole(orgSourcedIds: string[], orgs: Orgs): RosterRole {
  const allSchools = orgSourcedIds.length > 0 && orgSourcedIds.every((id) => orgs.isSchool(id) === true);
  return allSchools ? 'principal' : 'staff';
}

// ---- academicSessions.csv

function readSessions(files: RosterFiles, mode: FileMode, log: ProblemLog): RosterSession[] {
  const table = openKind(files, 'sessions', mode, ['sourcedId', 'title', 'type', 'startDate', 'endDate'], log);
  if (!table) return [];
  const at = columnsOf(table, {
    id: 'sourcedId',
    title: 'title',
    type: 'type',
    start: 'startDate',
    end: 'endDate',
    status: 'status',
  });
  // Read whole first: whether 1/9/2022 is January or September depends on the file's other dates.
  const raw: { line: number; cells: string[] }[] = [];
  eachRow(table, log, (row) => raw.push({ line: row.line, cells: table.header.map((_, index) => row.cell(index)) }));
  const order = slashOrderOf(raw.flatMap(({ cells }) => [cells[at.start]!, cells[at.end]!]));
  const ids = new UniqueIds(table.file, 'sourcedId', log);
  const sessions: RosterSession[] = [];
  for (const { line, cells } of raw) {
    const row: Row = { line, cell: (index) => (index < 0 ? '' : cells[index]!) };
    if (!ids.accept(row.cell(at.id), line)) continue;
    const status = statusOf(table, row, at.status, mode, log);
    const [startDate, endDate] = [at.start, at.end].map((column) => {
      const date = readDate(row.cell(column), order);
      if (date) return date;
      const name = table.header[column]!;
      const message = `academicSessions.csv line ${line}: ${name} "${row.cell(column)}" is not a date`;
      log.error(cellProblem('bad_value', table.file, line, name, row.cell(column), message));
      return undefined;
    });
    if (!status || !startDate || !endDate) continue;
    sessions.push({
      sourcedId: row.cell(at.id),
      title: row.cell(at.title),
      type: row.cell(at.type),
      startDate,
      endDate,
      status,
    });
  }
  return sessions;
}

// ---- classes.csv

function readClasses(files: RosterFiles, mode: FileMode, orgs: Orgs, log: ProblemLog): RosterClass[] {
  const table = openKind(files, 'classes', mode, ['sourcedId', 'title', 'schoolSourcedId', 'termSourcedIds'], log);
  if (!table) return [];
  const at = columnsOf(table, {
    id: 'sourcedId',
    title: 'title',
    school: 'schoolSourcedId',
    terms: 'termSourcedIds',
    status: 'status',
    grades: ['grades', 'grade'],
  });
  const ids = new UniqueIds(table.file, 'sourcedId', log);
  const classes: RosterClass[] = [];
  eachRow(table, log, (row) => {
    if (!ids.accept(row.cell(at.id), row.line)) return;
    const status = statusOf(table, row, at.status, mode, log);
    if (!status) return;
    if (row.cell(at.school) === '') {
      const message = `classes.csv line ${row.line}: class ${row.cell(at.id)} names no school: skipped`;
      log.warn(cellProblem('skipped_row', table.file, row.line, 'schoolSourcedId', '', message));
      return;
    }
    classes.push({
      line: row.line,
      sourcedId: row.cell(at.id),
      title: row.cell(at.title),
      schoolSourcedId: orgs.campusOf(row.cell(at.school)),
      grade: gradeOf(table, row, at.grades, log),
      termSourcedIds: readList(row.cell(at.terms)),
      status,
    });
  });
  return classes;
}

// ---- enrollments.csv

/** Aides, proctors and administrators in a class are on its teaching side; parents' enrolments are not kept. */
const ENROLLMENT_ROLES: Record<string, RosterEnrollment['role'] | 'guardian'> = {
  student: 'student',
  teacher: 'teacher',
  aide: 'teacher',
  proctor: 'teacher',
  administrator: 'teacher',
  parent: 'guardian',
  guardian: 'guardian',
  relative: 'guardian',
};

function readEnrollments(
  files: RosterFiles,
  mode: FileMode,
  guardians: Set<string>,
  log: ProblemLog,
): RosterEnrollment[] {
  const table = openKind(files, 'enrollments', mode, ['sourcedId', 'classSourcedId', 'userSourcedId', 'role'], log);
  if (!table) return [];
  const at = columnsOf(table, {
    id: 'sourcedId',
    klass: 'classSourcedId',
    user: 'userSourcedId',
    role: 'role',
    status: 'status',
  });
  const ids = new UniqueIds(table.file, 'sourcedId', log);
  const enrollments: RosterEnrollment[] = [];
  eachRow(table, log, (row) => {
    const sourcedId = row.cell(at.id);
    if (!ids.accept(sourcedId, row.line)) return;
    const role = ENROLLMENT_ROLES[row.cell(at.role).toLowerCase()];
    if (!role) {
      const message = `enrollments.csv line ${row.line}: role "${row.cell(at.role)}" is not a OneRoster 1.1 role`;
      log.error(cellProblem('bad_value', table.file, row.line, 'role', row.cell(at.role), message));
      return;
    }
    const status = statusOf(table, row, at.status, mode, log);
    const [classSourcedId, userSourcedId] = [row.cell(at.klass), row.cell(at.user)];
    if (!status || role === 'guardian' || guardians.has(userSourcedId)) return;
    const missing = classSourcedId === '' ? 'classSourcedId' : userSourcedId === '' ? 'userSourcedId' : undefined;
    if (missing) {
      const message = `enrollments.csv line ${row.line}: enrolment ${sourcedId} has no ${missing}: skipped`;
      log.warn(cellProblem('skipped_row', table.file, row.line, missing, '', message));
      return;
    }
    enrollments.push({ line: row.line, sourcedId, classSourcedId, userSourcedId, role, status });
  });
  return enrollments;
}
