import { z } from 'zod';
import type { AccountState } from './accounts';
import type { BadgeState } from './badges';
import type { Right } from './rights';

// The API of the people pages, "Why can't … get in?" and a teacher's home. Times are epoch milliseconds.
// `GET /api/people/:id` and `…/troubleshoot` take `?lang=en|es` (else the Accept-Language header): the access
// rules' words (`PersonApp.why`) are written on the server in that language.

/** What a helper may do here, for this person, now (the server checks each again when it is done). */
export const PERSON_ACTIONS = [
  'print_badge',
  'void_badge',
  'print_credentials',
  'print_claim_letter',
  'reset_password',
  'reset_second_factor',
  'release_throttle',
  'confirm_credential',
] as const;
export type PersonAction = (typeof PERSON_ACTIONS)[number];

export interface PersonHeader {
  id: string;
  username: string;
  displayName: string;
  role: string;
  grade: number | null;
  status: 'active' | 'disabled';
  campuses: string[];
  /** Titles of their current classes. */
  classes: string[];
}

/** One sign-in attempt from the audit log, as a helper reads it. */
export interface SignInEvent {
  at: number;
  method: 'password' | 'badge' | 'totp' | 'other';
  outcome: 'success' | 'failure';
  /** The audit's reason for a failure, e.g. `bad_password`, `throttled`, `badge_voided`. */
  reason: string | null;
}

/** A throttle that holds this person's sign-ins back now. */
export interface HeldThrottle {
  kind: 'password' | 'claim_code' | 'recovery' | 'totp' | 'badge_pictures';
  /** When it lets the next try through. */
  until: number;
}

/** One app on a person's page: whether they have it and why, and (vault apps) the stored sign-in's state. */
export interface PersonApp {
  app: { id: string; name: string; signInKind: 'link' | 'sso' | 'vault' };
  granted: boolean;
  /** The explain-access words: which rule grants it, or which condition fails. */
  why: string;
  vault: null | {
    state: 'stored' | 'none' | 'held';
    /** For `held`: what the site said, and when. */
    heldReason: string | null;
    heldAt: number | null;
  };
}

/** `GET /api/people/:id`. */
export interface PersonPageResponse {
  person: PersonHeader;
  account: AccountState;
  /** Null for people who get no badge. */
  badge: BadgeState | null;
  signIns: SignInEvent[];
  throttles: HeldThrottle[];
  apps: PersonApp[];
  actions: PersonAction[];
}

/**
 * `GET /api/people?q=…` (at least 2 characters, else a 400 naming `q`): up to 20 people the viewer may look at whose
 * name or username holds `q` (IT anyone, a campus's holders its students, a teacher their own).
 */
export interface PeopleSearchResponse {
  people: {
    id: string;
    username: string;
    displayName: string;
    role: string;
    grade: number | null;
    campuses: string[];
  }[];
}

/**
 * A message key (`people.why.*`; fixes `people.why.fix.*`) and its parameters. A parameter whose name ends in `At` is a moment
 * (epoch milliseconds) the page shows as a date and time in the reader's language; the others are shown as they are.
 */
export interface PeopleMessage {
  key: string;
  params: Record<string, string | number>;
}

/** The single answer to "why can't … get in?" (`GET /api/people/:id/troubleshoot?app=ID`, the app optional). */
export interface TroubleshootAnswer {
  person: PersonHeader;
  app: { id: string; name: string } | null;
  /** A message key (`people.why.*`) and its parameters: the web page says it in the viewer's language. */
  problem: PeopleMessage;
  fix: PeopleMessage;
  /** The action that fixes it, when the viewer may take it here. */
  action: PersonAction | null;
  /** Other things found, less likely the cause, in the same form. */
  alsoNoticed: PeopleMessage[];
}

/** `POST /api/people/:id/release-throttle`: the kinds of hold it lifted (empty when none was held). */
export interface ReleaseThrottleResponse {
  released: HeldThrottle['kind'][];
}

/** `POST /api/people/:id/apps/:appId/confirm`: whether a hold was lifted (false when there was none). */
export interface ConfirmCredentialResponse {
  lifted: boolean;
}

/** A student who needs their teacher's attention, and why. */
export type Attention =
  | 'unclaimed'
  | 'no_badge'
  | 'badge_voided'
  | 'temporary_password'
  | 'throttled'
  | 'held_credential'
  | 'recent_failures';

/** `GET /api/my-classes`: a teacher's home. */
export interface MyClassesResponse {
  classes: {
    id: string;
    title: string;
    campusName: string;
    students: {
      id: string;
      username: string;
      displayName: string;
      grade: number | null;
      attention: Attention[];
    }[];
  }[];
  /** What the teacher may do for their students here (`GATEHOUSE_TEACHER_RESETS` decides resets). */
  rights: Right[];
}

/** `GET /api/people`'s query. */
export const peopleSearchQuery = z.object({
  q: z.string().trim().min(2, 'type at least 2 letters').max(100, 'must be at most 100 characters'),
});

/** The query of a person's page and of the troubleshooter: the language of the words, and the app asked about. */
export const personQuery = z.object({
  lang: z.enum(['en', 'es']).optional(),
  app: z.string().min(1).max(200).optional(),
});
