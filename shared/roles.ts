/** Roles as Gatehouse uses them; OneRoster's `administrator` maps to principal or district_admin. */
export const ROLES = ['student', 'teacher', 'staff', 'principal', 'it', 'district_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Grades as stored: -1 = PreK, 0 = K, 1..12. */
export const GRADE_MIN = -1;
export const GRADE_MAX = 12;

export function gradeLabel(grade: number): string {
  if (grade === -1) return 'PK';
  if (grade === 0) return 'K';
  return String(grade);
}
