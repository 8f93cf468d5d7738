import { describe, expect, it } from 'vitest';
import { CAMPUS, DEMO_ACCOUNTS, generateLakeside } from '../../server/demo/lakeside';

describe('Lakeside ISD demo district', () => {
  const district = generateLakeside();

  it('is the same on every run', () => {
    expect(generateLakeside()).toEqual(district);
  });

  it('has three campuses, about 600 students in every grade PreK-12 and about 40 staff', () => {
    expect(district.orgs.filter((o) => o.type === 'school').map((o) => [o.gradeLow, o.gradeHigh])).toEqual([
      [-1, 5],
      [6, 8],
      [9, 12],
    ]);
    const students = district.users.filter((u) => u.role === 'student');
    expect(students.length).toBeGreaterThanOrEqual(550);
    expect(students.length).toBeLessThanOrEqual(650);
    expect(new Set(students.map((s) => s.grade))).toEqual(new Set([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    expect(students.some((s) => s.sisFlags.includes('sped'))).toBe(true);
    const staff = district.users.filter((u) => u.role !== 'student');
    expect(staff.length).toBeGreaterThanOrEqual(35);
    expect(staff.length).toBeLessThanOrEqual(45);
    for (const role of ['principal', 'it', 'district_admin'] as const)
      expect(staff.some((u) => u.role === role)).toBe(true);
    expect(
      district.users
        .filter((u) => u.role === 'principal')
        .map((u) => u.orgIds[0])
        .sort(),
    ).toEqual([CAMPUS.elementary, CAMPUS.high, CAMPUS.middle].sort());
  });

  it('has unique usernames and every demo account', () => {
    const usernames = district.users.map((u) => u.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const account of DEMO_ACCOUNTS) expect(usernames).toContain(account.username);
  });

  it('gives teachers with sections enrolled students, and leaves some teachers without a schedule', () => {
    const teachers = district.users.filter((u) => u.role === 'teacher');
    const teaching = new Set(district.enrollments.filter((e) => e.role === 'teacher').map((e) => e.userId));
    expect(teachers.filter((t) => teaching.has(t.id)).length).toBeGreaterThan(15);
    expect(teachers.filter((t) => !teaching.has(t.id)).length).toBeGreaterThan(2);
    const demoTeacher = district.users.find((u) => u.username === 'demo.teacher')!;
    const noSchedule = district.users.find((u) => u.username === 'demo.teacher.noschedule')!;
    expect(teaching.has(demoTeacher.id)).toBe(true);
    expect(teaching.has(noSchedule.id)).toBe(false);
    expect(demoTeacher.email && noSchedule.email).toBeTruthy();
  });

  it('has eight apps and seven practice apps, each with at least one access rule', () => {
    expect(district.apps.length).toBe(15);
    for (const app of district.apps)
      expect(
        district.rules.some((r) => r.appId === app.id),
        app.slug,
      ).toBe(true);
  });
});
