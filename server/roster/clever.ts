import type { CsvTable } from './csv-table';
import type {
  RosterBundle,
  RosterClass,
  RosterEnrollment,
  RosterFiles,
  RosterOrg,
  RosterPerson,
  RosterReadPolicy,
  RosterRole,
  RosterSession,
} from './roster-bundle';
import {
  cellProblem,
  columnsOf,
  eachRow,
  flagColumns,
  flagsOf,
  gradeOf,
  openTable,
  type ProblemLog,
  type Row,
} from './roster-table';
import { readDate, readEmail, slashOrderOf, type SlashOrder } from './sis-values';

// Clever's SFTP CSV files (schools, students, teachers, sections, enrollments; staff.csv and the older admins.csv
// optional), with Clever's documented column names, matched case-insensitively. Every file is the whole truth
// (bulk) and has no status column. Clever names no district: one is made from the district's configured name.
// Dob, gender, race, contacts, phone numbers and passwords are never read.

/** The district org made for a Clever roster: a fixed id, so every sync names the same one. */
export const CLEVER_DISTRICT_ID = 'clever-district';

const REQUIRED_FILES = ['schools.csv', 'students.csv', 'teachers.csv', 'sections.csv', 'enrollments.csv'];
const OPTIONAL_FILES = ['staff.csv', 'admins.csv'];

interface PeopleFile {
  file: string;
  id: string;
  email: string;
  role: RosterRole;
}

const PEOPLE_FILES: PeopleFile[] = [
  { file: 'students.csv', id: 'Student_id', email: 'Student_email', role: 'student' },
  { file: 'teachers.csv', id: 'Teacher_id', email: 'Teacher_email', role: 'teacher' },
  { file: 'staff.csv', id: 'Staff_id', email: 'Staff_email', role: 'staff' },
  { file: 'admins.csv', id: 'Staff_id', email: 'Admin_email', role: 'staff' },
];

/** Reads Clever CSV files; the problems found go to `log` (any error refuses the bundle). */
export function readClever(files: RosterFiles, policy: RosterReadPolicy, log: ProblemLog): RosterBundle {
  for (const file of REQUIRED_FILES.filter((name) => !files.files.has(name))) {
    log.error({
      code: 'missing_file',
      file,
      message: `${file} is missing: a Clever roster sends ${REQUIRED_FILES.join(', ')}`,
    });
  }
  for (const file of files.files.keys()) {
    if (REQUIRED_FILES.includes(file) || OPTIONAL_FILES.includes(file)) continue;
    log.warn({ code: 'ignored_file', file, message: `${file} is not read: it is not one of Clever's roster files` });
  }
  const people = readPeople(files, policy, log);
  const sections = readSections(files, log);
  const bulk = <T>(rows: T[]) => ({ mode: 'bulk' as const, rows });
  return {
    format: 'clever',
    orgs: bulk([district(policy), ...readSchools(files, log)]),
    people: bulk(people),
    sessions: bulk(sections.terms),
    classes: bulk(sections.classes),
    enrollments: bulk([...sections.teaching, ...readEnrollments(files, log)]),
    skippedGuardians: 0,
    warnings: log.warnings,
  };
}

function district(policy: RosterReadPolicy): RosterOrg {
  return {
    sourcedId: CLEVER_DISTRICT_ID,
    name: policy.districtName,
    type: 'district',
    parentSourcedId: null,
    gradeLow: null,
    gradeHigh: null,
    status: 'active',
  };
}

/** A row whose id is taken: refused (the id must name one row). */
function duplicate(table: CsvTable, row: Row, column: string, id: string, where: string, log: ProblemLog) {
  const message = `${table.file} line ${row.line}: ${column} ${id} is already ${where}`;
  log.error(cellProblem('duplicate_id', table.file, row.line, column, id, message));
}

function emptyId(table: CsvTable, row: Row, column: string, log: ProblemLog) {
  log.error(
    cellProblem('bad_value', table.file, row.line, column, '', `${table.file} line ${row.line}: ${column} is empty`),
  );
}

// ---- schools.csv

function readSchools(files: RosterFiles, log: ProblemLog): RosterOrg[] {
  const table = openTable(files, 'schools.csv', ['School_id', 'School_name'], log);
  if (!table) return [];
  const at = columnsOf(table, { id: 'School_id', name: 'School_name', low: 'Low_grade', high: 'High_grade' });
  const seen = new Map<string, number>();
  const schools: RosterOrg[] = [];
  eachRow(table, log, (row) => {
    const id = row.cell(at.id);
    if (id === '') return emptyId(table, row, 'School_id', log);
    if (seen.has(id)) return duplicate(table, row, 'School_id', id, `on line ${seen.get(id)}`, log);
    seen.set(id, row.line);
    schools.push({
      line: row.line,
      file: table.file,
      sourcedId: id,
      name: row.cell(at.name),
      type: 'school',
      parentSourcedId: CLEVER_DISTRICT_ID,
      gradeLow: gradeOf(table, row, at.low, log),
      gradeHigh: gradeOf(table, row, at.high, log),
      status: 'active',
    });
  });
  return schools;
}

// ---- students.csv, teachers.csv, staff.csv, admins.csv

interface Seen {
  person: RosterPerson;
  file: string;
  line: number;
}

/**
 * Everyone, one row per id. Clever lists a teacher (or staff member) at several schools as one row per school:
 * those rows become one person at each school. A student's id used by a teacher too is refused: one id, one person.
 */
function readPeople(files: RosterFiles, policy: RosterReadPolicy, log: ProblemLog): RosterPerson[] {
  const people = new Map<string, Seen>();
  for (const source of PEOPLE_FILES) {
    const table = openTable(files, source.file, ['School_id', source.id, 'First_name', 'Last_name'], log);
    if (!table) continue;
    const at = columnsOf(table, {
      id: source.id,
      school: 'School_id',
      givenName: 'First_name',
      familyName: 'Last_name',
      email: source.email,
      username: 'Username',
      grade: 'Grade',
    });
    // Flag columns (IEP_status…) are about students: their absence from the staff files is not worth a warning.
    const flags = flagColumns(table, policy, source.role === 'student' ? log : undefined);
    eachRow(table, log, (row) => {
      const id = row.cell(at.id);
      if (id === '') return emptyId(table, row, source.id, log);
      const school = row.cell(at.school);
      const earlier = people.get(id);
      if (earlier) return mergePerson(earlier, { table, row, source, id, school }, log);
      const person: RosterPerson = {
        sourcedId: id,
        status: 'active',
        enabled: true,
        role: source.role,
        sisUsername: row.cell(at.username) || null,
        givenName: row.cell(at.givenName),
        familyName: row.cell(at.familyName),
        email: readEmail(row.cell(at.email)),
        grade: source.role === 'student' ? gradeOf(table, row, at.grade, log) : null,
        orgSourcedIds: school === '' ? [] : [school],
        sisFlags: flagsOf(row, flags),
      };
      people.set(id, { person, file: source.file, line: row.line });
    });
  }
  return [...people.values()].map(({ person, file, line }) => ({ ...person, file, line }));
}

function mergePerson(
  earlier: Seen,
  later: { table: CsvTable; row: Row; source: PeopleFile; id: string; school: string },
  log: ProblemLog,
) {
  const { table, row, source, id, school } = later;
  const person = earlier.person;
  const where = `${earlier.file === source.file ? '' : `in ${earlier.file} `}on line ${earlier.line}`;
  const student = person.role === 'student' || source.role === 'student';
  if ((student && earlier.file !== source.file) || school === '' || person.orgSourcedIds.includes(school)) {
    return duplicate(table, row, source.id, id, where, log);
  }
  person.orgSourcedIds.push(school);
  if (source.role === 'teacher') person.role = 'teacher';
}

// ---- sections.csv

interface SectionRow {
  line: number;
  id: string;
  title: string;
  school: string;
  grade: number | null;
  teachers: string[];
  term: { name: string; start: string; end: string };
}

/** Classes, their teachers' enrolments, and the terms named on them. */
function readSections(files: RosterFiles, log: ProblemLog) {
  const found = { classes: [] as RosterClass[], teaching: [] as RosterEnrollment[], terms: [] as RosterSession[] };
  const table = openTable(files, 'sections.csv', ['School_id', 'Section_id', 'Teacher_id'], log);
  if (!table) return found;
  const rows = readSectionRows(table, log);
  const order = slashOrderOf(rows.flatMap(({ term }) => [term.start, term.end]));
  const terms = new Map<string, RosterSession>();
  const undated = new Set<string>();
  for (const section of rows) {
    const termId = termOf(table, section, order, terms, log, undated);
    found.classes.push({
      line: section.line,
      file: table.file,
      sourcedId: section.id,
      title: section.title,
      schoolSourcedId: section.school,
      grade: section.grade,
      termSourcedIds: termId ? [termId] : [],
      status: 'active',
    });
    for (const teacher of new Set(section.teachers)) {
      found.teaching.push({
        line: section.line,
        file: table.file,
        sourcedId: `${section.id}/${teacher}`,
        classSourcedId: section.id,
        userSourcedId: teacher,
        role: 'teacher',
        status: 'active',
      });
    }
  }
  found.terms = [...terms.values()];
  return found;
}

function readSectionRows(table: CsvTable, log: ProblemLog): SectionRow[] {
  const at = columnsOf(table, {
    id: 'Section_id',
    school: 'School_id',
    name: 'Name',
    course: 'Course_name',
    grade: 'Grade',
    termName: 'Term_name',
    termStart: 'Term_start',
    termEnd: 'Term_end',
  });
  // Teacher_id, then Teacher_2_id, Teacher_3_id… as many as the file has.
  const teacherColumns = table.header
    .map((name, index) => ({ name: name.toLowerCase(), index }))
    .filter(({ name }) => name === 'teacher_id' || /^teacher_\d+_id$/.test(name))
    .map(({ index }) => index);
  const seen = new Map<string, number>();
  const rows: SectionRow[] = [];
  eachRow(table, log, (row) => {
    const id = row.cell(at.id);
    if (id === '') return emptyId(table, row, 'Section_id', log);
    if (seen.has(id)) return duplicate(table, row, 'Section_id', id, `on line ${seen.get(id)}`, log);
    seen.set(id, row.line);
    if (row.cell(at.school) === '') {
      const message = `sections.csv line ${row.line}: section ${id} names no school: skipped`;
      return log.warn(cellProblem('skipped_row', table.file, row.line, 'School_id', '', message));
    }
    rows.push({
      line: row.line,
      id,
      title: row.cell(at.name) || row.cell(at.course) || id,
      school: row.cell(at.school),
      grade: gradeOf(table, row, at.grade, log),
      teachers: teacherColumns.map((index) => row.cell(index)).filter(Boolean),
      term: { name: row.cell(at.termName), start: row.cell(at.termStart), end: row.cell(at.termEnd) },
    });
  });
  return rows;
}

/** The session a section's term columns make (one per name and dates); undefined when they name none. */
function termOf(
  table: CsvTable,
  section: SectionRow,
  order: SlashOrder,
  terms: Map<string, RosterSession>,
  log: ProblemLog,
  undated: Set<string>,
): string | undefined {
  const { name, start, end } = section.term;
  if (name === '' && start === '' && end === '') return undefined;
  const dates = [
    ['Term_start', start],
    ['Term_end', end],
  ].map(([column, raw]) => {
    const date = raw === '' ? undefined : readDate(raw!, order);
    if (raw !== '' && !date) {
      const message = `sections.csv line ${section.line}: ${column} "${raw}" is not a date`;
      log.error(cellProblem('bad_value', table.file, section.line, column!, raw, message));
    }
    return date;
  });
  const [startDate, endDate] = dates;
  if (!startDate || !endDate) {
    if ((start === '' || end === '') && !undated.has(name)) {
      undated.add(name);
      const message = `sections.csv line ${section.line}: term "${name}" has no start or end date: its sections keep no term`;
      log.warn(
        cellProblem('bad_value', table.file, section.line, start === '' ? 'Term_start' : 'Term_end', '', message),
      );
    }
    return undefined;
  }
  const id = `clever-term:${startDate}:${endDate}:${name}`;
  if (!terms.has(id)) {
    terms.set(id, {
      sourcedId: id,
      title: name || `${startDate} – ${endDate}`,
      type: 'term',
      startDate,
      endDate,
      status: 'active',
    });
  }
  return id;
}

// ---- enrollments.csv

function readEnrollments(files: RosterFiles, log: ProblemLog): RosterEnrollment[] {
  const table = openTable(files, 'enrollments.csv', ['Section_id', 'Student_id'], log);
  if (!table) return [];
  const at = columnsOf(table, { section: 'Section_id', student: 'Student_id' });
  const seen = new Set<string>();
  const enrollments: RosterEnrollment[] = [];
  eachRow(table, log, (row) => {
    const [section, student] = [row.cell(at.section), row.cell(at.student)];
    if (section === '' || student === '') {
      const column = section === '' ? 'Section_id' : 'Student_id';
      const message = `enrollments.csv line ${row.line}: no ${column}: skipped`;
      return log.warn(cellProblem('skipped_row', table.file, row.line, column, '', message));
    }
    const sourcedId = `${section}/${student}`;
    // Clever lists an enrolment once; a repeated row adds nothing and is not worth refusing the roster for.
    if (seen.has(sourcedId)) return;
    seen.add(sourcedId);
    enrollments.push({
      line: row.line,
      sourcedId,
      classSourcedId: section,
      userSourcedId: student,
      role: 'student',
      status: 'active',
    });
  });
  return enrollments;
}
