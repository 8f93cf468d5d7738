// Clever's SFTP CSV files read into the same bundle as OneRoster: the same district, the same people.
import { describe, expect, it } from 'vitest';
import { CLEVER_DISTRICT_ID } from '../../server/roster/clever';
import { readRosterPath } from '../../server/roster/read-files';
import type { RosterBundle } from '../../server/roster/roster-bundle';
import { POLICY, readBundle, refusals, rosterFiles, rosterFixture } from '../helpers/roster-files';

const policy = { ...POLICY, flagColumns: { sped: ['metadata.sped', 'IEP_status'] } };
const clever = async () => readBundle(await readRosterPath(rosterFixture('lakeview-clever')), policy);
const oneRosterDistrict = async () => readBundle(await readRosterPath(rosterFixture('lakeview-oneroster')), policy);

const CLEVER_FILES = {
  'schools.csv': ['School_id,School_name', 'sch1,Lakeview Elementary'],
  'students.csv': ['School_id,Student_id,First_name,Last_name,Grade', 'sch1,st1,Ana,Ruiz,3'],
  'teachers.csv': ['School_id,Teacher_id,First_name,Last_name', 'sch1,te1,Fay,Grant'],
  'sections.csv': ['School_id,Section_id,Teacher_id,Name', 'sch1,sec1,te1,Reading 3'],
  'enrollments.csv': ['School_id,Section_id,Student_id', 'sch1,sec1,st1'],
};

describe('Clever CSV', () => {
  it('reads into the same shape as OneRoster, the same people alike', async () => {
    const [fromClever, fromOneRoster] = [await clever(), await oneRosterDistrict()];
    expect(fromClever.format).toBe('clever');
    const kinds = ['orgs', 'people', 'sessions', 'classes', 'enrollments'] as const;
    for (const kind of kinds) {
      const shapes = (bundle: RosterBundle) =>
        new Set(bundle[kind].rows.map((row) => Object.keys(withoutOrigin(row)).sort().join()));
      expect(shapes(fromClever)).toEqual(shapes(fromOneRoster));
      expect(fromClever[kind].mode).toBe('bulk');
    }
    const person = (bundle: RosterBundle, id: string) =>
      withoutOrigin(bundle.people.rows.find((row) => row.sourcedId === id)!);
    for (const id of ['u-stu-1', 'u-stu-2', 'u-stu-4', 'u-tch-1', 'u-aide-1']) {
      expect(person(fromClever, id)).toEqual(person(fromOneRoster, id));
    }
  });

  it('makes the district from the configured name, with a fixed id, and hangs every school under it', async () => {
    const bundle = await clever();
    expect(withoutOrigin(bundle.orgs.rows[0]!)).toEqual({
      sourcedId: CLEVER_DISTRICT_ID,
      name: 'Lakeview Unified',
      type: 'district',
      parentSourcedId: null,
      gradeLow: null,
      gradeHigh: null,
      status: 'active',
    });
    expect(
      bundle.orgs.rows.slice(1).map((org) => [org.sourcedId, org.parentSourcedId, org.gradeLow, org.gradeHigh]),
    ).toEqual([
      ['lv-es', CLEVER_DISTRICT_ID, -1, 5],
      ['lv-hs', CLEVER_DISTRICT_ID, 9, 12],
    ]);
  });

  it('makes one person of a teacher listed once per school, and reads staff and admins as staff', async () => {
    const bundle = await clever();
    const person = (id: string) => bundle.people.rows.find((row) => row.sourcedId === id)!;
    expect(person('u-tch-2')).toMatchObject({ role: 'teacher', orgSourcedIds: ['lv-es', 'lv-hs'] });
    expect(person('u-adm-1')).toMatchObject({ role: 'staff', email: 'gil.hart@lakeview.example' });
    expect(person('u-aide-1')).toMatchObject({ role: 'staff', orgSourcedIds: ['lv-es', 'lv-hs'] });
  });

  it("makes sections' teachers (Teacher_id, Teacher_2_id…) teacher enrolments, and terms from the term columns", async () => {
    const bundle = await clever();
    const teaching = bundle.enrollments.rows.filter((row) => row.role === 'teacher');
    expect(teaching.map((row) => [row.classSourcedId, row.userSourcedId])).toEqual([
      ['cls-k-am', 'u-tch-2'],
      ['cls-k-am', 'u-aide-1'],
      ['cls-bio-1', 'u-tch-1'],
      ['cls-music', 'u-tch-2'],
    ]);
    expect(bundle.sessions.rows.map((row) => [row.title, row.startDate, row.endDate])).toEqual([
      ['Full Year', '2024-08-26', '2025-06-13'],
      ['Fall 2024', '2024-08-26', '2024-12-20'],
    ]);
    const fall = bundle.sessions.rows[1]!.sourcedId;
    expect(bundle.classes.rows.map((row) => [row.sourcedId, row.title, row.grade, row.termSourcedIds])).toEqual([
      ['cls-k-am', 'Kindergarten AM', 0, [bundle.sessions.rows[0]!.sourcedId]],
      ['cls-bio-1', 'Biology 1', 9, [fall]],
      ['cls-music', 'Music', 10, [fall]],
    ]);
  });

  it('reads a repeated enrolment once', async () => {
    const bundle = await clever();
    const bio = bundle.enrollments.rows.filter((row) => row.classSourcedId === 'cls-bio-1' && row.role === 'student');
    expect(bio).toHaveLength(1);
  });

  it('never keeps birth dates, contacts, phone numbers, addresses or passwords', async () => {
    const json = JSON.stringify(await clever());
    for (const secret of [
      '03/14/2018',
      '2018-03-14',
      'Paloma',
      'Quentin',
      '555-01',
      'hunter2',
      'Elm St',
      'home.example',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('reads a minimal set, column names in any case', () => {
    const files = {
      ...CLEVER_FILES,
      'students.csv': ['school_id,STUDENT_ID,first_name,last_name,grade', 'sch1,st1,Ana,Ruiz,03'],
    };
    const bundle = readBundle(rosterFiles(files));
    expect(bundle.people.rows[0]).toMatchObject({ sourcedId: 'st1', grade: 3, orgSourcedIds: ['sch1'] });
  });

  it('refuses a missing file, a missing column, a duplicate id, and a student id used by a teacher', () => {
    const withoutSections = Object.fromEntries(
      Object.entries(CLEVER_FILES).filter(([file]) => file !== 'sections.csv'),
    );
    expect(refusals(rosterFiles(withoutSections))).toEqual([
      expect.objectContaining({ code: 'missing_file', file: 'sections.csv' }),
    ]);
    expect(
      refusals(rosterFiles({ ...CLEVER_FILES, 'teachers.csv': ['School_id,Teacher_id,First_name', 'sch1,te1,Fay'] })),
    ).toEqual([
      expect.objectContaining({ code: 'missing_column', file: 'teachers.csv', line: 1, column: 'Last_name' }),
    ]);
    const twice = ['School_id,Student_id,First_name,Last_name', 'sch1,st1,Ana,Ruiz', 'sch1,st1,Ana,Ruiz'];
    expect(refusals(rosterFiles({ ...CLEVER_FILES, 'students.csv': twice }))).toEqual([
      expect.objectContaining({
        code: 'duplicate_id',
        file: 'students.csv',
        line: 3,
        column: 'Student_id',
        value: 'st1',
      }),
    ]);
    const clash = ['School_id,Teacher_id,First_name,Last_name', 'sch1,st1,Fay,Grant'];
    expect(refusals(rosterFiles({ ...CLEVER_FILES, 'teachers.csv': clash }))).toEqual([
      expect.objectContaining({
        code: 'duplicate_id',
        file: 'teachers.csv',
        line: 2,
        column: 'Teacher_id',
        value: 'st1',
      }),
    ]);
  });

  it('refuses a term date that cannot be read, naming the line and column', () => {
    const sections = [
      'School_id,Section_id,Teacher_id,Term_name,Term_start,Term_end',
      'sch1,sec1,te1,Fall,08/26/2024,someday',
    ];
    expect(refusals(rosterFiles({ ...CLEVER_FILES, 'sections.csv': sections }))).toEqual([
      expect.objectContaining({
        code: 'bad_value',
        file: 'sections.csv',
        line: 2,
        column: 'Term_end',
        value: 'someday',
      }),
    ]);
  });

  it('says once that a term without dates gives its sections no term', () => {
    const sections = ['School_id,Section_id,Teacher_id,Term_name', 'sch1,sec1,te1,Fall', 'sch1,sec2,te1,Fall'];
    const bundle = readBundle(rosterFiles({ ...CLEVER_FILES, 'sections.csv': sections }));
    expect(bundle.classes.rows.map((row) => row.termSourcedIds)).toEqual([[], []]);
    expect(bundle.sessions.rows).toEqual([]);
    expect(bundle.warnings.filter((warning) => warning.file === 'sections.csv')).toHaveLength(1);
  });
});

/** A row without where it was read (its file and line differ between formats). */
function withoutOrigin<T extends { line?: number; file?: string }>({ line: _line, file: _file, ...row }: T) {
  return row;
}
