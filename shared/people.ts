import type { AccountState } from './accounts';
import type { BadgeState } from './badges';
import type { Right } from './rights';

// The API of the people pages, "Why can't … get in?" and a teacher's home. Times are epoch milliseconds.

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

/** `GET /api/people?q=…`: the people the viewer may look at (IT anyone, a campus's holders its students, a teacher their own). */
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

/** The single answer to "why can't … get in?": a problem in words and the fix the viewer can make. */
export interface TroubleshootAnswer {
  person: PersonHeader;
  app: { id: string; name: string } | null;
  /** A message key (`people.why.*`) and its parameters: the web page says it in the viewer's language. */
  problem: { key: string; params: Record<string, string | number> };
  fix: { key: string; params: Record<string, string | number> };
  /** The action that fixes it, when the viewer may take it here. */
  action: PersonAction | null;
  /** Other things found, less likely the cause, in the same form. */
  alsoNoticed: { key: string; params: Record<string, string | number> }[];
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
