import { stringify } from 'csv-stringify/sync';
import { ONEROSTER_COLUMNS } from '../roster/oneroster-columns';
import type { RosterFiles } from '../roster/roster-bundle';
import type { Role } from '../../shared/roles';
import type { PortalRole } from '../directory/directory';
import { generateLakeside, type DemoDistrict, type DemoUser } from './lakeside';

// Lakeside ISD as its SIS would export it: a OneRoster 1.1 CSV bundle, imported on first start through the
// same importer a district's files go through. Pure data, no I/O.

/** The campus ids the access rules name are `org-<sourcedId>`, as the importer makes them. */
const orgSourcedId = (orgId: string) => orgId.replace(/^org-/, '');

const isPortalRole = (role: Role): role is PortalRole => role === 'it' || role === 'district_admin';

/** What the SIS must never decide: the people the demo seed gives portal rights (IT, district admin). */
export function demoPortalRoles(district: DemoDistrict = generateLakeside()): { username: string; role: PortalRole }[] {
  return district.users.flatMap(({ username, role }) => (isPortalRole(role) ? [{ username, role }] : []));
}

/** OneRoster's grade codes: PK, KG, 01…12. */
export function oneRosterGrade(grade: number): string {
  if (grade === -1) return 'PK';
  if (grade === 0) return 'KG';
  return String(grade).padStart(2, '0');
}

/** Staff are `aide`; principals, IT and the district admin are `administrator` (the importer keeps IT's rights off). */
function oneRosterRole(role: Role): string {
  if (role === 'student' || role === 'teacher') return role;
  if (role === 'staff') return 'aide';
  return 'administrator';
}

/**
 * The school year around `now` (1 August to 31 July, in UTC), so the demo teacher "has classes this term"
 * whatever day the demo starts.
 */
export function schoolYearAround(now: number) {
  const date = new Date(now);
  const startYear = date.getUTCMonth() >= 7 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return {
    sourcedId: `lakeside-sy-${startYear}`,
    title: `${startYear}-${startYear + 1} school year`,
    startDate: `${startYear}-08-01`,
    endDate: `${startYear + 1}-07-31`,
    schoolYear: String(startYear + 1),
  };
}

const csv = (header: string[], rows: (string | number)[][]) =>
  Buffer.from(stringify([header, ...rows], { record_delimiter: 'unix' }));

const MANIFEST = [
  ['manifest.version', '1.0'],
  ['oneroster.version', '1.1'],
  ['file.academicSessions', 'bulk'],
  ['file.categories', 'absent'],
  ['file.classes', 'bulk'],
  ['file.classResources', 'absent'],
  ['file.courses', 'bulk'],
  ['file.courseResources', 'absent'],
  ['file.demographics', 'absent'],
  ['file.enrollments', 'bulk'],
  ['file.lineItems', 'absent'],
  ['file.orgs', 'bulk'],
  ['file.resources', 'absent'],
  ['file.results', 'absent'],
  ['file.users', 'bulk'],
  ['source.systemName', 'Lakeside ISD demo'],
  ['source.systemCode', 'gatehouse-demo'],
];

function orgsCsv(district: DemoDistrict) {
  return csv(
    ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
    district.orgs.map((org) => [
      orgSourcedId(org.id),
      '',
      '',
      org.name,
      org.type,
      org.sourcedId ?? '',
      org.parentId ? orgSourcedId(org.parentId) : '',
    ]),
  );
}

const userSourcedId = (userId: string) => userId.replace(/^usr-/, '');
const flag = (user: DemoUser, name: string) => (user.sisFlags.includes(name) ? 'true' : 'false');

function usersCsv(district: DemoDistrict) {
  const header = [...ONEROSTER_COLUMNS.users];
  return csv(
    header,
    district.users.map((user) => [
      userSourcedId(user.id),
      '',
      '',
      'true',
      user.orgIds.map(orgSourcedId).join(','),
      oneRosterRole(user.role),
      user.username,
      '',
      user.givenName,
      user.familyName,
      '',
      user.sourcedId ?? '',
      user.email ?? '',
      '',
      '',
      '',
      user.grade === null ? '' : oneRosterGrade(user.grade),
      '',
      flag(user, 'sped'),
    ]),
  );
}

/** One course per campus and subject, as the classes' titles name them ("Math — Grade 6" → Math). */
const subjectOf = (title: string) => title.split(' — ')[0]!;
const courseId = (orgId: string, subject: string) =>
  `${orgSourcedId(orgId)}-${subject.toLowerCase().replace(/[^a-z]+/g, '-')}`;

function coursesCsv(district: DemoDistrict, year: ReturnType<typeof schoolYearAround>) {
  const courses = new Map<string, (string | number)[]>();
  for (const section of district.classes) {
    const subject = subjectOf(section.title);
    const id = courseId(section.orgId, subject);
    if (!courses.has(id))
      courses.set(id, [id, '', '', year.sourcedId, subject, id, '', orgSourcedId(section.orgId), subject, '']);
  }
  return csv([...ONEROSTER_COLUMNS.courses], [...courses.values()]);
}

const classSourcedId = (classId: string) => classId.replace(/^cls-/, 'c');

function classesCsv(district: DemoDistrict, year: ReturnType<typeof schoolYearAround>) {
  return csv(
    [...ONEROSTER_COLUMNS.classes],
    district.classes.map((section) => {
      const subject = subjectOf(section.title);
      return [
        classSourcedId(section.id),
        '',
        '',
        section.title,
        section.grade === null ? '' : oneRosterGrade(section.grade),
        courseId(section.orgId, subject),
        classSourcedId(section.id),
        subject === 'Homeroom' ? 'homeroom' : 'scheduled',
        '',
        orgSourcedId(section.orgId),
        year.sourcedId,
        subject,
        '',
        '',
      ];
    }),
  );
}

function enrollmentsCsv(district: DemoDistrict) {
  const campusOf = new Map(district.classes.map((section) => [section.id, orgSourcedId(section.orgId)]));
  return csv(
    [...ONEROSTER_COLUMNS.enrollments],
    district.enrollments.map((enrollment) => [
      enrollment.id.replace(/^enr-/, 'e'),
      '',
      '',
      classSourcedId(enrollment.classId),
      campusOf.get(enrollment.classId)!,
      userSourcedId(enrollment.userId),
      enrollment.role,
      enrollment.role === 'teacher' ? 'true' : 'false',
      '',
      '',
    ]),
  );
}

function academicSessionsCsv(year: ReturnType<typeof schoolYearAround>) {
  return csv(
    [
      'sourcedId',
      'status',
      'dateLastModified',
      'title',
      'type',
      'startDate',
      'endDate',
      'parentSourcedId',
      'schoolYear',
    ],
    [[year.sourcedId, '', '', year.title, 'schoolYear', year.startDate, year.endDate, '', year.schoolYear]],
  );
}

/**
 * Lakeside ISD as a OneRoster 1.1 bulk bundle: the same people, usernames (in `username`, which the `sis`
 * username policy uses), campuses and classes as `generateLakeside`, with one school year around `now`.
 * The same `now` day gives the same bytes.
 */
export function lakesideRoster(now: number, district: DemoDistrict = generateLakeside()): RosterFiles {
  const year = schoolYearAround(now);
  // Keys are lower-cased base names, as the readers hand files to the parser.
  const files = new Map<string, Buffer>([
    ['manifest.csv', csv(['propertyName', 'value'], MANIFEST)],
    ['orgs.csv', orgsCsv(district)],
    ['users.csv', usersCsv(district)],
    ['courses.csv', coursesCsv(district, year)],
    ['classes.csv', classesCsv(district, year)],
    ['enrollments.csv', enrollmentsCsv(district)],
    ['academicsessions.csv', academicSessionsCsv(year)],
  ]);
  return { name: 'lakeside-isd-demo', files };
}
