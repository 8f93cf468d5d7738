import type { AuditLog } from '../audit/audit-log';
import { displayName, localDate, type Directory, type StudentInClass } from '../directory/directory';
import { AppError } from '../errors';
import type { BadgeLayout } from '../../shared/badges';
import { peopleFor, type HelpTarget } from '../directory/helper-scope';
import type { BadgeService, IssuedBadge } from './badge-service';
import { renderBadgeSheet } from './badge-sheet';

export type PrintTarget = HelpTarget;

export interface PrintOptions {
  layout: BadgeLayout;
  onlyMissing: boolean;
  /** `YYYY-MM-DD`: the badges work until the end of that day, in the server's time zone. */
  expiresOn: string | null;
  actorId: string | null;
  ip?: string;
  language: 'en' | 'es';
  /** Hands the sheet over (the CLI writes its file) before any badge changes: if it cannot, nothing does. */
  deliver?: (pdf: Uint8Array) => Promise<void> | void;
}

export interface BadgePrintDeps {
  badges: BadgeService;
  directory: Directory;
  audit: AuditLog;
  now: () => number;
}

interface Listing {
  students: StudentInClass[];
  title: string;
}

/**
 * Makes new badges for the eligible students of a class, a campus or one person, and the PDF to print them;
 * their old badges stop working once the sheet exists. Audited as `badge.printed` (how many, for what) in the
 * same unit of work.
 */
export async function printBadgeSheet(deps: BadgePrintDeps, target: PrintTarget, options: PrintOptions) {
  const expiresAt = options.expiresOn === null ? null : endOfDay(options.expiresOn, deps.now());
  const { students, title } = await listStudents(deps, target);
  let pdf: Uint8Array | undefined;
  const issued = await deps.badges.issue(
    students,
    {
      actorId: options.actorId,
      expiresAt,
      onlyMissing: options.onlyMissing,
      onSaved: (printed, tx) =>
        deps.audit.record(
          {
            action: 'badge.printed',
            outcome: 'success',
            actorUserId: options.actorId ?? undefined,
            subjectUserId: 'userId' in target ? target.userId : undefined,
            ip: options.ip,
            detail: { ...target, printed, layout: options.layout, expiresOn: options.expiresOn },
          },
          tx,
        ),
    },
    async (badges) => {
      pdf = await renderSheet(badges, title, options);
      await options.deliver?.(pdf);
    },
  );
  if (!issued.length || !pdf) {
    throw new AppError('no_badges_to_print', 422, 'No student here needs a badge: none is eligible, or all have one.');
  }
  return { pdf, printed: issued.length, title };
}

function renderSheet(badges: IssuedBadge[], title: string, options: PrintOptions) {
  const printable = badges.map(({ student, text, picture, expiresAt }) => ({
    displayName: displayName(student),
    givenName: student.givenName,
    classTitle: student.classTitle,
    campusName: student.campusName,
    text,
    picture,
    expiresOn: expiresAt === null ? null : localDate(expiresAt - 1),
  }));
  return renderBadgeSheet(printable, options.layout, { title, language: options.language });
}

async function listStudents({ directory, badges }: BadgePrintDeps, target: PrintTarget): Promise<Listing> {
  const listing = await peopleFor(directory, target);
  const [person] = listing.students;
  if ('userId' in target && person && !badges.isEligible(person)) {
    throw new AppError('not_eligible', 422, `${displayName(person)} cannot have a badge (district policy).`);
  }
  return listing;
}

/** The first moment after the given day ends, in the server's time zone; the day must not have passed. */
export function endOfDay(day: string, now: number): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
  if (!date || localDate(date.getTime()) !== day) {
    throw new AppError('expiry_not_a_date', 400, `expiresOn: "${day}" is not a date written YYYY-MM-DD`);
  }
  if (day < localDate(now)) throw new AppError('expiry_passed', 400, `expiresOn: ${day} has already passed`);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
}
