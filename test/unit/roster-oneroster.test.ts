// OneRoster 1.1 CSV read into the bundle: the public sample sets, each quirk of real exports, what is never
// kept (parents, birth dates, phones, passwords), and refusals that name file, line, column and value.
import { describe, expect, it } from 'vitest';
import { readRosterPath } from '../../server/roster/read-files';
import { parseRoster } from '../../server/roster/parse-roster';
import { oneRoster, POLICY, readBundle, refusals, rosterFixture } from '../helpers/roster-files';

const catalyst = (set: string) => rosterFixture('public', 'catalyst-moodle-enrol_oneroster', set);
const ids = (rows: { sourcedId: string }[]) => rows.map((row) => row.sourcedId);

describe('OneRoster 1.1: the public sample sets', () => {
  it('oat-sa reads cleanly: headers out of order, extra and missing columns, header-only bulk files', async () => {
    const bundle = readBundle(await readRosterPath(rosterFixture('public', 'oat-sa-oneroster-1.1')));
    expect(ids(bundle.orgs.rows)).toEqual(['12345', '54321']);
    // A school whose parent is another school is kept as sent; references are the importer's to check.
    expect(bundle.orgs.rows[0]).toMatchObject({ type: 'school', parentSourcedId: '54321', status: 'active' });
    expect(bundle.people.rows.map((person) => [person.sourcedId, person.role, person.sisUsername])).toEqual([
      ['user1', 'student', 'ionut'],
      ['user2', 'student', 'ionut2'],
    ]);
    // Three header-only files declared bulk: legitimately empty, and said so by their mode.
    expect(bundle.sessions).toEqual({ mode: 'bulk', rows: [] });
    expect(bundle.classes.rows.map((row) => [row.sourcedId, row.grade, row.schoolSourcedId])).toEqual([
      ['class1', 2, '12345'],
      ['class2', null, '12345'],
      ['class3', null, '54321'],
    ]);
    expect(bundle.enrollments.rows).toHaveLength(3);
    expect(bundle.warnings.map((warning) => [warning.code, warning.file])).toEqual([
      ['ignored_file', 'demographics.csv'],
    ]);
  });

  it('Test_full_data_set reads cleanly: CRLF, TRUE, "09,10,11", tobedeleted and inactive inside bulk files', async () => {
    const bundle = readBundle(await readRosterPath(catalyst('Test_full_data_set')));
    expect(bundle.people.rows).toHaveLength(5);
    expect(bundle.skippedGuardians).toBe(1);
    expect(bundle.classes.rows.map((row) => [row.sourcedId, row.grade, row.termSourcedIds, row.status])).toEqual([
      ['cls-222-123456', 9, ['as-trm-222-1234'], 'active'],
      ['cls-222-123478', 10, ['as-trm-222-1234', 'as-trm-222-1235'], 'tobedeleted'],
    ]);
    expect(bundle.sessions.rows.map((row) => row.status)).toEqual([
      'tobedeleted',
      'active',
      'tobedeleted',
      'active',
      'active',
    ]);
    // The enrolment of a user not in users.csv is kept: the importer turns it into a warning.
    expect(bundle.enrollments.rows).toHaveLength(6);
  });

  it('Test_minimal_data_set reads cleanly: empty status and dates everywhere, no trailing newline', async () => {
    const bundle = readBundle(await readRosterPath(catalyst('Test_minimal_data_set')));
    expect(bundle.people.rows.every((person) => person.status === 'active' && person.enabled)).toBe(true);
    expect(bundle.people.rows.map((person) => person.role)).toEqual([
      'teacher',
      'student',
      'teacher',
      'student',
      'student',
    ]);
    expect(bundle.classes.rows[1]!.termSourcedIds).toEqual(['as-trm-222-1234', 'as-trm-222-1235']);
  });

  it('Test sets with only a department: it is kept as the campus, with a warning', async () => {
    const bundle = readBundle(await readRosterPath(catalyst('Test_minimal_data_set')));
    expect(bundle.orgs.rows).toEqual([expect.objectContaining({ sourcedId: 'org-sch-222-456', type: 'school' })]);
    expect(bundle.warnings).toContainEqual(expect.objectContaining({ file: 'orgs.csv', line: 2, column: 'type' }));
  });

  it('test01 reads cleanly: true/false, day-first dates (24/12/2022), departments folded into their school', async () => {
    const bundle = readBundle(await readRosterPath(catalyst('test01')));
    expect(bundle.sessions.rows.map((row) => [row.startDate, row.endDate])).toEqual([
      ['2022-09-01', '2022-12-24'],
      ['2022-10-01', '2022-12-24'],
    ]);
    expect(ids(bundle.orgs.rows)).toEqual(['org-sch-222-3456']);
    expect(bundle.people.rows.map((person) => person.orgSourcedIds)).toEqual([
      ['org-sch-222-3456'],
      ['org-sch-222-3456'],
    ]);
    expect(bundle.classes.rows.map((row) => row.schoolSourcedId)).toEqual(['org-sch-222-3456', 'org-sch-222-3456']);
    expect(bundle.skippedGuardians).toBe(1);
  });

  it('the OneRoster 1.2 delta set is refused, naming the version', async () => {
    const files = await readRosterPath(catalyst('oneroster_test_data-v1.2-delta'));
    const errors = refusals(files);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'unsupported_version',
        file: 'manifest.csv',
        line: 3,
        column: 'value',
        value: '1.2',
      }),
    ]);
    expect(errors[0]!.message).toContain('OneRoster 1.2');
    expect(errors[0]!.message).toContain('1.1');
  });
});

describe('OneRoster 1.1: what is kept', () => {
  const policy = { ...POLICY, flagColumns: { sped: ['metadata.sped'] } };

  it('reads the fixture district: roles, grades, flags, statuses, emails', async () => {
    const bundle = readBundle(await readRosterPath(rosterFixture('lakeview-oneroster')), policy);
    const person = (id: string) => bundle.people.rows.find((row) => row.sourcedId === id)!;
    expect(person('u-stu-1')).toEqual({
      line: 2,
      sourcedId: 'u-stu-1',
      status: 'active',
      enabled: true,
      role: 'student',
      sisUsername: 'ana.ruiz',
      givenName: 'Ana',
      familyName: 'Ruiz',
      email: 'ana.ruiz@lakeview.example',
      grade: 0,
      orgSourcedIds: ['lv-es'],
      sisFlags: ['sped'],
    });
    expect(person('u-stu-2')).toMatchObject({ grade: 9, sisFlags: [] });
    expect(person('u-stu-3')).toMatchObject({ grade: -1, enabled: false, email: null });
    expect(person('u-stu-4')).toMatchObject({ grade: null, role: 'student', status: 'active', sisFlags: ['sped'] });
    expect(person('u-stu-5')).toMatchObject({ status: 'tobedeleted' });
    expect(person('u-tch-1')).toMatchObject({ role: 'teacher', grade: null, orgSourcedIds: ['lv-hs'] });
    expect(person('u-adm-1')).toMatchObject({ role: 'principal' });
    expect(person('u-adm-2')).toMatchObject({ role: 'staff' });
    expect(person('u-aide-1')).toMatchObject({ role: 'staff', orgSourcedIds: ['lv-es', 'lv-hs'] });
    expect(bundle.warnings).toContainEqual(
      expect.objectContaining({ code: 'bad_value', file: 'users.csv', line: 5, column: 'grades', value: 'UG' }),
    );
  });

  it('never keeps parents, guardians or their enrolments, only their count', async () => {
    const bundle = readBundle(await readRosterPath(rosterFixture('lakeview-oneroster')), policy);
    expect(bundle.skippedGuardians).toBe(2);
    const json = JSON.stringify(bundle);
    for (const trace of ['u-par-1', 'u-gua-1', 'Paloma', 'Quentin', 'paloma.ruiz', 'home.example', 'enr-6', 'enr-7']) {
      expect(json).not.toContain(trace);
    }
  });

  it('never keeps a birth date, a phone number, a password or anything from demographics.csv', async () => {
    const bundle = readBundle(await readRosterPath(rosterFixture('lakeview-oneroster')), policy);
    const json = JSON.stringify(bundle);
    for (const secret of [
      '2018-03-14',
      '1985-09-09',
      '555-0101',
      '5550101',
      'hunter2',
      'guardianpass',
      'L-4471',
      'Fresno',
    ]) {
      expect(json).not.toContain(secret);
    }
    expect(bundle.warnings).toContainEqual(expect.objectContaining({ code: 'ignored_file', file: 'demographics.csv' }));
    expect(bundle.warnings.filter((warning) => warning.file === 'demographics.csv')).toHaveLength(1);
  });

  it('maps roles: administrator at schools → principal, elsewhere → staff; aide and proctor → staff', () => {
    const users = [
      'sourcedId,orgSourcedIds,role,username,givenName,familyName,enabledUser',
      'a1,s1,administrator,a1,A,One,',
      'a2,"s1,d1",administrator,a2,A,Two,',
      'a3,,administrator,a3,A,Three,',
      'p1,s1,proctor,p1,P,One,',
      'r1,s1,relative,r1,R,One,',
      't1,s1,Teacher,t1,T,One,',
    ];
    const bundle = readBundle(
      oneRoster({ 'users.csv': users, 'enrollments.csv': ['sourcedId,classSourcedId,userSourcedId,role'] }),
    );
    expect(bundle.people.rows.map((person) => [person.sourcedId, person.role])).toEqual([
      ['a1', 'principal'],
      ['a2', 'staff'],
      ['a3', 'staff'],
      ['p1', 'staff'],
      ['t1', 'teacher'],
    ]);
    expect(bundle.skippedGuardians).toBe(1);
  });

  it('reads enrolments of aides as teaching, and drops parents’ enrolments', () => {
    const enrollments = [
      'sourcedId,classSourcedId,userSourcedId,role,status',
      'e1,c1,u1,student,active',
      'e2,c1,u2,aide,active',
      'e3,c1,u9,parent,active',
      'e4,c1,u2,teacher,TOBEDELETED',
    ];
    const bundle = readBundle(oneRoster({ 'enrollments.csv': enrollments }));
    expect(bundle.enrollments.rows.map((row) => [row.sourcedId, row.role, row.status])).toEqual([
      ['e1', 'student', 'active'],
      ['e2', 'teacher', 'active'],
      ['e4', 'teacher', 'tobedeleted'],
    ]);
  });

  it('keeps a class whose school is not in the files (the importer checks references)', () => {
    const classes = ['sourcedId,title,schoolSourcedId,termSourcedIds', 'c1,Art,s-unknown,t1'];
    expect(readBundle(oneRoster({ 'classes.csv': classes })).classes.rows[0]!.schoolSourcedId).toBe('s-unknown');
  });

  it('ignores ext_* and metadata.* columns and any column order', () => {
    const users = [
      'ext_vendor_id,familyName,metadata.homeroom,givenName,username,role,orgSourcedIds,enabledUser,status,sourcedId',
      'v-1,Ruiz,H1,Ana,ana.ruiz,student,s1,TRUE,active,u1',
    ];
    const [person] = readBundle(oneRoster({ 'users.csv': users })).people.rows;
    expect(person).toMatchObject({ sourcedId: 'u1', givenName: 'Ana', familyName: 'Ruiz', sisUsername: 'ana.ruiz' });
  });

  it('trims names and emails; an empty email or username is null', () => {
    const users = [
      'sourcedId,orgSourcedIds,role,username,givenName,familyName,email',
      'u1,s1,student,,  Ana , Ruiz ,"  ana@lakeview.example "',
      'u2,s1,student, ,Ben,Okafor,   ',
    ];
    const people = readBundle(oneRoster({ 'users.csv': users })).people.rows;
    expect(people.map((person) => [person.givenName, person.familyName, person.email, person.sisUsername])).toEqual([
      ['Ana', 'Ruiz', 'ana@lakeview.example', null],
      ['Ben', 'Okafor', null, null],
    ]);
  });

  it('reads flags from the columns the district names, case-insensitively, and warns once when none is there', () => {
    const users = [
      'sourcedId,orgSourcedIds,role,username,givenName,familyName,Metadata.SPED,ext_ell',
      'u1,s1,student,a,A,R,yes,1',
    ];
    const flags = { sped: ['metadata.sped'], ell: ['ext_ell'], gifted: ['ext_gifted'] };
    const bundle = readBundle(oneRoster({ 'users.csv': users }), { ...POLICY, flagColumns: flags });
    expect(bundle.people.rows[0]!.sisFlags).toEqual(['ell', 'sped']);
    expect(bundle.warnings.filter((warning) => warning.message.includes('gifted'))).toHaveLength(1);
  });

  it('without manifest.csv, reads the files present as bulk and says so', () => {
    const bundle = readBundle(oneRoster({ 'manifest.csv': null, 'academicSessions.csv': null }));
    expect(bundle.people.mode).toBe('bulk');
    expect(bundle.sessions.mode).toBe('absent');
    expect(bundle.warnings).toContainEqual(expect.objectContaining({ code: 'missing_file', file: 'manifest.csv' }));
  });

  it('reads a delta manifest as delta, and a file the manifest calls absent as absent (ignored, said once)', () => {
    const manifest = ['propertyName,value', 'oneroster.version,1.1', 'file.users,delta', 'file.orgs,absent'];
    const users = [
      'sourcedId,status,orgSourcedIds,role,username,givenName,familyName',
      'u1,tobedeleted,s1,student,a,A,R',
    ];
    const bundle = readBundle(oneRoster({ 'manifest.csv': manifest, 'users.csv': users }));
    expect(bundle.people).toEqual({
      mode: 'delta',
      rows: [expect.objectContaining({ sourcedId: 'u1', status: 'tobedeleted' })],
    });
    expect(bundle.orgs).toEqual({ mode: 'absent', rows: [] });
    expect(bundle.warnings).toContainEqual(expect.objectContaining({ code: 'ignored_file', file: 'orgs.csv' }));
    // Files the manifest does not list are read as bulk, with a warning each.
    expect(bundle.classes.mode).toBe('bulk');
    expect(bundle.warnings).toContainEqual(expect.objectContaining({ file: 'manifest.csv', value: 'file.classes' }));
  });
});

describe('OneRoster 1.1: refusals name file, line, column and value', () => {
  it('a duplicate sourcedId', () => {
    const users = [
      'sourcedId,orgSourcedIds,role,username,givenName,familyName',
      'u1,s1,student,a,A,R',
      'u1,s1,student,b,B,R',
    ];
    expect(refusals(oneRoster({ 'users.csv': users }))).toEqual([
      expect.objectContaining({ code: 'duplicate_id', file: 'users.csv', line: 3, column: 'sourcedId', value: 'u1' }),
    ]);
  });

  it('a missing required column, one problem per column', () => {
    const users = ['sourcedId,orgSourcedIds,username,givenName', 'u1,s1,a,A'];
    expect(refusals(oneRoster({ 'users.csv': users }))).toEqual([
      expect.objectContaining({ code: 'missing_column', file: 'users.csv', line: 1, column: 'role' }),
      expect.objectContaining({ code: 'missing_column', file: 'users.csv', line: 1, column: 'familyName' }),
    ]);
  });

  it('a file saved with semicolons between fields, saying so', () => {
    const users = ['sourcedId;orgSourcedIds;role;username;givenName;familyName', 'u1;s1;student;a;A;R'];
    const errors = refusals(oneRoster({ 'users.csv': users }));
    expect(errors[0]).toMatchObject({ code: 'missing_column', file: 'users.csv', line: 1, column: 'sourcedId' });
    expect(errors[0]!.message).toContain('semicolons');
  });

  it('a status, a role, an enabledUser or a session date that cannot be read', () => {
    const users = [
      'sourcedId,status,enabledUser,orgSourcedIds,role,username,givenName,familyName',
      'u1,deleted,TRUE,s1,student,a,A,R',
      'u2,,perhaps,s1,student,b,B,R',
      'u3,,,s1,coach,c,C,R',
    ];
    const sessions = ['sourcedId,title,type,startDate,endDate', 't1,Fall,term,soon,2024-12-20'];
    const errors = refusals(oneRoster({ 'users.csv': users, 'academicSessions.csv': sessions }));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'bad_value', file: 'users.csv', line: 2, column: 'status', value: 'deleted' }),
        expect.objectContaining({
          code: 'bad_value',
          file: 'users.csv',
          line: 3,
          column: 'enabledUser',
          value: 'perhaps',
        }),
        expect.objectContaining({ code: 'bad_value', file: 'users.csv', line: 4, column: 'role', value: 'coach' }),
        expect.objectContaining({
          code: 'bad_value',
          file: 'academicsessions.csv',
          line: 2,
          column: 'startDate',
          value: 'soon',
        }),
      ]),
    );
    expect(errors).toHaveLength(4);
  });

  it('an empty status in a delta file (it must say active or tobedeleted)', () => {
    const manifest = ['propertyName,value', 'oneroster.version,1.1', 'file.users,delta'];
    const users = ['sourcedId,status,orgSourcedIds,role,username,givenName,familyName', 'u1,,s1,student,a,A,R'];
    expect(refusals(oneRoster({ 'manifest.csv': manifest, 'users.csv': users }))).toContainEqual(
      expect.objectContaining({ code: 'bad_value', file: 'users.csv', line: 2, column: 'status' }),
    );
  });

  it('a file the manifest says is sent but is not in the bundle', () => {
    expect(refusals(oneRoster({ 'classes.csv': null }))).toEqual([
      expect.objectContaining({ code: 'missing_file', file: 'classes.csv' }),
    ]);
  });

  it('every problem in every file at once, nothing partial', () => {
    const users = [
      'sourcedId,orgSourcedIds,role,username,givenName,familyName',
      'u1,s1,student,a,A,R',
      'u1,s1,student,a,A,R',
    ];
    const enrollments = ['sourcedId,classSourcedId,userSourcedId', 'e1,c1,u1'];
    const orgs = Buffer.from('sourcedId,name,type\nd1,Lakeview Unifi\xe9d,district\n', 'latin1');
    const parsed = parseRoster(
      oneRoster({ 'users.csv': users, 'enrollments.csv': enrollments, 'orgs.csv': orgs }),
      POLICY,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => [error.code, error.file])).toEqual([
      ['not_utf8', 'orgs.csv'],
      ['duplicate_id', 'users.csv'],
      ['missing_column', 'enrollments.csv'],
    ]);
    expect(parsed).not.toHaveProperty('bundle');
  });

  it('a truncated users.csv is refused, never read as a smaller district', () => {
    const users = 'sourcedId,orgSourcedIds,role,username,givenName,familyName\r\nu1,s1,student,a,A,R\r\nu2,s1,stud';
    expect(refusals(oneRoster({ 'users.csv': users }))).toEqual([
      expect.objectContaining({ code: 'truncated_file', file: 'users.csv', line: 3 }),
    ]);
  });

  it('past a hundred problems of one kind in one file, the rest are counted', () => {
    const users = ['sourcedId,orgSourcedIds,role,username,givenName,familyName'];
    for (let i = 0; i < 150; i++) users.push(`u${i},s1,coach,a,A,R`);
    const errors = refusals(oneRoster({ 'users.csv': users }));
    expect(errors).toHaveLength(101);
    expect(errors[100]!.message).toContain('50 more');
  });
});
