import type { AuditLog } from '../audit/audit-log';
import { displayName, type Directory, type Person, type StudentInClass } from '../directory/directory';
import { peopleFor, type HelpTarget } from '../directory/helper-scope';
import { AppError } from '../errors';
import type { Locale } from '../../shared/i18n';
import { getsFixedPassword, type AccountPolicy } from './account-policy';
import type { AccountService } from './account-service';
import { renderClaimLetters, renderCredentialsSheet } from './account-sheets';

// Printing a credentials sheet or claim letters for a class, a campus or one person, as the helpers' page and the
// command line both do: who is on it, the PDF, and the audit row(s).

export interface PrintAccountsDeps {
  accounts: AccountService;
  directory: Directory;
  audit: AuditLog;
  policy: AccountPolicy;
  publicUrl: string;
}

export interface PrintRequest {
  language: Locale;
  /** Who prints: null for the command line. */
  actorId: string | null;
  ip: string | null;
  /**
   * Gets the finished PDF before anything is saved (the CLI writes its file here): when it throws, no claim code
   * changes.
   */
  deliver?: (pdf: Uint8Array) => void | Promise<void>;
}

export interface Printed {
  pdf: Uint8Array;
  printed: number;
  title: string;
}

/** The sign-in cards of the students the school gives a password; 422 `no_credentials_to_print` when there are none. */
export async function printCredentials(
  deps: PrintAccountsDeps,
  target: HelpTarget,
  request: PrintRequest,
): Promise<Printed> {
  const { students, title } = await peopleFor(deps.directory, target);
  const young = students.filter((student) => student.status === 'active' && getsFixedPassword(student, deps.policy));
  if (!young.length)
    throw new AppError('no_credentials_to_print', 422, 'No student here has a password from the school to print.');
  const passwords = await deps.accounts.fixedPasswordsFor(young);
  const rows = young.map((student) => ({
    ...printedName(student),
    password: passwords.get(student.id) ?? null,
  }));
  const pdf = await renderCredentialsSheet(rows, { portalUrl: deps.publicUrl, language: request.language, title });
  await request.deliver?.(pdf);
  await deps.audit.record({
    action: 'account.credentials_printed',
    outcome: 'success',
    actorUserId: request.actorId,
    subjectUserId: 'userId' in target ? target.userId : undefined,
    ip: request.ip,
    detail: { ...target, printed: rows.length, ...(request.actorId === null ? { via: 'cli' } : {}) },
  });
  return { pdf, printed: rows.length, title };
}

/**
 * A claim letter for each person here who claims their account (not the grades the school gives a password),
 * only those who have not claimed yet when asked. Each gets a new code; their old one stops.
 * 422 `no_claim_letters` when nobody needs one.
 */
export async function printClaimLetters(
  deps: PrintAccountsDeps,
  target: HelpTarget,
  request: PrintRequest & LetterRights,
): Promise<Printed> {
  const { students, title } = await peopleFor(deps.directory, target);
  const needing = await whoNeedsClaimLetters(deps, students, request);
  if (!needing.length)
    throw new AppError(
      'no_claim_letters',
      422,
      'Nobody here needs a claim letter: everyone has claimed their account.',
    );
  const pdf = await deps.accounts.issueClaimCodes(needing, request.actorId, request.ip, async (issued) => {
    const byId = new Map(needing.map((student) => [student.id, student]));
    const letters = issued.map(({ person, code, expiresAt }) => ({
      ...printedName(byId.get(person.id)!),
      claimCode: code,
      expiresAt,
    }));
    const rendered = await renderClaimLetters(letters, {
      portalUrl: deps.publicUrl,
      language: request.language,
      title,
    });
    await request.deliver?.(rendered);
    return rendered;
  });
  return { pdf, printed: needing.length, title };
}

const printedName = (student: StudentInClass) => ({
  displayName: displayName(student),
  username: student.username,
  classTitle: student.classTitle,
  campusName: student.campusName,
});

/** Who a helper may give a claim letter: a new code on a claimed account is a reset, and needs a reset's rights. */
export interface LetterRights {
  /** Only people who have not claimed their account yet. */
  onlyUnclaimed: boolean;
  /** Whom the printer may give a letter at all (a principal: students, not her staff); everyone when absent. */
  mayPrintFor?: (person: Person) => boolean;
  /** Whom the printer may give a new code although they have claimed (it takes over their account); everyone when absent. */
  mayReissue?: (person: Person) => boolean | Promise<boolean>;
}

async function whoNeedsClaimLetters(
  { accounts, policy }: PrintAccountsDeps,
  people: readonly StudentInClass[],
  { onlyUnclaimed, mayPrintFor = () => true, mayReissue = () => true }: LetterRights,
) {
  const claimers = people.filter(
    (person) => person.status === 'active' && !getsFixedPassword(person, policy) && mayPrintFor(person),
  );
  const states = await accounts.statesFor(claimers);
  const chosen: StudentInClass[] = [];
  for (const person of claimers) {
    if (states.get(person.id)?.status === 'unclaimed' || (!onlyUnclaimed && (await mayReissue(person))))
      chosen.push(person);
  }
  return chosen;
}
