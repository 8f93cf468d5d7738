import type { RosterHealth, RosterReport, RosterSyncSummary } from '../../shared/roster';
import { createAccountStore } from '../accounts/account-store';
import { createAuditLog } from '../audit/audit-log';
import { createSessionStore } from '../auth/sessions';
import type { Config, RosterConfig } from '../config';
import { createDirectory } from '../directory/directory';
import { createExtensionSessionStore } from '../extension/extension-sessions';
import type { Storage } from '../storage/storage';
import { createLaunchStore } from '../vault/launches';
import { createBadgeStore } from '../badges/badge-store';
import { approveHeldSync, importRosterFiles, type RosterImportDeps } from './import-roster';
import type { RosterFiles } from './roster-bundle';
import { createRosterStore } from './roster-store';

// What the CLI, the admin routes, the drop folder and the demo call. The work is in import-roster.ts.

export type RosterSource = RosterSyncSummary['source'];

export interface RosterProgress {
  phase: 'reading' | 'checking' | 'comparing' | 'writing';
  /** Rows (or files, while reading) done so far, and how many there are; total 0 when not known yet. */
  done: number;
  total: number;
}

export interface ImportOptions {
  source: RosterSource;
  /** Who asked (a user id), or null for the CLI, the drop folder and the demo. */
  actorId: string | null;
  /** Compute and report the diff, write nothing but the history row. */
  dryRun?: boolean;
  /** Apply even when the safety hold would keep it. */
  approve?: boolean;
  /** Compare every row even when these are the files of the last sync and nothing was written since. */
  fullCompare?: boolean;
  onProgress?: (progress: RosterProgress) => void;
}

export interface RosterService {
  /** Reads, checks, compares and (unless held, refused or a dry run) applies one bundle; never throws for a bad bundle. */
  importFiles(files: RosterFiles, options: ImportOptions): Promise<RosterReport>;
  /** Applies a held sync, compared again against the database as it is now. Throws `RosterSyncNotHeld`. */
  approve(
    syncId: number,
    actorId: string | null,
    options?: Partial<Pick<ImportOptions, 'onProgress' | 'source'>>,
  ): Promise<RosterReport>;
  history(limit: number): Promise<RosterSyncSummary[]>;
  /** One sync's full report. */
  report(syncId: number): Promise<RosterReport | undefined>;
  health(): Promise<RosterHealth>;
}

/** The district's roster policy: how files are read and usernames made, and when a sync is held. */
export type RosterPolicy = Pick<RosterConfig, 'usernames' | 'flagColumns' | 'holdShare'>;

export class RosterSyncNotHeld extends Error {
  constructor(
    readonly syncId: number,
    /** `superseded`: a later sync was applied since; its files must be imported again. */
    readonly reason: 'not_held' | 'superseded' = 'not_held',
  ) {
    super(
      reason === 'superseded'
        ? `Roster sync ${syncId} was held before a later sync was applied; import its files again`
        : `Roster sync ${syncId} is not waiting for approval`,
    );
  }
}

/** The service on the given stores; `rosterServiceFor` builds them for the CLI, the drop folder and the demo. */
export function createRosterService(full: RosterImportDeps): RosterService {
  const { store, now } = full;
  return {
    importFiles: (files, options) => importRosterFiles(full, files, options),
    approve: (syncId, actorId, options) => approveHeldSync(full, syncId, actorId, options),
    history: (limit) => store.history(limit),
    report: (syncId) => store.report(syncId),
    async health() {
      const lastGoodSyncAt = await store.lastGoodSyncAt();
      return {
        lastGoodSyncAt,
        stale: lastGoodSyncAt === null || now() - lastGoodSyncAt > STALE_AFTER_MS,
        held: await store.heldCount(),
      };
    },
  };
}

export type RosterServiceConfig = Pick<Config, 'sessionIdleMs' | 'sessionMaxMs'> & { roster: RosterPolicy };

/** IT is warned when no sync has applied (or found nothing to change) for this long. */
export const STALE_AFTER_MS = 24 * 60 * 60_000;

export function rosterServiceFor(
  storage: Storage,
  config: RosterServiceConfig,
  now: () => number = Date.now,
  onProvisioned?: RosterImportDeps['onProvisioned'],
): RosterService {
  return createRosterService(rosterImportDeps(storage, config, now, onProvisioned));
}

/** Every store a sync touches, on `storage`. */
export function rosterImportDeps(
  storage: Storage,
  config: RosterServiceConfig,
  now: () => number = Date.now,
  onProvisioned?: RosterImportDeps['onProvisioned'],
): RosterImportDeps {
  const directory = createDirectory(storage, now);
  return {
    storage,
    store: createRosterStore(storage),
    sessions: createSessionStore(storage, now, { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs }),
    extensionSessions: createExtensionSessionStore(storage, now),
    launches: createLaunchStore(storage, now),
    badges: createBadgeStore(storage),
    accounts: createAccountStore(storage),
    audit: createAuditLog(storage, now),
    policy: config.roster,
    districtName: () => directory.districtName(),
    now,
    ...(onProvisioned ? { onProvisioned } : {}),
  };
}
