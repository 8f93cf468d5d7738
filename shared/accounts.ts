// What the accounts API takes and answers, shared by the server and the web pages.

/** NIST SP 800-63B: at least 8, up to 128 characters, checked whole (never truncated), paste allowed. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * What a signed-in session must do before it reaches anything else: type the code from the authenticator app,
 * enrol one (staff, first time), or choose a new password (after a temporary one).
 */
export const SIGN_IN_STEPS = ['totp', 'enrol_totp', 'change_password'] as const;
export type SignInStep = (typeof SIGN_IN_STEPS)[number];

/** Why a new password is refused; the page shows the reason (`password_problem.<reason>` in the catalogue). */
export const PASSWORD_PROBLEMS = [
  'too_short',
  'too_long',
  'common',
  'contains_name',
  'contains_username',
  'contains_school',
  'contains_district',
] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/**
 * Recovery questions a person may pick from: none asks for what the school already holds (birth date, student
 * number, school, teacher, address), so nobody with access to the SIS can answer them. Texts are
 * `recovery_question.<id>` in the catalogue.
 */
export const RECOVERY_QUESTIONS = [
  'first_pet',
  'favourite_food',
  'favourite_book',
  'dream_job',
  'favourite_place',
  'childhood_friend',
  'favourite_song',
  'first_toy',
  'favourite_game',
  'superpower',
] as const;
export type RecoveryQuestion = (typeof RECOVERY_QUESTIONS)[number];

/** An answer is at most this long; shorter than 2 characters (after normalising) is refused. */
export const RECOVERY_ANSWER_MAX_LENGTH = 64;

/**
 * How a person gets in, as a helper sees it:
 * `fixed`: a password the district gave (PreK-5), printed on the credentials sheet;
 * `unclaimed`: no password yet, a claim code opens it;
 * `claimed`: they chose their own;
 * `temporary`: a helper reset it, the temporary password works once.
 */
export type AccountStatus = 'fixed' | 'unclaimed' | 'claimed' | 'temporary';

/** A person's account as a helper (teacher, principal, IT) sees it: never a secret but the fixed password. */
export interface AccountState {
  userId: string;
  status: AccountStatus;
  /** May they change their own password (grades 3-5 by default; PreK-2 may not; everyone past that may). */
  mayChangePassword: boolean;
  /** Their grade gets a password from the school (PreK-5 by default): printed on the credentials sheet. */
  getsFixedPassword: boolean;
  /** What a helper's reset would give them now. */
  resetGives: ResetResult['kind'];
  /** `enrolled`: password + code; `not_enrolled`: will be asked to enrol at the next sign-in; `not_needed`: students. */
  secondFactor: 'enrolled' | 'not_enrolled' | 'not_needed';
  /** Whether recovery questions are set (only when the district asks for them). */
  recoverySet: boolean;
  /** When the live claim code or temporary password stops working; null when there is none. */
  codeExpiresAt: number | null;
  passwordChangedAt: number | null;
  /** The last reset by a helper: when, and who (null: IT on the command line). Shown to the person's teacher. */
  lastReset: { at: number; byName: string | null } | null;
}

/** What a helper's reset hands them: a temporary password (works once) or a fresh claim code, or a new fixed password. */
export type ResetResult =
  | { kind: 'temporary_password'; temporaryPassword: string; expiresAt: number }
  | { kind: 'claim_code'; claimCode: string; expiresAt: number }
  | { kind: 'fixed_password'; password: string };

/** The answer to a sign-in (password, claim, recovery): `next` names the step the session must take first. */
export interface SignedInAnswer {
  user: { id: string; username: string; displayName: string; role: string; grade: number | null };
  next?: SignInStep;
  /** Whether the person may change their own password here (not the youngest grades, not a badge session). */
  mayChangePassword: boolean;
}

/** Starting enrolment: what the authenticator app needs. The key is shown once, to its owner. */
export interface TotpEnrolment {
  /** `otpauth://totp/…` for the QR. */
  uri: string;
  /** The same key as base32 text, for typing into the app. */
  secret: string;
  /** A PNG data URL of the QR, drawn on the server so the page needs no QR library. */
  qr: string;
}

/**
 * What the recovery page shows for a username: the questions to answer, and whether to offer a field for an
 * authenticator code. That is the district's (staff use an app), the same for every name: which accounts have an
 * app is not told to someone who has not answered yet. The code is needed only by those who have one.
 */
export interface RecoveryChallenge {
  questions: RecoveryQuestion[];
  asksForCode: boolean;
}

/** A class or campus on the sign-ins page. */
export interface AccountGroup {
  kind: 'class' | 'campus';
  id: string;
  title: string;
  campusName: string;
  studentCount: number;
}

export interface AccountGroupsResponse {
  groups: AccountGroup[];
  /** IT and district admins may reset a staff member's authenticator app. */
  mayResetSecondFactor: boolean;
}

/** A student as the sign-ins page lists them. */
export interface AccountStudent {
  id: string;
  username: string;
  displayName: string;
  grade: number | null;
  classTitle: string | null;
  account: AccountState;
}

export interface AccountGroupResponse {
  group: AccountGroup;
  students: AccountStudent[];
  /** Whether this viewer may reset these students' passwords (teachers only where the district allows it). */
  mayReset: boolean;
}
