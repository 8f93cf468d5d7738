import JSZip from 'jszip';

// A small OneRoster 1.1 district for the surfaces' tests: one school, a teacher, `students` students in one class.

export interface DistrictOptions {
  students?: number;
  /** Leave these student numbers (1-based) out, as a roster does when they left. */
  without?: number[];
  /** Replaces the users.csv text, e.g. to break it. */
  users?: string;
  prefix?: string;
  /** `delta`: only the rows sent apply (nothing left out is deactivated). */
  mode?: 'bulk' | 'delta';
}

export function smallDistrict({
  students = 10,
  without = [],
  users,
  prefix = 'rs',
  mode = 'bulk',
}: DistrictOptions = {}) {
  // A delta file must say each row's status; a bulk one may leave it empty.
  const status = (text: string) => (mode === 'delta' ? text.replace(/^([^,\n]+),,/gm, '$1,active,') : text);
  const ids = Array.from({ length: students }, (_, i) => i + 1).filter((n) => !without.includes(n));
  const userRows = [
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
    `${prefix}-t1,,,TRUE,${prefix}-sch,teacher,${prefix}.teacher,,Tess,Teacher,,,${prefix}.teacher@example.test,,,,,`,
    ...ids.map((n) => `${prefix}-s${n},,,TRUE,${prefix}-sch,student,${prefix}.student${n},,Stu${n},Dent,,,,,,,05,`),
  ];
  const files = {
    'manifest.csv': [
      'propertyName,value',
      'manifest.version,1.0',
      'oneroster.version,1.1',
      `file.academicSessions,${mode}`,
      'file.categories,absent',
      `file.classes,${mode}`,
      'file.classResources,absent',
      `file.courses,${mode}`,
      'file.courseResources,absent',
      'file.demographics,absent',
      `file.enrollments,${mode}`,
      'file.lineItems,absent',
      `file.orgs,${mode}`,
      'file.resources,absent',
      'file.results,absent',
      `file.users,${mode}`,
      '',
    ].join('\n'),
    'orgs.csv': [
      'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
      `${prefix}-dist,,,Roster Test District,district,,`,
      `${prefix}-sch,,,Roster Test Elementary,school,,${prefix}-dist`,
      '',
    ].join('\n'),
    'academicSessions.csv': [
      'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear',
      `${prefix}-term,,,Whole Year,schoolYear,2026-08-01,2027-06-30,,2027`,
      '',
    ].join('\n'),
    'courses.csv': [
      'sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes',
      `${prefix}-course,,,${prefix}-term,Grade 5,,05,${prefix}-sch,,`,
      '',
    ].join('\n'),
    'classes.csv': [
      'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods',
      `${prefix}-class,,,Grade 5 Homeroom,05,${prefix}-course,,homeroom,,${prefix}-sch,${prefix}-term,,,`,
      '',
    ].join('\n'),
    'users.csv': users ?? `${userRows.join('\n')}\n`,
    'enrollments.csv': [
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
      `${prefix}-e-t1,,,${prefix}-class,${prefix}-sch,${prefix}-t1,teacher,TRUE,,`,
      ...ids.map((n) => `${prefix}-e-s${n},,,${prefix}-class,${prefix}-sch,${prefix}-s${n},student,FALSE,,`),
      '',
    ].join('\n'),
  };
  return Object.fromEntries(
    Object.entries(files).map(([name, text]) => [name, name === 'manifest.csv' ? text : status(text)]),
  ) as typeof files;
}

export async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The files as the readers hand them on: lower-cased base names. */
export function rosterFilesOf(name: string, files: Record<string, string>) {
  return { name, files: new Map(Object.entries(files).map(([file, text]) => [file.toLowerCase(), Buffer.from(text)])) };
}
