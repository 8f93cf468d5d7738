import type { AuditLog } from '../audit/audit-log';
import type { SessionStore } from '../auth/sessions';
import type { SignInThrottle } from '../auth/sign-in-throttle';
import type { Directory, Person, StudentInClass } from '../directory/directory';
import type { Storage } from '../storage/storage';
import type { BadgePicture, BadgeState, BadgeVoidReason } from '../../shared/badges';
import type { BadgePolicy } from './badge-policy';
import type { BadgeStore } from './badge-store';

export type BadgeSignInResult =
  | { ok: true; person: Person; badgeId: string; expiresAt: number | null }
  | { ok: false };

/** A badge just made, with the text its QR must hold: shown once, on paper, never stored. */
export interface IssuedBadge {
  student: StudentInClass;
  text: string;
  picture: BadgePicture;
  expiresAt: number | null;
}

export interface IssueOptions {
  /** Who printed (a user id), or null for the CLI. */
  actorId: string | null;
  /** The badges stop working at this moment; null: until voided. */
  expiresAt: number | null;
  /** Skip students who have a working badge. */
  onlyMissing: boolean;
}

export interface BadgeService {
  /**
   * Checks a scanned badge text. Made-up, voided, expired, ineligible badges and disabled people all give the same
   * `{ ok: false }` after the same work. Throttled per address and per badge id (`sign_in_throttled`).
   */
  signIn(text: string, ip: string): Promise<BadgeSignInResult>;
  /**
   * New badges for the eligible students among these (others are skipped); each replaces the student's old badge,
   * which stops at once with its sessions. One unit of work.
   */
  issue(students: readonly StudentInClass[], options: IssueOptions): Promise<IssuedBadge[]>;
  /** Voids these people's badges and ends the sessions made with them; how many badges it voided. */
  voidFor(userIds: readonly string[], reason: BadgeVoidReason, actorId: string | null): Promise<number>;
  /** The year-end void: every badge, every badge session. */
  voidAll(actorId: string | null): Promise<number>;
  /** What helpers see of each person's badge (never the secret), by user id. */
  statesFor(userIds: readonly string[]): Promise<Map<string, BadgeState>>;
  isEligible(person: Pick<Person, 'role' | 'grade' | 'sisFlags' | 'status'>): boolean;
}

export interface BadgeServiceDeps {
  storage: Storage;
  store: BadgeStore;
  directory: Directory;
  sessions: SessionStore;
  throttle: SignInThrottle;
  audit: AuditLog;
  policy: BadgePolicy;
  now: () => number;
}
