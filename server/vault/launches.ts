import { randomBytes } from 'node:crypto';
import { byEngine, type Storage, type Tx } from '../storage/storage';
import {
  blameOf,
  FILL_FAILURE_REASONS,
  type FailureBlame,
  type FillFailureReason,
  type FILL_OUTCOMES,
} from '../../shared/vault/fill-outcome';
import { postgresLaunchStore } from './launches.postgres';
import { sqliteLaunchStore } from './launches.sqlite';

/** A tile click leaves the extension about a minute to ask for the credential. */
export const LAUNCH_MS = 60_000;
/** The per-app health figures look back this far. */
export const HEALTH_WINDOW_MS = 30 * 24 * 3_600_000;

export type FillOutcome = (typeof FILL_OUTCOMES)[number];

export interface Launch {
  id: string;
  userId: string;
  appId: string;
  createdAt: number;
  expiresAt: number;
  releasedAt: number | null;
  entryId: string | null;
  entryVersion: number | null;
  /** The latest outcome the extension reported, and why it failed. */
  outcome: FillOutcome | null;
  outcomeReason: string | null;
}

export interface CredentialHold {
  reason: string;
  heldAt: number;
}

export interface AppHealth {
  appId: string;
  launches: number;
  succeeded: number;
  failed: number;
  /** Succeeded out of launches that reported a final outcome; null before any did. */
  successRate: number | null;
  lastFailure: { at: number; reason: string; blame: FailureBlame } | null;
  /**
   * The failures by whom they point at: the stored password (the only ones that hold it), the connector IT
   * wrote, or the page and network. IT fixes a connector; a password is fixed in the vault.
   */
  failedBy: Record<FailureBlame, number>;
  heldCredentials: number;
}

/** What the adapters read: the figures plus the failed launches' count per reason. */
export type HealthCounts = Omit<AppHealth, 'successRate' | 'failedBy' | 'lastFailure'> & {
  lastFailure: { at: number; reason: string } | null;
  failureReasons: Record<string, number> | null;
};

/** Launches and what the extension reported about them; plus the lockout holds they may cause. */
export interface LaunchStore {
  create(userId: string, appId: string, tx?: Tx): Promise<Launch>;
  find(id: string, tx?: Tx): Promise<Launch | undefined>;
  /**
   * Marks the launch used by this entry's value: the guarded update that decides a release. False when another
   * request (in this process or another) already did, or the launch expired while the release waited its turn.
   */
  markReleased(id: string, entryId: string, entryVersion: number, tx?: Tx): Promise<boolean>;
  recordOutcome(id: string, outcome: FillOutcome, reason: FillFailureReason | null, tx?: Tx): Promise<void>;
  /**
   * The reason of the outcome reported before this launch's on the same value of the entry for this person
   * (null for a success, undefined when there is none).
   */
  previousReason(
    launchId: string,
    entryId: string,
    userId: string,
    entryVersion: number,
    tx?: Tx,
  ): Promise<string | null | undefined>;
  /** The hold on this value of the entry for this person, if the site rejected it. */
  holdOn(entryId: string, userId: string, entryVersion: number, tx?: Tx): Promise<CredentialHold | undefined>;
  /** Holds this value of the entry back from this person (replacing an older hold). */
  placeHold(entryId: string, userId: string, entryVersion: number, reason: string, tx?: Tx): Promise<void>;
  /** False when there was no hold. */
  liftHold(entryId: string, userId: string, tx?: Tx): Promise<boolean>;
  /** Each app's launches in the health window, oldest app id first. */
  health(): Promise<AppHealth[]>;
  /** Deletes the person's launches not yet released (an account turned off); returns how many. */
  cancelUnreleasedFor(userId: string, tx?: Tx): Promise<number>;
  /** Deletes launches made before `cutoff` (housekeeping); returns how many. */
  pruneOlderThan(cutoff: number, tx?: Tx): Promise<number>;
  /** The holds on these people's entries as they stand now (not on an older value), for their helpers. */
  currentHoldsFor(userIds: readonly string[]): Promise<PersonHold[]>;
}

export interface PersonHold extends CredentialHold {
  userId: string;
  appId: string;
  entryId: string;
}

/** A new launch's row: a random id, valid for a minute. */
export const newLaunch = (userId: string, appId: string, now: number): Launch => ({
  id: randomBytes(16).toString('base64url'),
  userId,
  appId,
  createdAt: now,
  expiresAt: now + LAUNCH_MS,
  releasedAt: null,
  entryId: null,
  entryVersion: null,
  outcome: null,
  outcomeReason: null,
});

/** Whom a stored failure reason points at (a reason no longer known is the page's). */
const blameOfStored = (reason: string): FailureBlame =>
  (FILL_FAILURE_REASONS as readonly string[]).includes(reason) ? blameOf(reason as FillFailureReason) : 'page';

/** The rate, the blame and the figures as reported, from counts the adapters read. */
export const toHealth = ({ failureReasons, lastFailure, ...row }: HealthCounts): AppHealth => {
  const reported = row.succeeded + row.failed;
  const failedBy: Record<FailureBlame, number> = { credential: 0, connector: 0, page: 0 };
  for (const [reason, count] of Object.entries(failureReasons ?? {})) failedBy[blameOfStored(reason)] += count;
  return {
    ...row,
    successRate: reported === 0 ? null : row.succeeded / reported,
    lastFailure: lastFailure && { ...lastFailure, blame: blameOfStored(lastFailure.reason) },
    failedBy,
  };
};

export function createLaunchStore(storage: Storage, now: () => number): LaunchStore {
  return byEngine(storage, {
    sqlite: (sqlite) => sqliteLaunchStore(sqlite, now),
    postgres: (postgres) => postgresLaunchStore(postgres, now),
  });
}
