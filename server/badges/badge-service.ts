import { randomInt } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { SessionStore } from '../auth/sessions';
import type { SignInThrottle } from '../auth/sign-in-throttle';
import type { Directory, Person, StudentInClass } from '../directory/directory';
import type { Storage } from '../storage/storage';
import { BADGE_PICTURES, type BadgePicture, type BadgeState, type BadgeVoidReason } from '../../shared/badges';
import { badgeSecretMatches, hashBadgeSecret, makeBadgeCode, readBadgeText } from './badge-code';
import { isBadgeEligible, type BadgePolicy } from './badge-policy';
import type { BadgeRecord, BadgeStore } from './badge-store';

export type BadgeSignInResult = { ok: true; person: Person; badgeId: string; expiresAt: number | null } | { ok: false };

/** A badge just made, with the text its QR must hold: shown once, on paper, never stored. */
export interface IssuedBadge {
  student: StudentInClass;
  text: string;
  picture: BadgePicture;
  expiresAt: number | null;
}

/** Makes the sheet from the new badges before they are saved; if it throws, nothing changes. */
export type BeforeSaving = (badges: IssuedBadge[]) => Promise<void>;

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
   * which stops at once with its sessions. One unit of work, after `beforeSaving` made the sheet.
   */
  issue(
    students: readonly StudentInClass[],
    options: IssueOptions,
    beforeSaving?: BeforeSaving,
  ): Promise<IssuedBadge[]>;
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

type FailureReason = 'unreadable' | 'unknown_badge' | 'wrong_secret' | 'expired' | 'ineligible';

/** Hashed against when the badge id is unknown, so a made-up badge costs the same hash and compare. */
const DECOY_HASH = hashBadgeSecret('0'.repeat(40));

export function createBadgeService(deps: BadgeServiceDeps): BadgeService {
  const { storage, store, directory, sessions, throttle, audit, policy, now } = deps;
  const isEligible: BadgeService['isEligible'] = (person) => isBadgeEligible(person, policy);

  async function fail(ip: string, reason: FailureReason, userId?: string): Promise<BadgeSignInResult> {
    // Neither the scanned text nor its secret is recorded: the reason is enough to help.
    await audit.record({
      action: 'sign_in',
      outcome: 'failure',
      subjectUserId: userId,
      ip,
      detail: { method: 'badge', reason },
    });
    return { ok: false };
  }

  async function signIn(text: string, ip: string): Promise<BadgeSignInResult> {
    const scanned = readBadgeText(text);
    // Per badge id (a voided badge scanned again and again slows down alone) and per address (made-up ids).
    const throttleKey = `badge:${scanned?.badgeId ?? 'unreadable'}`;
    await throttle.reserveTry(throttleKey, ip);
    const badge = scanned ? await store.findLive(scanned.badgeId) : undefined;
    const matches = badgeSecretMatches(scanned?.secret ?? '', badge?.secretHash ?? DECOY_HASH);
    if (!scanned) return fail(ip, 'unreadable');
    if (!badge) return fail(ip, 'unknown_badge');
    if (!matches) return fail(ip, 'wrong_secret', badge.userId);
    const at = now();
    if (badge.expiresAt !== null && at >= badge.expiresAt) return fail(ip, 'expired', badge.userId);
    const person = await directory.findById(badge.userId);
    if (!person || !isEligible(person)) return fail(ip, 'ineligible', badge.userId);

    await throttle.recordSuccess(throttleKey, ip);
    await store.markUsed(badge.id, at);
    await audit.record({
      action: 'sign_in',
      outcome: 'success',
      actorUserId: person.id,
      subjectUserId: person.id,
      ip,
      detail: { method: 'badge', badgeId: badge.id },
    });
    return { ok: true, person, badgeId: badge.id, expiresAt: badge.expiresAt };
  }

  async function issue(students: readonly StudentInClass[], options: IssueOptions, beforeSaving?: BeforeSaving) {
    const at = now();
    let printable = students.filter(isEligible);
    if (options.onlyMissing) {
      const live = await store.liveFor(printable.map((student) => student.id));
      printable = printable.filter((student) => !worksAt(live.get(student.id), at));
    }
    // Neighbours on a sheet get different pictures; where the run starts is left to chance.
    const firstPicture = randomInt(BADGE_PICTURES.length);
    const issued = printable.map((student, index) => ({
      student,
      ...makeBadgeCode(),
      picture: BADGE_PICTURES[(firstPicture + index) % BADGE_PICTURES.length]!,
      expiresAt: options.expiresAt,
    }));
    if (!issued.length) return [];
    // The sheet is made before anything changes: if it cannot be, every old badge still works.
    await beforeSaving?.(
      issued.map(({ student, text, picture, expiresAt }) => ({ student, text, picture, expiresAt })),
    );
    await storage.transaction(async (tx) => {
      const replaced: string[] = [];
      for (const badge of issued) {
        const old = await store.issue(
          {
            id: badge.badgeId,
            userId: badge.student.id,
            secretHash: hashBadgeSecret(badge.secret),
            picture: badge.picture,
            issuedAt: at,
            issuedBy: options.actorId,
            expiresAt: badge.expiresAt,
          },
          tx,
        );
        if (old) replaced.push(old);
      }
      await sessions.endAllForBadges(replaced, tx);
    });
    return issued.map(({ student, text, picture, expiresAt }) => ({ student, text, picture, expiresAt }));
  }

  return {
    signIn,
    issue,
    voidFor: (userIds, reason, actorId) =>
      storage.transaction(async (tx) => {
        const voided = await store.voidFor(userIds, reason, actorId, now(), tx);
        await sessions.endAllForBadges(voided, tx);
        return voided.length;
      }),
    voidAll: (actorId) =>
      storage.transaction(async (tx) => {
        const voided = await store.voidAll(actorId, now(), tx);
        await sessions.endAllBadgeSessions(tx);
        return voided;
      }),
    async statesFor(userIds) {
      const live = await store.liveFor(userIds);
      const at = now();
      return new Map(userIds.map((userId) => [userId, stateOf(live.get(userId), at)]));
    },
    isEligible,
  };
}

/** Whether a badge still opens the portal at `at` (voided ones are never read back). */
const worksAt = (badge: BadgeRecord | undefined, at: number) =>
  badge !== undefined && (badge.expiresAt === null || at < badge.expiresAt);

function stateOf(badge: BadgeRecord | undefined, at: number): BadgeState {
  if (!badge) return { status: 'none', issuedAt: null, expiresAt: null, picture: null, lastUsedAt: null };
  const { issuedAt, expiresAt, picture, lastUsedAt } = badge;
  return { status: worksAt(badge, at) ? 'active' : 'expired', issuedAt, expiresAt, picture, lastUsedAt };
}
