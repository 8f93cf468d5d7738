import path from 'node:path';
import { parseRoster } from '../../server/roster/parse-roster';
import type { RosterBundle, RosterFiles, RosterReadPolicy } from '../../server/roster/roster-bundle';
import type { RosterProblem } from '../../shared/roster';

/** A roster fixture folder under test/fixtures/rosters (the public sample sets are under `public/`). */
export const rosterFixture = (...parts: string[]) => path.resolve('test/fixtures/rosters', ...parts);

export const POLICY: RosterReadPolicy = { flagColumns: {}, districtName: 'Lakeview Unified' };

/** Files given as lines (joined with CRLF), text or bytes, keyed by lower-cased name as a RosterFiles is. */
export function rosterFiles(files: Record<string, string | string[] | Buffer>, name = 'test-roster'): RosterFiles {
  const entries = Object.entries(files).map(([file, content]): [string, Buffer] => [
    file.toLowerCase(),
    Buffer.isBuffer(content) ? content : Buffer.from(Array.isArray(content) ? content.join('\r\n') + '\r\n' : content),
  ]);
  return { name, files: new Map(entries) };
}

/** A small valid OneRoster 1.1 bundle; each file can be replaced (or removed with null) by a test. */
export function oneRoster(changes: Record<string, string[] | string | Buffer | null> = {}): RosterFiles {
  const files: Record<string, string[] | string | Buffer> = {
    'manifest.csv': [
      'propertyName,value',
      'manifest.version,1.0',
      'oneroster.version,1.1',
      'file.orgs,bulk',
      'file.users,bulk',
      'file.classes,bulk',
      'file.enrollments,bulk',
      'file.academicSessions,bulk',
      'file.courses,absent',
      'file.demographics,absent',
    ],
    'orgs.csv': [
      'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
      'd1,,,Lakeview Unified,district,,',
      's1,,,Lakeview Elementary,school,,d1',
    ],
    'users.csv': [
      'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
      'u1,,,TRUE,s1,student,ana.ruiz,,Ana,Ruiz,,,ana@lakeview.example,,,,03,',
      'u2,,,TRUE,s1,teacher,fay.grant,,Fay,Grant,,,fay@lakeview.example,,,,,',
    ],
    'academicSessions.csv': [
      'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear',
      't1,,,Fall,term,2024-08-26,2024-12-20,,2025',
    ],
    'classes.csv': [
      'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods',
      'c1,,,Reading 3,03,,,scheduled,,s1,t1,,,',
    ],
    'enrollments.csv': [
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
      'e1,,,c1,s1,u1,student,false,,',
      'e2,,,c1,s1,u2,teacher,true,,',
    ],
  };
  for (const [file, content] of Object.entries(changes)) {
    if (content === null) delete files[file];
    else files[file] = content;
  }
  return rosterFiles(files);
}

/** The bundle, or a failed expectation listing the refusals. */
export function readBundle(files: RosterFiles, policy: RosterReadPolicy = POLICY): RosterBundle {
  const parsed = parseRoster(files, policy);
  if (!parsed.ok) throw new Error(`refused:\n${parsed.errors.map((error) => error.message).join('\n')}`);
  return parsed.bundle;
}

/** The refusals, or a failed expectation when the bundle was read. */
export function refusals(files: RosterFiles, policy: RosterReadPolicy = POLICY): RosterProblem[] {
  const parsed = parseRoster(files, policy);
  if (parsed.ok) throw new Error('the bundle was read, a refusal was expected');
  return parsed.errors;
}
