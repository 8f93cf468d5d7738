// Who gets a QR badge, as a district writes it in the environment, and what a wrong value says.
import { describe, expect, it } from 'vitest';
import { asksForPictures, isBadgeEligible, type BadgePolicy } from '../../server/badges/badge-policy';
import { loadConfig } from '../../server/config';

const student = (grade: number | null, sisFlags: string[] = []) =>
  ({ role: 'student', grade, sisFlags, status: 'active' }) as const;

describe('the badge policy', () => {
  it('by default gives PreK-5 students a badge, and older students flagged sped; never staff', () => {
    const { badges } = loadConfig({});
    expect([-1, 0, 5].map((grade) => isBadgeEligible(student(grade), badges))).toEqual([true, true, true]);
    expect(isBadgeEligible(student(6), badges)).toBe(false);
    expect(isBadgeEligible(student(8, ['sped']), badges)).toBe(true);
    expect(isBadgeEligible({ ...student(null, ['sped']), role: 'teacher' }, badges)).toBe(false);
    expect(isBadgeEligible({ ...student(2), status: 'disabled' }, badges)).toBe(false);
    expect(asksForPictures(student(0), badges)).toBe(false);
  });

  it('reads grade ranges, flags and the picture step from the environment', () => {
    const { badges } = loadConfig({
      GATEHOUSE_BADGE_GRADES: 'K-2',
      GATEHOUSE_BADGE_FLAGS: ' SpEd , ell',
      GATEHOUSE_BADGE_PICTURE_GRADES: 'pk-k',
    });
    expect(badges).toEqual<BadgePolicy>({
      grades: { low: 0, high: 2 },
      flags: ['sped', 'ell'],
      pictureGrades: { low: -1, high: 0 },
    });
    expect(isBadgeEligible(student(-1), badges)).toBe(false);
    expect(isBadgeEligible(student(10, ['ell']), badges)).toBe(true);
    expect(loadConfig({ GATEHOUSE_BADGE_GRADES: 'none', GATEHOUSE_BADGE_FLAGS: '' }).badges).toMatchObject({
      grades: null,
      flags: [],
    });
  });

  it('names what is wrong with a bad value', () => {
    expect(() => loadConfig({ GATEHOUSE_BADGE_GRADES: '5-K' })).toThrow(/GATEHOUSE_BADGE_GRADES: "5-K" runs backwards/);
    expect(() => loadConfig({ GATEHOUSE_BADGE_GRADES: 'K-13' })).toThrow(/"13" is not a grade/);
    expect(() => loadConfig({ GATEHOUSE_BADGE_FLAGS: 'sped;ell' })).toThrow(/GATEHOUSE_BADGE_FLAGS: must be SIS flags/);
  });
});
