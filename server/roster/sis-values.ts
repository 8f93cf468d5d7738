import type { RowStatus } from './roster-bundle';

// The values SIS exports write, read into the bundle's: statuses, booleans, grades, dates, lists. Pure;
// each returns undefined for a value it cannot read, and the caller decides whether that refuses the bundle.

/** `''` (bulk files leave it empty), `active`, `tobedeleted`, any case; OneRoster 1.0's `inactive` deactivates too. */
export function readStatus(raw: string): RowStatus | undefined {
  const value = raw.toLowerCase();
  if (value === '' || value === 'active') return 'active';
  if (value === 'tobedeleted' || value === 'inactive') return 'tobedeleted';
  return undefined;
}

/** OneRoster `enabledUser`: empty means enabled. */
export function readEnabled(raw: string): boolean | undefined {
  const value = raw.toLowerCase();
  if (value === '' || value === 'true' || value === 'yes' || value === '1') return true;
  if (value === 'false' || value === 'no' || value === '0') return false;
  return undefined;
}

const TRUTHY = new Set(['true', 't', 'y', 'yes', '1', 'x']);

/** A flag column's value: TRUE/true/Y/yes/1/x set the flag; anything else (empty, N, false, 0) does not. */
export const isTruthy = (raw: string) => TRUTHY.has(raw.toLowerCase());

// CEDS grade levels (OneRoster) and Clever's spelled-out names. Infants, preschool, PreK and transitional K
// all count as PreK (-1) for access rules; postsecondary, ungraded and "Other" say nothing about a grade.
const GRADE_WORDS: Record<string, number> = {
  it: -1,
  pr: -1,
  pk: -1,
  tk: -1,
  infanttoddler: -1,
  preschool: -1,
  prekindergarten: -1,
  'pre-k': -1,
  prek: -1,
  transitionalkindergarten: -1,
  kg: 0,
  k: 0,
  kindergarten: 0,
};

/** One grade: -1 = PreK, 0 = K, 1..12; undefined when it is none of these (`UG`, `Other`, `13`, `PS`). */
function readOneGrade(raw: string): number | undefined {
  const value = raw.trim().toLowerCase();
  if (value in GRADE_WORDS) return GRADE_WORDS[value];
  if (!/^\d{1,2}$/.test(value)) return undefined;
  const grade = Number(value);
  return grade <= 12 ? grade : undefined;
}

/**
 * A grades cell: one grade or a list (`"09,10,11"`), read as its lowest grade. `known` is false when the cell
 * is not empty yet holds no grade Gatehouse knows (the caller warns, and the grade is left empty).
 */
export function readGrades(raw: string): { grade: number | null; known: boolean } {
  if (raw === '') return { grade: null, known: true };
  let lowest: number | undefined;
  for (const part of raw.split(/[,;|]/)) {
    const grade = readOneGrade(part);
    if (grade !== undefined && (lowest === undefined || grade < lowest)) lowest = grade;
  }
  return lowest === undefined ? { grade: null, known: false } : { grade: lowest, known: true };
}

/** How a file writes `1/9/2022`: month first (US SIS, the default) or day first (seen in OneRoster samples). */
export type SlashOrder = 'month-first' | 'day-first';

const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;

/** Day first when any of the file's slash dates can only be read that way (`24/12/2022`), else month first. */
export function slashOrderOf(values: Iterable<string>): SlashOrder {
  for (const value of values) {
    const match = SLASH_DATE.exec(value.trim());
    if (match && Number(match[1]) > 12 && Number(match[2]) <= 12) return 'day-first';
  }
  return 'month-first';
}

/**
 * A date as `YYYY-MM-DD`: `2023-05-01`, `2023-05-01T18:25:43.511Z`, `2017-05-06 08:01:05`, `2023/05/01`,
 * `20230501`, `5/1/2023` or `05/01/23` (in the file's slash order). The time, if any, is dropped: sessions are
 * whole days in the district's own calendar.
 */
export function readDate(raw: string, order: SlashOrder = 'month-first'): string | undefined {
  const value = raw.trim();
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T ])/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const slash = SLASH_DATE.exec(value);
  if (!slash) return undefined;
  const [first, second] = [Number(slash[1]), Number(slash[2])];
  const year = slash[3]!.length === 2 ? 2000 + Number(slash[3]) : Number(slash[3]);
  return order === 'day-first' ? isoDate(year, second, first) : isoDate(year, first, second);
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A comma-separated list of ids, trimmed, without empty items. */
export function readList(raw: string): string[] {
  if (raw === '') return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** An email as kept: trimmed, or null when empty. */
export const readEmail = (raw: string) => (raw === '' ? null : raw);
