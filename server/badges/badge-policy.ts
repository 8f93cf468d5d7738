import type { Person } from '../directory/directory';
import { GRADE_MAX, GRADE_MIN } from '../../shared/roles';

/** Who the district gives badges to. Staff never get one, whatever the policy says. */
export interface BadgePolicy {
  /** Students in this grade range get one (-1 = PreK, 0 = K); null: no grade does. */
  grades: { low: number; high: number } | null;
  /** Students with any of these SIS flags get one, in any grade (default `sped`). */
  flags: string[];
  /** Students in this grade range pick their two pictures after the scan; null: nobody does (the default). */
  pictureGrades: { low: number; high: number } | null;
}

export const DEFAULT_BADGE_POLICY: BadgePolicy = {
  grades: { low: GRADE_MIN, high: 5 },
  flags: ['sped'],
  pictureGrades: null,
};

const inRange = (grade: number | null, range: { low: number; high: number } | null) =>
  range !== null && grade !== null && grade >= range.low && grade <= range.high;

/** Whether this person may have, print and use a badge today. Checked at every badge sign-in and request. */
export function isBadgeEligible(
  person: Pick<Person, 'role' | 'grade' | 'sisFlags' | 'status'>,
  policy: BadgePolicy,
): boolean {
  if (person.role !== 'student' || person.status !== 'active') return false;
  return inRange(person.grade, policy.grades) || person.sisFlags.some((flag) => policy.flags.includes(flag));
}

/** Whether this person's badge sign-in asks for their two pictures too. */
export const asksForPictures = (person: Pick<Person, 'grade'>, policy: BadgePolicy) =>
  inRange(person.grade, policy.pictureGrades);

const GRADE_WORDS: Record<string, number> = { PK: -1, K: 0, KG: 0 };

/** `PK-5`, `K-2`, `3`, `none` → a grade range (GATEHOUSE_BADGE_GRADES, …_PICTURE_GRADES); throws naming what is wrong. */
export function parseGradeRange(text: string): BadgePolicy['grades'] {
  const value = text.trim().toUpperCase();
  if (value === 'NONE' || value === '') return null;
  const grade = (word: string) => {
    const n = GRADE_WORDS[word] ?? (/^\d{1,2}$/.test(word) ? Number(word) : NaN);
    if (!(n >= GRADE_MIN && n <= GRADE_MAX)) throw new Error(`"${word}" is not a grade (PK, K, 1 … 12)`);
    return n;
  };
  const [low, high = low] = value.split('-').map((part) => part.trim()) as [string, string?];
  const range = { low: grade(low), high: grade(high) };
  if (range.low > range.high) throw new Error(`"${text}" runs backwards; write the lower grade first`);
  return range;
}
