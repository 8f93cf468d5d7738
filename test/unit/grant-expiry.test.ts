// When a grant ends: through the whole last day (server time), by default the last day of the school year
// (GATEHOUSE_SCHOOL_YEAR_ENDS), the next one that is not in the past.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { endOfDay, lastDayOf, schoolYearEnd } from '../../server/grants/grant-expiry';

const at = (year: number, month: number, day: number, hour = 12) => new Date(year, month - 1, day, hour).getTime();

describe('a grant’s last day', () => {
  it('works through the whole day and stops at the first moment of the next', () => {
    const end = endOfDay('2027-06-30')!;
    expect(end).toBe(new Date(2027, 6, 1).getTime());
    expect(lastDayOf(end)).toBe('2027-06-30');
    expect(endOfDay('2027-12-31')).toBe(new Date(2028, 0, 1).getTime());
  });

  it('is no day at all when the calendar has no such day', () => {
    expect(endOfDay('2027-02-29')).toBeUndefined();
    expect(endOfDay('2027-13-01')).toBeUndefined();
    expect(endOfDay('2027-6-30')).toBeUndefined();
    expect(endOfDay('2028-02-29')).toBe(new Date(2028, 2, 1).getTime());
  });
});

describe('the end of the school year', () => {
  it('is this year’s until that day is over, then next year’s', () => {
    expect(schoolYearEnd('06-30', at(2026, 11, 23))).toBe('2027-06-30');
    expect(schoolYearEnd('06-30', at(2027, 3, 1))).toBe('2027-06-30');
    expect(schoolYearEnd('06-30', at(2027, 6, 30, 23))).toBe('2027-06-30');
    expect(schoolYearEnd('06-30', at(2027, 7, 1, 0))).toBe('2028-06-30');
  });

  it('takes a 29 February as the 28th in a year without one', () => {
    expect(schoolYearEnd('02-29', at(2026, 11, 23))).toBe('2027-02-28');
    expect(schoolYearEnd('02-29', at(2027, 3, 1))).toBe('2028-02-29');
  });

  it('comes from GATEHOUSE_SCHOOL_YEAR_ENDS, 06-30 when unset, and a bad value stops start-up naming it', () => {
    expect(loadConfig({}).schoolYearEnds).toBe('06-30');
    expect(loadConfig({ GATEHOUSE_SCHOOL_YEAR_ENDS: '05-31' }).schoolYearEnds).toBe('05-31');
    for (const bad of ['6-30', '13-01', '06-31', 'June 30'])
      expect(() => loadConfig({ GATEHOUSE_SCHOOL_YEAR_ENDS: bad })).toThrow(/GATEHOUSE_SCHOOL_YEAR_ENDS/);
  });
});
