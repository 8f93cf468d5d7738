import type { RosterHealth, RosterReport, RosterSyncSummary } from '../../shared/roster';
import type { RosterConfig } from '../config';
import type { RosterFiles } from './roster-bundle';

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
  onProgress?: (progress: RosterProgress) => void;
}

export interface RosterService {
  /** Reads, checks, compares and (unless held, refused or a dry run) applies one bundle; never throws for a bad bundle. */
  importFiles(files: RosterFiles, options: ImportOptions): Promise<RosterReport>;
  /** Applies a held sync, compared again against the database as it is now. Throws `RosterSyncNotHeld`. */
  approve(
    syncId: number,
    actorId: string | null,
    options?: Pick<ImportOptions, 'onProgress' | 'source'>,
  ): Promise<RosterReport>;
  history(limit: number): Promise<RosterSyncSummary[]>;
  /** One sync's full report. */
  report(syncId: number): Promise<RosterReport | undefined>;
  health(): Promise<RosterHealth>;
}

/** The district's roster policy: how files are read and usernames made, and when a sync is held. */
export type RosterPolicy = Pick<RosterConfig, 'usernames' | 'flagColumns' | 'holdShare'>;

export class RosterSyncNotHeld extends Error {
  constructor(readonly syncId: number) {
    super(`Roster sync ${syncId} is not waiting for approval`);
  }
}
