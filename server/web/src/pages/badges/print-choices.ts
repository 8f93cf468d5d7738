import type { Locale } from '../../../../../shared/i18n';
import type { BadgeGroup, BadgeLayout, BadgePrintRequest } from '../../../../../shared/badges';

/** How a sheet is printed: chosen once on the group page, used by the class button and each student's. */
export interface PrintChoices {
  layout: BadgeLayout;
  onlyMissing: boolean;
  expiry: 'none' | 'term' | 'date';
  /** `YYYY-MM-DD`, for `expiry: 'date'`. */
  date: string;
}

export function defaultChoices(group: BadgeGroup): PrintChoices {
  return { layout: 'labels', onlyMissing: false, expiry: group.termEndsOn ? 'term' : 'none', date: '' };
}

/** The day the badges stop working, or null; undefined when a date is asked for and none is given. */
export function expiresOn(choices: PrintChoices, group: BadgeGroup): string | null | undefined {
  if (choices.expiry === 'none') return null;
  if (choices.expiry === 'term') return group.termEndsOn;
  return /^\d{4}-\d{2}-\d{2}$/.test(choices.date) ? choices.date : undefined;
}

export type PrintTarget = { classId: string } | { campusId: string } | { userId: string };

export function groupTarget(group: BadgeGroup): PrintTarget {
  return group.kind === 'class' ? { classId: group.id } : { campusId: group.id };
}

/** The sheet's few printed words come in the language the page is in. */
export function printRequest(
  target: PrintTarget,
  choices: PrintChoices,
  expires: string | null,
  language: Locale,
): BadgePrintRequest {
  // One student's new badge replaces theirs whatever its state: "only missing" is for whole sheets.
  const onlyMissing = 'userId' in target ? false : choices.onlyMissing;
  return { ...target, layout: choices.layout, onlyMissing, expiresOn: expires, language };
}

/** A file name that says what is inside, safe on every system. */
export function sheetFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase();
  return `badges-${slug || 'sheet'}.pdf`;
}
