import fs from 'node:fs';
import path from 'node:path';

// A OneRoster 1.1 district big enough that writing it takes a while (3,000 students are ~19k enrolments), and
// the same district a term later: some left, some renamed, newcomers, every class and enrolment new.

export interface LargeDistrictOptions {
  students: number;
  schools?: number;
  classesPerStudent?: number;
  studentsPerClass?: number;
  /** Term 2 replaces every class and enrolment of term 1 (a new term's roster). */
  term?: 1 | 2;
  /** Students whose number is a multiple of this have left (absent from the files). */
  leaveEvery?: number;
  /** Students whose number is a multiple of this have a new family name. */
  renameEvery?: number;
  /** New students; two bundles with other prefixes give their newcomers the same SIS usernames. */
  newcomers?: { prefix: string; count: number };
}

const USERS_HEADER =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password';

interface Student {
  sourcedId: string;
  username: string;
  givenName: string;
  familyName: string;
  school: number;
  /** Place among the school's students: picks the classes. */
  seat: number;
}

export function largeDistrict(options: LargeDistrictOptions): Record<string, string> {
  const { students, schools = 6, classesPerStudent = 6, studentsPerClass = 30, term = 1 } = options;
  const classesPerSchool = Math.ceil(((students / schools) * classesPerStudent) / studentsPerClass);
  const classId = (school: number, index: number) => `ld-c${term}-${school}-${index}`;
  const teacherId = (school: number, index: number) => `ld-t${school}-${Math.floor(index / 4)}`;

  const roster: Student[] = [];
  for (let n = 1; n <= students; n++) {
    if (options.leaveEvery && n % options.leaveEvery === 0) continue;
    const renamed = options.renameEvery !== undefined && n % options.renameEvery === 0;
    const school = n % schools;
    roster.push({
      sourcedId: `ld-s${n}`,
      username: `ld.s${n}`,
      givenName: `Given${n}`,
      familyName: renamed ? `Renamed${n}` : `Family${n}`,
      school,
      seat: Math.floor(n / schools),
    });
  }
  for (let i = 1; i <= (options.newcomers?.count ?? 0); i++) {
    const prefix = options.newcomers!.prefix;
    roster.push({
      sourcedId: `ld-${prefix}-n${i}`,
      username: `new.student${i}`,
      givenName: `Newcomer${i}`,
      familyName: prefix.toUpperCase(),
      school: i % schools,
      seat: i,
    });
  }

  const schoolIds = Array.from({ length: schools }, (_, school) => school);
  const classIndexes = Array.from({ length: classesPerSchool }, (_, index) => index);
  const users = [USERS_HEADER];
  for (const school of schoolIds)
    for (let t = 0; t < Math.ceil(classesPerSchool / 4); t++) {
      const id = teacherId(school, t * 4);
      users.push(`${id},,,TRUE,ld-sch${school},teacher,ld.t${school}.${t},,Teacher${t},School${school},,,,,,,,`);
    }
  for (const s of roster)
    users.push(
      `${s.sourcedId},,,TRUE,ld-sch${s.school},student,${s.username},,${s.givenName},${s.familyName},,,,,,,05,`,
    );

  const classes = [
    'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods',
  ];
  const enrollments = [
    'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
  ];
  for (const school of schoolIds)
    for (const index of classIndexes) {
      const id = classId(school, index);
      classes.push(`${id},,,Class ${index} term ${term},05,ld-course,,scheduled,,ld-sch${school},ld-term${term},,,`);
      enrollments.push(`ld-e-${id}-t,,,${id},ld-sch${school},${teacherId(school, index)},teacher,TRUE,,`);
    }
  for (const s of roster)
    for (let k = 0; k < classesPerStudent; k++) {
      const id = classId(s.school, (s.seat * classesPerStudent + k) % classesPerSchool);
      enrollments.push(`ld-e-${id}-${s.sourcedId},,,${id},ld-sch${s.school},${s.sourcedId},student,FALSE,,`);
    }

  return {
    'manifest.csv': [
      'propertyName,value',
      'manifest.version,1.0',
      'oneroster.version,1.1',
      'file.academicSessions,bulk',
      'file.classes,bulk',
      'file.courses,bulk',
      'file.enrollments,bulk',
      'file.orgs,bulk',
      'file.users,bulk',
      'file.demographics,absent',
      '',
    ].join('\n'),
    'orgs.csv': [
      'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
      'ld-dist,,,Large District,district,,',
      ...schoolIds.map((school) => `ld-sch${school},,,School ${school},school,,ld-dist`),
      '',
    ].join('\n'),
    'academicSessions.csv': [
      'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear',
      `ld-term${term},,,Term ${term},term,2026-0${term === 1 ? 8 : 1}-01,2027-06-30,,2027`,
      '',
    ].join('\n'),
    'courses.csv': [
      'sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes',
      `ld-course,,,ld-term${term},Grade 5,,05,ld-sch0,,`,
      '',
    ].join('\n'),
    'classes.csv': `${classes.join('\n')}\n`,
    'users.csv': `${users.join('\n')}\n`,
    'enrollments.csv': `${enrollments.join('\n')}\n`,
  };
}

/** Writes the bundle as a folder of CSV files under `dir`; returns the folder. */
export function writeBundleFolder(dir: string, name: string, files: Record<string, string>): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, file), text);
  return folder;
}
