import { randomInt } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { SessionStore } from '../auth/sessions';
import type { SignInThrottle } from '../auth/sign-in-throttle';
import type { Directory, Person, StudentInClass } from '../directory/directory';
import type { Storage, Tx } from '../storage/storage';
import { BADGE_PICTURES, type BadgePicture, type BadgeState, type BadgeVoidReason } from '../../shared/badges';
import { badgeSecretMatches, hashBadgeSecret, makeBadgeCode, readBadgeText } from './badge-code';
import { asksForPictures, isBadgeEligible, type BadgePolicy } from './badge-policy';
import {
  gridFor,
  openChallenge,
  pairFromText,
  pairToText,
  picksMatch,
  PICTURE_STEP_MS,
  randomPair,
  sealChallenge,
  type PicturePair,
} from './picture-factor';
import type { BadgeRecord, BadgeStore, BadgeVoid } from './badge-store';

export type BadgeSignInResult =
  /** Signed in: the session is made (its cookie value is `session.token`). */
  | { ok: true; person: Person; session: { token: string; expiresAt: number } }
  | { ok: false }
  /** The district asks this child for their two pictures: `challenge` carries the scan to `pickPictures`. */
  | { ok: 'pick_pictures'; challenge: string; choices: BadgePicture[] };

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
  /** Runs in the unit of work that saves the badges (the audit row of the print): all of it commits, or none. */
  onSaved?: (printed: number, tx: Tx) => Promise<void>;
}

/** Runs in the unit of work of a void (its audit row): all of it commits, or none. */
export type OnVoided = (voided: number, tx: Tx) => Promise<void>;

export interface BadgeService {
  /**
   * Checks a scanned badge text. Made-up, voided, expired, ineligible badges and disabled people all give the same
   * `{ ok: false }` after the same work. An address's failures are capped (`sign_in_throttled`); right badges pass.
   */
  signIn(text: string, ip: string): Promise<BadgeSignInResult>;
  /**
   * The second step where the district asks for it: the two pictures picked out of the grid, within two minutes
   * of the scan. Each pick is counted before it is checked (growing delays per badge).
   */
  pickPictures(challenge: string, picked: readonly string[], ip: string): Promise<BadgeSignInResult>;
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
  voidFor(
    userIds: readonly string[],
    reason: BadgeVoidReason,
    actorId: string | null,
    onVoided?: OnVoided,
  ): Promise<number>;
  /** The year-end void: every badge, every badge session. */
  voidAll(actorId: string | null, onVoided?: OnVoided): Promise<number>;
  /** What helpers see of each person's badge (never its secret; the two pictures where they are asked for). */
  statesFor(people: readonly Pick<Person, 'id' | 'grade'>[]): Promise<Map<string, BadgeState>>;
  isEligible(person: Pick<Person, 'role' | 'grade' | 'sisFlags' | 'status'>): boolean;
  /** Each person's live badge id (its picture step's guesses are counted under it) and the latest void, for helpers. */
  historyFor(userIds: readonly string[]): Promise<Map<string, BadgeHistory>>;
}

export interface BadgeHistory {
  liveBadgeId: string | null;
  lastVoid: BadgeVoid | null;
}

export interface BadgeServiceDeps {
  storage: Storage;
  store: BadgeStore;
  directory: Directory;
  sessions: SessionStore;
  throttle: SignInThrottle;
  audit: AuditLog;
  policy: BadgePolicy;
  /** Signs the ticket from a scan to its picture step and orders each badge's grid; kept outside the database. */
  pictureKey: Buffer;
  now: () => number;
}

type FailureReason =
  | 'unreadable'
  | 'unknown_badge'
  | 'wrong_secret'
  | 'expired'
  | 'ineligible'
  | 'picture_step_expired'
  | 'wrong_pictures';

/** "Last used" is kept to the minute: a badge scanned again within it (a second device) writes nothing. */
const LAST_USED_PRECISION_MS = 60_000;

/** Hashed against when the badge id is unknown, so a made-up badge costs the same hash and compare. */
const DECOY_HASH = hashBadgeSecret('0'.repeat(40));

export function createBadgeService(deps: BadgeServiceDeps): BadgeService {
  const { storage, store, directory, sessions, throttle, audit, policy, pictureKey, now } = deps;
  const isEligible: BadgeService['isEligible'] = (person) => isBadgeEligible(person, policy);

  /** `counted`: the try was counted before it was checked (a picture pick), so it is not counted again. */
  async function fail(ip: string, reason: FailureReason, userId?: string, counted = false): Promise<BadgeSignInResult> {
    // Counted against the address only: past its limit the answer is "wait" (429) instead of "wrong".
    if (!counted) await throttle.recordAddressFailure(ip);
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

  /**
   * The secret cannot be guessed, so nothing is reserved before the check (as a password's try is): a right
   * badge always works, even from an address whose limit others' wrong scans have used up.
   */
  async function signIn(text: string, ip: string): Promise<BadgeSignInResult> {
    const scanned = readBadgeText(text);
    const badge = scanned ? await store.findLive(scanned.badgeId) : undefined;
    const matches = badgeSecretMatches(scanned?.secret ?? '', badge?.secretHash ?? DECOY_HASH);
    if (!scanned) return fail(ip, 'unreadable');
    if (!badge) return fail(ip, 'unknown_badge');
    if (!matches) return fail(ip, 'wrong_secret', badge.userId);
    const person = await usableBy(badge, ip);
    if (!person) return { ok: false };
    if (asksForPictures(person, policy)) {
      const challenge = sealChallenge(badge.id, now() + PICTURE_STEP_MS, pictureKey);
      return {
        ok: 'pick_pictures',
        challenge,
        choices: gridFor(badge.userId, pairFromText(badge.secretPictures), badge.picture, pictureKey),
      };
    }
    return signedIn(badge, person, ip);
  }

  /** The person a live badge lets in now, or undefined (audited) when it has expired or they may not use it. */
  async function usableBy(badge: BadgeRecord, ip: string, counted = false): Promise<Person | undefined> {
    if (!worksAt(badge, now())) return void (await fail(ip, 'expired', badge.userId, counted));
    const person = await directory.findById(badge.userId);
    if (!person || !isEligible(person)) return void (await fail(ip, 'ineligible', badge.userId, counted));
    return person;
  }

  /**
   * The session, the last use and the audit row in one unit of work that holds the badge live: a void racing the
   * scan either waits and then ends this session, or has happened and refuses it.
   */
  async function signedIn(badge: BadgeRecord, person: Person, ip: string): Promise<BadgeSignInResult> {
    const at = now();
    const session = await storage.transaction(async (tx) => {
      if (!(await store.holdLive(badge.id, tx))) return undefined;
      if (badge.lastUsedAt === null || at - badge.lastUsedAt >= LAST_USED_PRECISION_MS) {
        await store.markUsed(badge.id, at, tx);
      }
      await audit.record(
        {
          action: 'sign_in',
          outcome: 'success',
          actorUserId: person.id,
          subjectUserId: person.id,
          ip,
          detail: { method: 'badge', badgeId: badge.id },
        },
        tx,
      );
      return sessions.create(person.id, 'badge', { badgeId: badge.id, endsBy: badge.expiresAt }, tx);
    });
    return session ? { ok: true, person, session } : fail(ip, 'unknown_badge', badge.userId);
  }

  async function issue(students: readonly StudentInClass[], options: IssueOptions, beforeSaving?: BeforeSaving) {
    const at = now();
    const eligible = students.filter(isEligible);
    const live = await store.liveFor(eligible.map((student) => student.id));
    const printable = options.onlyMissing ? eligible.filter((student) => !worksAt(live.get(student.id), at)) : eligible;
    // Neighbours on a sheet get different pictures; where the run starts is left to chance.
    const firstPicture = randomInt(BADGE_PICTURES.length);
    const issued = printable.map((student, index) => {
      // A child keeps their two secret pictures from badge to badge; the printed one is never among them.
      const kept = live.get(student.id)?.secretPictures;
      const secretPictures = kept ? pairFromText(kept) : randomPair();
      return {
        student,
        ...makeBadgeCode(),
        picture: printedPicture(firstPicture + index, secretPictures),
        secretPictures,
        expiresAt: options.expiresAt,
      };
    });
    if (!issued.length) return [];
    const shown = issued.map(({ student, text, picture, expiresAt }) => ({ student, text, picture, expiresAt }));
    // The sheet is made before anything changes: if it cannot be, every old badge still works.
    await beforeSaving?.(shown);
    await storage.transaction(async (tx) => {
      const replaced: string[] = [];
      // In id order: two prints over overlapping children (a campus and a class) take their rows in one order.
      for (const badge of [...issued].sort((a, b) => (a.student.id < b.student.id ? -1 : 1))) {
        const old = await store.issue(
          {
            id: badge.badgeId,
            userId: badge.student.id,
            secretHash: hashBadgeSecret(badge.secret),
            picture: badge.picture,
            secretPictures: pairToText(badge.secretPictures),
            issuedAt: at,
            issuedBy: options.actorId,
            expiresAt: badge.expiresAt,
          },
          tx,
        );
        if (old) replaced.push(old);
      }
      await sessions.endAllForBadges(replaced, tx);
      await options.onSaved?.(issued.length, tx);
    });
    return shown;
  }

  /** The second step: the two pictures picked after a scan that asked for them. */
  async function pickPictures(challenge: string, picked: readonly string[], ip: string): Promise<BadgeSignInResult> {
    const badgeId = openChallenge(challenge, pictureKey, now());
    if (!badgeId) return fail(ip, 'picture_step_expired');
    // Two pictures out of nine can be guessed: each pick is counted before it is checked, as a password is.
    await throttle.reserveTry(badgeId, ip, 'badge_pictures');
    const badge = await store.findLive(badgeId);
    if (!badge) return fail(ip, 'unknown_badge', undefined, true);
    const person = await usableBy(badge, ip, true);
    if (!person) return { ok: false };
    if (!picksMatch(picked, pairFromText(badge.secretPictures))) return fail(ip, 'wrong_pictures', badge.userId, true);
    await throttle.recordSuccess(badgeId, ip, 'badge_pictures');
    return signedIn(badge, person, ip);
  }

  return {
    signIn,
    pickPictures,
    issue,
    voidFor: (userIds, reason, actorId, onVoided) =>
      storage.transaction(async (tx) => {
        const voided = await store.voidFor(userIds, reason, actorId, now(), tx);
        await sessions.endAllForBadges(voided, tx);
        await onVoided?.(voided.length, tx);
        return voided.length;
      }),
    voidAll: (actorId, onVoided) =>
      storage.transaction(async (tx) => {
        const voided = await store.voidAll(actorId, now(), tx);
        await sessions.endAllBadgeSessions(tx);
        await onVoided?.(voided, tx);
        return voided;
      }),
    async statesFor(people) {
      const live = await store.liveFor(people.map((person) => person.id));
      const at = now();
      return new Map(
        people.map((person) => [person.id, stateOf(live.get(person.id), at, asksForPictures(person, policy))]),
      );
    },
    isEligible,
    async historyFor(userIds) {
      const [live, voids] = await Promise.all([store.liveFor(userIds), store.lastVoidedFor(userIds)]);
      return new Map(
        userIds.map((id) => [id, { liveBadgeId: live.get(id)?.id ?? null, lastVoid: voids.get(id) ?? null }]),
      );
    },
  };
}

/** The picture printed on the n-th badge of a sheet: the next in turn that is not one of the child's secret two. */
function printedPicture(position: number, secret: PicturePair): BadgePicture {
  for (let step = 0; ; step++) {
    const picture = BADGE_PICTURES[(position + step) % BADGE_PICTURES.length]!;
    if (!secret.includes(picture)) return picture;
  }
}

/** Whether a badge still opens the portal at `at` (voided ones are never read back). */
const worksAt = (badge: BadgeRecord | undefined, at: number) =>
  badge !== undefined && (badge.expiresAt === null || at < badge.expiresAt);

function stateOf(badge: BadgeRecord | undefined, at: number, asksPictures: boolean): BadgeState {
  if (!badge) {
    return { status: 'none', issuedAt: null, expiresAt: null, picture: null, lastUsedAt: null, secretPictures: null };
  }
  const { issuedAt, expiresAt, picture, lastUsedAt } = badge;
  const secretPictures = asksPictures ? pairFromText(badge.secretPictures) : null;
  return {
    status: worksAt(badge, at) ? 'active' : 'expired',
    issuedAt,
    expiresAt,
    picture,
    lastUsedAt,
    secretPictures,
  };
}
