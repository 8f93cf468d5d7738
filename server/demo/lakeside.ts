import { fixtureCatalog } from './fixture-apps';
import type { Condition } from '../../shared/access-rules';
import type * as tables from '../db/schema';
import type { Role } from '../../shared/roles';

// Lakeside ISD: a deterministic demo district (same seed, same people, every time). Pure data, no I/O.

export const DISTRICT_NAME = 'Lakeside ISD';
const EMAIL_DOMAIN = 'lakeside-isd.test';
const STUDENTS_PER_GRADE = 43;

// Rows as the tables hold them (minus what seeding adds), so the generator cannot drift from the schema.
export type DemoOrg = Omit<typeof tables.orgs.$inferSelect, 'status'>;
export type DemoUser = Omit<typeof tables.users.$inferSelect, 'status' | 'passwordHash' | 'createdAt' | 'updatedAt'> & {
  orgIds: string[];
};
export type DemoClass = Omit<typeof tables.classes.$inferSelect, 'status'>;
export type DemoEnrollment = Omit<typeof tables.enrollments.$inferSelect, 'status'>;
export type DemoApp = typeof tables.apps.$inferInsert;
export type DemoRule = typeof tables.accessRules.$inferSelect;

export interface DemoDistrict {
  orgs: DemoOrg[];
  users: DemoUser[];
  classes: DemoClass[];
  enrollments: DemoEnrollment[];
  apps: DemoApp[];
  rules: DemoRule[];
}

/** The accounts the README names; all share the demo password. */
export const DEMO_ACCOUNTS = [
  { username: 'demo.student.k', who: 'Kindergarten student, Lakeside Elementary' },
  { username: 'demo.student.g4', who: 'Grade 4 student, Lakeside Elementary' },
  { username: 'demo.student.g8', who: 'Grade 8 student, Lakeside Middle (special education)' },
  { username: 'demo.student.g11', who: 'Grade 11 student, Lakeside High' },
  { username: 'demo.teacher', who: 'Math teacher with a class schedule, Lakeside Middle' },
  { username: 'demo.teacher.k', who: 'Kindergarten homeroom teacher, Lakeside Elementary (prints badges)' },
  { username: 'demo.teacher.noschedule', who: 'Reading coach without a class schedule, Lakeside Elementary' },
  { username: 'demo.principal', who: 'Principal, Lakeside Middle' },
  { username: 'demo.it', who: 'IT specialist (explain access, audit log)' },
  { username: 'demo.admin', who: 'District administrator' },
] as const;

const FIRST_NAMES = [
  'Ava',
  'Liam',
  'Sofia',
  'Noah',
  'Mia',
  'Mateo',
  'Emma',
  'Elijah',
  'Isabella',
  'Lucas',
  'Camila',
  'Ethan',
  'Harper',
  'Diego',
  'Amelia',
  'Aiden',
  'Valentina',
  'Jayden',
  'Chloe',
  'Santiago',
  'Zoe',
  'Caleb',
  'Layla',
  'Gabriel',
  'Nora',
  'Isaac',
  'Aaliyah',
  'Julian',
  'Riley',
  'Adrian',
  'Maya',
  'Owen',
  'Lucia',
  'Wyatt',
  'Aria',
  'Josiah',
  'Elena',
  'Hudson',
  'Ximena',
  'Levi',
];
const LAST_NAMES = [
  'Garcia',
  'Smith',
  'Martinez',
  'Johnson',
  'Lopez',
  'Williams',
  'Hernandez',
  'Brown',
  'Gonzalez',
  'Jones',
  'Perez',
  'Davis',
  'Rodriguez',
  'Miller',
  'Sanchez',
  'Wilson',
  'Ramirez',
  'Moore',
  'Torres',
  'Taylor',
  'Flores',
  'Thomas',
  'Rivera',
  'Jackson',
  'Gomez',
  'White',
  'Diaz',
  'Harris',
  'Cruz',
  'Martin',
  'Reyes',
  'Thompson',
  'Morales',
  'Clark',
  'Ortiz',
  'Lewis',
  'Gutierrez',
  'Walker',
  'Chavez',
  'Nguyen',
];

/** mulberry32: a tiny seeded generator, so the district is the same on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CAMPUS = {
  district: 'org-lakeside',
  elementary: 'org-lakeside-es',
  middle: 'org-lakeside-ms',
  high: 'org-lakeside-hs',
} as const;

const campusForGrade = (grade: number) => (grade <= 5 ? CAMPUS.elementary : grade <= 8 ? CAMPUS.middle : CAMPUS.high);

function orgs(): DemoOrg[] {
  const school = (id: string, name: string, gradeLow: number, gradeHigh: number): DemoOrg => ({
    id,
    sourcedId: id.replace('org-', 'sis-'),
    name,
    type: 'school',
    parentId: CAMPUS.district,
    gradeLow,
    gradeHigh,
  });
  return [
    {
      id: CAMPUS.district,
      sourcedId: 'sis-lakeside',
      name: DISTRICT_NAME,
      type: 'district',
      parentId: null,
      gradeLow: null,
      gradeHigh: null,
    },
    school(CAMPUS.elementary, 'Lakeside Elementary', -1, 5),
    school(CAMPUS.middle, 'Lakeside Middle School', 6, 8),
    school(CAMPUS.high, 'Lakeside High School', 9, 12),
  ];
}

interface StaffSpec {
  username?: string;
  role: Role;
  campus: string;
  title: string;
  /** Subject taught, one section per listed grade. */
  sections?: { subject: string; grades: number[] };
  noEmail?: boolean;
}

function staffSpecs(): StaffSpec[] {
  const es = CAMPUS.elementary,
    ms = CAMPUS.middle,
    hs = CAMPUS.high;
  const homeroom = (grade: number): StaffSpec => ({
    ...(grade === 0 ? { username: 'demo.teacher.k' } : {}),
    role: 'teacher',
    campus: es,
    title: 'Homeroom',
    sections: { subject: 'Homeroom', grades: [grade] },
  });
  const subject = (campus: string, name: string, grades: number[], extra: Partial<StaffSpec> = {}): StaffSpec => ({
    role: 'teacher',
    campus,
    title: name,
    sections: { subject: name, grades },
    ...extra,
  });
  const middle = [6, 7, 8],
    high = [9, 10, 11, 12];
  return [
    ...[-1, 0, 1, 2, 3, 4, 5].map(homeroom),
    { role: 'teacher', campus: es, title: 'Music' },
    { username: 'demo.teacher.noschedule', role: 'teacher', campus: es, title: 'Reading coach' },
    { role: 'staff', campus: es, title: 'Instructional aide' },
    { role: 'staff', campus: es, title: 'Front office' },
    subject(ms, 'Math', middle, { username: 'demo.teacher' }),
    subject(ms, 'English Language Arts', middle),
    subject(ms, 'Science', middle),
    subject(ms, 'Social Studies', middle),
    subject(ms, 'Art', middle),
    subject(ms, 'Physical Education', middle),
    { role: 'teacher', campus: ms, title: 'Instructional coach' },
    { role: 'staff', campus: ms, title: 'Counselor' },
    { role: 'staff', campus: ms, title: 'Front office' },
    subject(hs, 'Algebra', high),
    subject(hs, 'Biology', high),
    subject(hs, 'English', high),
    subject(hs, 'World History', high),
    subject(hs, 'Chemistry', high),
    subject(hs, 'Spanish', high),
    subject(hs, 'Computer Science', high, { noEmail: true }), // a new hire whose email is not in the SIS yet
    subject(hs, 'Physical Education', high),
    { role: 'teacher', campus: hs, title: 'Librarian' },
    { role: 'teacher', campus: hs, title: 'Instructional coach' },
    { role: 'staff', campus: hs, title: 'Counselor' },
    { role: 'staff', campus: hs, title: 'Front office' },
    { role: 'principal', campus: es, title: 'Principal' },
    { username: 'demo.principal', role: 'principal', campus: ms, title: 'Principal' },
    { role: 'principal', campus: hs, title: 'Principal' },
    { username: 'demo.it', role: 'it', campus: CAMPUS.district, title: 'IT specialist' },
    { role: 'it', campus: CAMPUS.district, title: 'IT technician' },
    { username: 'demo.admin', role: 'district_admin', campus: CAMPUS.district, title: 'District administrator' },
  ];
}

const DEMO_STUDENTS: Record<number, { username: string; flags: string[] }> = {
  0: { username: 'demo.student.k', flags: [] },
  4: { username: 'demo.student.g4', flags: [] },
  8: { username: 'demo.student.g8', flags: ['sped'] },
  11: { username: 'demo.student.g11', flags: [] },
};

function people(random: () => number) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const usernames = new Set<string>();
  const uniqueUsername = (base: string) => {
    let name = base,
      n = 1;
    while (usernames.has(name)) name = `${base}${++n}`;
    usernames.add(name);
    return name;
  };

  const students: DemoUser[] = [];
  let studentNumber = 100_000;
  for (let grade = -1; grade <= 12; grade++) {
    for (let i = 0; i < STUDENTS_PER_GRADE; i++) {
      const givenName = pick(FIRST_NAMES),
        familyName = pick(LAST_NAMES);
      const demo = i === 0 ? DEMO_STUDENTS[grade] : undefined;
      studentNumber++;
      const username = uniqueUsername(demo?.username ?? `${givenName}.${familyName}`.toLowerCase());
      const flags = demo?.flags ?? [...(random() < 0.06 ? ['sped'] : []), ...(random() < 0.1 ? ['ell'] : [])];
      students.push({
        id: `usr-s${studentNumber}`,
        sourcedId: `sis-s${studentNumber}`,
        username,
        givenName,
        familyName,
        // Students from grade 6 up have a district email address.
        email: grade >= 6 ? `${username}@students.${EMAIL_DOMAIN}` : null,
        role: 'student',
        grade,
        sisFlags: flags,
        orgIds: [campusForGrade(grade)],
      });
    }
  }

  const staff = staffSpecs().map((spec, index) => {
    const givenName = pick(FIRST_NAMES),
      familyName = pick(LAST_NAMES);
    const username = uniqueUsername(spec.username ?? `${givenName.charAt(0)}${familyName}`.toLowerCase());
    const user: DemoUser = {
      id: `usr-t${1000 + index}`,
      sourcedId: `sis-t${1000 + index}`,
      username,
      givenName,
      familyName,
      email: spec.noEmail ? null : `${username}@${EMAIL_DOMAIN}`,
      role: spec.role,
      grade: null,
      sisFlags: [],
      orgIds: [spec.campus],
    };
    return { user, spec };
  });
  return { students, staff };
}

function classesAndEnrollments(students: DemoUser[], staff: { user: DemoUser; spec: StaffSpec }[]) {
  const classes: DemoClass[] = [];
  const enrollments: DemoEnrollment[] = [];
  const enrol = (classId: string, userId: string, role: 'teacher' | 'student') => {
    const n = enrollments.length + 1;
    enrollments.push({ id: `enr-${n}`, sourcedId: `sis-enr-${n}`, classId, userId, role });
  };
  for (const { user, spec } of staff) {
    for (const grade of spec.sections?.grades ?? []) {
      const id = `cls-${classes.length + 1}`;
      const gradeName = grade === -1 ? 'PreK' : grade === 0 ? 'Kindergarten' : `Grade ${grade}`;
      classes.push({
        id,
        sourcedId: `sis-${id}`,
        orgId: spec.campus,
        title: `${spec.sections!.subject} — ${gradeName}`,
        grade,
      });
      enrol(id, user.id, 'teacher');
      for (const student of students) if (student.grade === grade) enrol(id, student.id, 'student');
    }
  }
  return { classes, enrollments };
}

const staffRoles: Role[] = ['teacher', 'staff', 'principal', 'it', 'district_admin'];

function catalog(): { apps: DemoApp[]; rules: DemoRule[] } {
  const apps: DemoApp[] = [
    {
      id: 'app-clever',
      slug: 'clever',
      name: 'Clever',
      description: 'Class rostering and learning apps',
      descriptionEs: 'Listas de clase y aplicaciones de aprendizaje',
      launchUrl: 'https://clever.com/in/lakeside-isd',
      signInKind: 'sso',
      color: '#1464ff',
      icon: 'graduation',
      sortOrder: 1,
    },
    {
      id: 'app-google',
      slug: 'google-workspace',
      name: 'Google Workspace',
      description: 'Mail, Drive and Classroom',
      descriptionEs: 'Correo, Drive y Classroom',
      launchUrl: 'https://accounts.google.com/',
      signInKind: 'sso',
      color: '#1a7f37',
      icon: 'mail',
      sortOrder: 2,
    },
    {
      id: 'app-canvas',
      slug: 'canvas',
      name: 'Canvas',
      description: 'Courses and assignments',
      descriptionEs: 'Cursos y tareas',
      launchUrl: 'https://lakeside-isd.instructure.com/',
      signInKind: 'sso',
      color: '#b3261e',
      icon: 'palette',
      sortOrder: 3,
    },
    {
      id: 'app-lexia',
      slug: 'lexia-core5',
      name: 'Lexia Core5 Reading',
      description: 'Reading practice',
      descriptionEs: 'Práctica de lectura',
      launchUrl: 'https://www.lexiacore5.com/',
      signInKind: 'vault',
      color: '#6b3fa0',
      icon: 'book',
      sortOrder: 4,
    },
    {
      id: 'app-ixl',
      slug: 'ixl',
      name: 'IXL',
      description: 'Math and language practice',
      descriptionEs: 'Práctica de matemáticas y lenguaje',
      launchUrl: 'https://www.ixl.com/signin/lakeside',
      signInKind: 'vault',
      color: '#0b6e69',
      icon: 'calculator',
      sortOrder: 5,
    },
    {
      id: 'app-khan',
      slug: 'khan-academy',
      name: 'Khan Academy',
      description: 'Lessons and practice',
      descriptionEs: 'Lecciones y práctica',
      launchUrl: 'https://www.khanacademy.org/login',
      signInKind: 'link',
      color: '#14532d',
      icon: 'video',
      sortOrder: 6,
    },
    {
      id: 'app-naviance',
      slug: 'naviance',
      name: 'Naviance',
      description: 'College and career planning',
      descriptionEs: 'Planificación universitaria y profesional',
      launchUrl: 'https://student.naviance.com/lakeside',
      signInKind: 'sso',
      color: '#8a4b00',
      icon: 'map',
      sortOrder: 7,
    },
    {
      id: 'app-frontline',
      slug: 'frontline',
      name: 'Frontline Absence Management',
      description: 'Report absences and find substitutes',
      descriptionEs: 'Avisa de ausencias y encuentra suplentes',
      launchUrl: 'https://login.frontlineeducation.com/',
      signInKind: 'link',
      color: '#374151',
      icon: 'calendar',
      sortOrder: 8,
    },
  ];
  let n = 0;
  const rule = (appId: string, name: string, conditions: Condition[]): DemoRule => ({
    id: `rule-${String(++n).padStart(3, '0')}`,
    appId,
    name,
    conditions,
  });
  const rules: DemoRule[] = [
    // The district help page's own example: a teacher with a class schedule and an email address gets Clever.
    rule('app-clever', 'Teachers with a class schedule and an email address', [
      { kind: 'role', anyOf: ['teacher'] },
      { kind: 'hasClasses', value: true },
      { kind: 'hasEmail', value: true },
    ]),
    rule('app-clever', 'Students in grades K–8', [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'grade', min: 0, max: 8 },
    ]),
    rule('app-google', 'Staff with a district email', [
      { kind: 'role', anyOf: staffRoles },
      { kind: 'hasEmail', value: true },
    ]),
    rule('app-google', 'Students with a district email', [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'hasEmail', value: true },
    ]),
    rule('app-canvas', 'Secondary students', [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'grade', min: 6, max: 12 },
    ]),
    rule('app-canvas', 'Secondary teachers with classes', [
      { kind: 'role', anyOf: ['teacher'] },
      { kind: 'campus', anyOf: [CAMPUS.middle, CAMPUS.high] },
      { kind: 'hasClasses', value: true },
    ]),
    rule('app-lexia', 'Elementary students', [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'grade', min: -1, max: 5 },
    ]),
    rule('app-lexia', 'Secondary students in special education', [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'grade', min: 6, max: 12 },
      { kind: 'sisFlag', flag: 'sped', value: true },
    ]),
    rule('app-lexia', 'Elementary teachers', [
      { kind: 'role', anyOf: ['teacher'] },
      { kind: 'campus', anyOf: [CAMPUS.elementary] },
    ]),
    rule('app-ixl', 'Students in grades K–8', [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'grade', min: 0, max: 8 },
    ]),
    rule('app-ixl', 'Teachers with classes', [
      { kind: 'role', anyOf: ['teacher'] },
      { kind: 'hasClasses', value: true },
    ]),
    rule('app-khan', 'Students in grades 3–12', [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'grade', min: 3, max: 12 },
    ]),
    rule('app-khan', 'Teachers', [{ kind: 'role', anyOf: ['teacher'] }]),
    rule('app-naviance', 'High school students', [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'campus', anyOf: [CAMPUS.high] },
    ]),
    rule('app-naviance', 'High school staff', [
      { kind: 'role', anyOf: ['teacher', 'staff', 'principal'] },
      { kind: 'campus', anyOf: [CAMPUS.high] },
    ]),
    rule('app-frontline', 'All staff', [{ kind: 'role', anyOf: staffRoles }]),
  ];
  const practice = fixtureCatalog(20);
  return { apps: [...apps, ...practice.apps], rules: [...rules, ...practice.rules] };
}

/** Lakeside ISD: 3 campuses, 602 students (PreK–12), 38 staff, their classes, 8 apps, 7 practice apps and their rules. */
export function generateLakeside(seed = 2026): DemoDistrict {
  const random = seededRandom(seed);
  const { students, staff } = people(random);
  const { classes, enrollments } = classesAndEnrollments(students, staff);
  return { orgs: orgs(), users: [...students, ...staff.map((s) => s.user)], classes, enrollments, ...catalog() };
}
