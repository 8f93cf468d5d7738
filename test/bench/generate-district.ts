// A large synthetic district as a OneRoster 1.1 bulk bundle, for the roster benchmarks: 60,000 students make
// about 64,000 people, 300,000 enrolments and 40 campuses; other sizes scale alike. The same options give the
// same bytes. `changed: true` gives the next night's export of the same district: a few students left, a few
// arrived, some renamed, some moved to another section (well under the safety hold's 10%).
//
//   npx tsx test/bench/generate-district.ts --students 60000 --out /tmp/district [--seed 7] [--changed]

import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { seededRandom } from '../../server/demo/lakeside';
import { ONEROSTER_COLUMNS } from '../../server/roster/oneroster-columns';
import { lakesideRoster } from '../../server/demo/lakeside-roster';

export interface DistrictOptions {
  students: number;
  seed?: number;
  /** The next export: about 2% of students gone, 2% new, 1% renamed, 1% in another section. */
  changed?: boolean;
  /** The school year starts on 1 August of this year; by default the one around today. */
  schoolYearStart?: number;
  /**
   * Lakeside ISD's rows too, as the demo imports them at `withLakeside` (a time): imported into a portal that
   * holds the demo, the district arrives and the demo people stay (nothing deactivated, no safety hold).
   */
  withLakeside?: number;
}

export interface DistrictCounts {
  campuses: number;
  people: number;
  students: number;
  classes: number;
  enrollments: number;
}

const STUDENTS_PER_CAMPUS = 1_500;
const CLASSES_PER_STUDENT = 5;
const CLASS_SIZE = 25;
const SECTIONS_PER_TEACHER = 5;
const OTHER_STAFF_PER_CAMPUS = 40;
const DISTRICT_STAFF = 12;
const CAMPUS_KINDS = [
  { kind: 'Elementary', grades: [0, 1, 2, 3, 4, 5] },
  { kind: 'Elementary', grades: [-1, 0, 1, 2, 3, 4, 5] },
  { kind: 'Middle', grades: [6, 7, 8] },
  { kind: 'High', grades: [9, 10, 11, 12] },
] as const;
const SUBJECTS = ['Math', 'English', 'Science', 'Social Studies', 'Art', 'Music', 'Physical Education'];
const FIRST = ['Ava', 'Liam', 'Sofia', 'Noah', 'Mia', 'Mateo', 'Emma', 'Elijah', 'Isabella', 'Lucas', 'Camila'];
const LAST = ['Garcia', 'Smith', 'Martinez', 'Johnson', 'Lopez', 'Nguyen', 'Brown', 'Gonzalez', 'Jones', 'Perez'];
const RENAMED = 'Renamed';

const gradeCode = (grade: number) => (grade === -1 ? 'PK' : grade === 0 ? 'KG' : String(grade).padStart(2, '0'));

const field = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A CSV file written row by row, waiting whenever the disk falls behind. */
class CsvWriter {
  private readonly stream: fs.WriteStream;
  private buffer: string[] = [];
  constructor(file: string, header: string[]) {
    this.stream = fs.createWriteStream(file);
    this.buffer.push(header.join(','));
  }
  async row(values: (string | number)[]) {
    this.buffer.push(values.map(field).join(','));
    if (this.buffer.length >= 2_000) await this.flush();
  }
  private async flush() {
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const USER_HEADER = [...ONEROSTER_COLUMNS.users];
const CLASS_HEADER = [...ONEROSTER_COLUMNS.classes];
const COURSE_HEADER = [...ONEROSTER_COLUMNS.courses];
const ENROLLMENT_HEADER = [...ONEROSTER_COLUMNS.enrollments];

function defaultSchoolYearStart() {
  const today = new Date();
  return today.getUTCMonth() >= 7 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
}

interface Person {
  sourcedId: string;
  orgId: string;
  role: 'student' | 'teacher' | 'aide' | 'administrator';
  username: string;
  givenName: string;
  familyName: string;
  grade: number | null;
  sped: boolean;
}

/** Writes the bundle's seven files into `dir` (made if missing) and returns what is in them. */
export async function writeDistrict(dir: string, options: DistrictOptions): Promise<DistrictCounts> {
  fs.mkdirSync(dir, { recursive: true });
  const random = seededRandom(options.seed ?? 1);
  const changed = options.changed ?? false;
  const year = options.schoolYearStart ?? defaultSchoolYearStart();
  const yearId = `sy-${year}`;
  const campusCount = Math.max(1, Math.round(options.students / STUDENTS_PER_CAMPUS));
  const file = (name: string) => path.join(dir, name);

  writeSmallFiles(dir, year, yearId, campusCount);
  const users = new CsvWriter(file('users.csv'), USER_HEADER);
  const classes = new CsvWriter(file('classes.csv'), CLASS_HEADER);
  const courses = new CsvWriter(file('courses.csv'), COURSE_HEADER);
  const enrollments = new CsvWriter(file('enrollments.csv'), ENROLLMENT_HEADER);
  const counts: DistrictCounts = { campuses: campusCount, people: 0, students: 0, classes: 0, enrollments: 0 };

  const writePerson = async (person: Person) => {
    counts.people++;
    if (person.role === 'student') counts.students++;
    const email = person.grade === null || person.grade >= 6 ? `${person.username}@district.test` : '';
    await users.row([
      person.sourcedId,
      '',
      '',
      'true',
      person.orgId,
      person.role,
      person.username,
      '',
      person.givenName,
      person.familyName,
      '',
      person.sourcedId,
      email,
      '',
      '',
      '',
      person.grade === null ? '' : gradeCode(person.grade),
      '',
      person.sped ? 'true' : 'false',
    ]);
  };
  const nameFrom = (draw: () => number) => ({
    givenName: FIRST[Math.floor(draw() * FIRST.length)]!,
    familyName: LAST[Math.floor(draw() * LAST.length)]!,
  });
  const name = () => nameFrom(random);
  // Arrivals draw from their own sequence, so everyone else keeps the name they had in the first export.
  const arrivals = seededRandom((options.seed ?? 1) ^ 0x5eed);
  const username = (given: string, family: string, id: string) => `${given.charAt(0)}${family}${id}`.toLowerCase();

  for (let d = 1; d <= DISTRICT_STAFF; d++) {
    const who = name();
    const id = `d${d}`;
    await writePerson({
      sourcedId: id,
      orgId: 'district',
      role: 'administrator',
      username: username(who.givenName, who.familyName, id),
      grade: null,
      sped: false,
      ...who,
    });
  }

  let studentNumber = 0;
  for (let c = 1; c <= campusCount; c++) {
    const campus = CAMPUS_KINDS[(c - 1) % CAMPUS_KINDS.length]!;
    const orgId = `school-${c}`;
    const perGrade = Math.round(options.students / campusCount / campus.grades.length);
    const sectionsOf: { id: string; studentIds: string[] }[] = [];
    for (const grade of campus.grades) {
      // Students of this grade, in sections of CLASS_SIZE for each subject.
      // Each with its place in the first export's list, so a student's sections do not move when others leave.
      const gradeStudents: { id: string; place: number }[] = [];
      for (let i = 0; i < perGrade; i++) {
        studentNumber++;
        const who = name();
        const sped = random() < 0.06;
        const id = `s${studentNumber}`;
        // The next export: every 50th student left, every 100th is renamed.
        if (changed && studentNumber % 50 === 0) continue;
        const familyName = changed && studentNumber % 100 === 1 ? RENAMED : who.familyName;
        await writePerson({
          sourcedId: id,
          orgId,
          role: 'student',
          username: username(who.givenName, who.familyName, id),
          givenName: who.givenName,
          familyName,
          grade,
          sped,
        });
        gradeStudents.push({ id, place: i });
      }
      if (changed) {
        // ... and as many arrived.
        for (let i = 0; i < Math.floor(perGrade / 50); i++) {
          const who = nameFrom(arrivals);
          const id = `n${c}-${grade}-${i}`;
          await writePerson({
            sourcedId: id,
            orgId,
            role: 'student',
            username: username(who.givenName, who.familyName, id),
            grade,
            sped: false,
            ...who,
          });
          gradeStudents.push({ id, place: perGrade + i });
        }
      }
      const sectionCount = Math.max(1, Math.ceil(perGrade / CLASS_SIZE));
      for (const subject of SUBJECTS.slice(0, CLASSES_PER_STUDENT)) {
        const courseId = `${orgId}-${gradeCode(grade)}-${subject.toLowerCase().replace(/ /g, '-')}`;
        await courses.row([
          courseId,
          '',
          '',
          yearId,
          `${subject} ${gradeCode(grade)}`,
          courseId,
          gradeCode(grade),
          orgId,
          subject,
          '',
        ]);
        for (let s = 0; s < sectionCount; s++) {
          const classId = `${courseId}-${s + 1}`;
          counts.classes++;
          await classes.row([
            classId,
            '',
            '',
            `${subject} ${gradeCode(grade)} section ${s + 1}`,
            gradeCode(grade),
            courseId,
            classId,
            'scheduled',
            '',
            orgId,
            yearId,
            subject,
            '',
            '',
          ]);
          sectionsOf.push({ id: classId, studentIds: [] });
        }
        // The next export: every 100th student is in another section of this subject.
        for (const { id, place } of gradeStudents) {
          const shift = changed && place % 100 === 7 ? 1 : 0;
          const section = (Math.floor(place / CLASS_SIZE) + shift) % sectionCount;
          sectionsOf[sectionsOf.length - sectionCount + section]!.studentIds.push(id);
        }
      }
    }
    // Teachers, SECTIONS_PER_TEACHER sections each, then the campus's other staff.
    const teacherCount = Math.ceil(sectionsOf.length / SECTIONS_PER_TEACHER);
    for (let t = 0; t < teacherCount; t++) {
      const who = name();
      const id = `t${c}-${t + 1}`;
      await writePerson({
        sourcedId: id,
        orgId,
        role: 'teacher',
        username: username(who.givenName, who.familyName, id),
        grade: null,
        sped: false,
        ...who,
      });
    }
    for (let a = 0; a < OTHER_STAFF_PER_CAMPUS; a++) {
      const who = name();
      const id = `a${c}-${a + 1}`;
      const role = a < 2 ? 'administrator' : 'aide';
      await writePerson({
        sourcedId: id,
        orgId,
        role,
        username: username(who.givenName, who.familyName, id),
        grade: null,
        sped: false,
        ...who,
      });
    }
    for (const [index, section] of sectionsOf.entries()) {
      const teacherId = `t${c}-${Math.floor(index / SECTIONS_PER_TEACHER) + 1}`;
      await enrollments.row([
        `${section.id}-${teacherId}`,
        '',
        '',
        section.id,
        orgId,
        teacherId,
        'teacher',
        'true',
        '',
        '',
      ]);
      counts.enrollments++;
      for (const studentId of section.studentIds) {
        await enrollments.row([
          `${section.id}-${studentId}`,
          '',
          '',
          section.id,
          orgId,
          studentId,
          'student',
          'false',
          '',
          '',
        ]);
        counts.enrollments++;
      }
    }
  }
  await Promise.all([users.close(), classes.close(), courses.close(), enrollments.close()]);
  if (options.withLakeside !== undefined) appendLakeside(dir, options.withLakeside);
  return counts;
}

/** Lakeside's bundle has the same columns in the same order: its rows go at the end of each file. */
function appendLakeside(dir: string, now: number) {
  for (const [name, bytes] of lakesideRoster(now).files) {
    if (name === 'manifest.csv') continue;
    const file = fs.readdirSync(dir).find((each) => each.toLowerCase() === name)!;
    const [header, ...rows] = bytes.toString('utf8').trimEnd().split('\n');
    const ours = fs.readFileSync(path.join(dir, file), 'utf8').split('\n', 1)[0];
    if (header !== ours) throw new Error(`${name}: Lakeside's columns differ from the generator's`);
    fs.appendFileSync(path.join(dir, file), `${rows.join('\n')}\n`);
  }
}

function writeSmallFiles(dir: string, year: number, yearId: string, campusCount: number) {
  const manifest = [
    'propertyName,value',
    'manifest.version,1.0',
    'oneroster.version,1.1',
    ...['academicSessions', 'classes', 'courses', 'enrollments', 'orgs', 'users'].map((f) => `file.${f},bulk`),
    ...['categories', 'classResources', 'courseResources', 'demographics', 'lineItems', 'resources', 'results'].map(
      (f) => `file.${f},absent`,
    ),
    'source.systemName,Gatehouse district generator',
    'source.systemCode,generator',
  ];
  fs.writeFileSync(path.join(dir, 'manifest.csv'), `${manifest.join('\n')}\n`);
  const orgs = [
    'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
    'district,,,Generated USD,district,,',
  ];
  for (let c = 1; c <= campusCount; c++) {
    const kind = CAMPUS_KINDS[(c - 1) % CAMPUS_KINDS.length]!.kind;
    orgs.push(`school-${c},,,${kind} School ${c},school,${1000 + c},district`);
  }
  fs.writeFileSync(path.join(dir, 'orgs.csv'), `${orgs.join('\n')}\n`);
  const sessions = [
    'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear',
    `${yearId},,,${year}-${year + 1},schoolYear,${year}-08-01,${year + 1}-07-31,,${year + 1}`,
    `${yearId}-fall,,,Fall ${year},semester,${year}-08-01,${year}-12-31,${yearId},${year + 1}`,
    `${yearId}-spring,,,Spring ${year + 1},semester,${year + 1}-01-01,${year + 1}-07-31,${yearId},${year + 1}`,
  ];
  fs.writeFileSync(path.join(dir, 'academicSessions.csv'), `${sessions.join('\n')}\n`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      students: { type: 'string', default: '60000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      changed: { type: 'boolean', default: false },
      'with-lakeside': { type: 'boolean', default: false },
    },
  });
  if (!values.out) throw new Error('--out DIR is required');
  const started = performance.now();
  const counts = await writeDistrict(values.out, {
    students: Number(values.students),
    seed: Number(values.seed),
    changed: values.changed,
    ...(values['with-lakeside'] && { withLakeside: Date.now() }),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(JSON.stringify({ ...counts, seconds: Number(seconds), dir: values.out }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
