import { localDate } from '../directory/directory';

// When a grant ends. A day is the server's (TZ) calendar day; a grant "until 2027-06-30" works through that whole
// day and stops at the first moment of the next, which is the `expiresAt` stored.

/** The first moment after the day `YYYY-MM-DD` (server time); undefined when it is no day of the calendar. */
export function endOfDay(day: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(year, month - 1, date);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== date) return undefined;
  return new Date(year, month - 1, date + 1).getTime();
}

/** The last day a grant ending at `expiresAt` works, `YYYY-MM-DD`. */
export const lastDayOf = (expiresAt: number) => localDate(expiresAt - 1);

/**
 * The end of the current school year, `YYYY-MM-DD`: the next `MM-DD` (GATEHOUSE_SCHOOL_YEAR_ENDS) that is not in
 * the past. A 29 February in a year without one is the 28th.
 */
export function schoolYearEnd(monthDay: string, now: number): string {
  const today = localDate(now);
  const thisYear = Number(today.slice(0, 4));
  const inYear = (year: number) => {
    const [month, day] = monthDay.split('-').map(Number) as [number, number];
    const lastOfMonth = new Date(year, month, 0).getDate();
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastOfMonth)).padStart(2, '0')}`;
  };
  return inYear(thisYear) >= today ? inYear(thisYear) : inYear(thisYear + 1);
}
