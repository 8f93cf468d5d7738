import { byEngine, type Storage, type Tx } from '../storage/storage';
import type { BadgePicture, BadgeVoidReason } from '../../shared/badges';
import { postgresBadgeStore } from './badge-store.postgres';
import { sqliteBadgeStore } from './badge-store.sqlite';

export interface BadgeRecord {
  id: string;
  userId: string;
  secretHash: string;
  picture: BadgePicture;
  /** The two pictures of the optional second step, "cat,star". */
  secretPictures: string;
  issuedAt: number;
  issuedBy: string | null;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

export type NewBadge = Omit<BadgeRecord, 'lastUsedAt'>;

/** The badges table; voided rows are kept as history and never read back as badges. */
export interface BadgeStore {
  /**
   * Saves a new badge for its person, voiding (`regenerated`) the one they had in the same statement order, so
   * the old one stops at once. Returns the id of the badge it replaced.
   */
  issue(badge: NewBadge, tx: Tx): Promise<string | undefined>;
  /** The badge with this id, unless voided (it may be past its expiry: the caller decides). */
  findLive(badgeId: string): Promise<BadgeRecord | undefined>;
  /** Each of these people's badge that is not voided, by user id. */
  liveFor(userIds: readonly string[]): Promise<Map<string, BadgeRecord>>;
  /**
   * Whether the badge is still live, holding it so (a row lock on PostgreSQL, strong enough that two sign-ins with
   * one badge take turns rather than deadlock over "last used"; SQLite's unit of work is alone) until `tx` ends:
   * a void waits for the session being made with it, and so ends that session too.
   */
  holdLive(badgeId: string, tx: Tx): Promise<boolean>;
  markUsed(badgeId: string, at: number, tx?: Tx): Promise<void>;
  /** Voids these people's badges; returns the ids it voided (their sessions are the caller's to end). */
  voidFor(
    userIds: readonly string[],
    reason: BadgeVoidReason,
    actorId: string | null,
    at: number,
    tx: Tx,
  ): Promise<string[]>;
  /** Voids every badge (the year-end void); returns how many. */
  voidAll(actorId: string | null, at: number, tx: Tx): Promise<number>;
  /** The latest void of each of these people's badges (when, why), for those who ever had one voided. */
  lastVoidedFor(userIds: readonly string[]): Promise<Map<string, BadgeVoid>>;
}

export interface BadgeVoid {
  voidedAt: number;
  reason: BadgeVoidReason;
}

export function createBadgeStore(storage: Storage): BadgeStore {
  return byEngine(storage, { sqlite: sqliteBadgeStore, postgres: postgresBadgeStore });
}
