// What a roster sync reports, shared by the server, the CLI and the admin page.

/** Why a file or a row was refused or skipped; the admin page translates the code, the CLI prints `message`. */
export const ROSTER_PROBLEM_CODES = [
  // The bundle is refused (nothing applied):
  'unreadable_file',
  'not_utf8',
  'missing_file',
  'missing_column',
  'duplicate_id',
  'truncated_file',
  'bad_value',
  'unsupported_version',
  'unknown_format',
  'too_large',
  // A row is skipped (the rest applies):
  'unknown_reference',
  'skipped_row',
  // For information:
  'ignored_file',
  'kept_portal_rights',
] as const;
export type RosterProblemCode = (typeof ROSTER_PROBLEM_CODES)[number];

export interface RosterProblem {
  code: RosterProblemCode;
  /** The file's name inside the bundle, e.g. `users.csv`. */
  file: string;
  /** 1-based line of the file (the header is line 1). */
  line?: number;
  column?: string;
  /** The offending value, when it is not personal data worth hiding (an id, a grade, a status). */
  value?: string;
  /** The whole problem in English, for the CLI and logs. */
  message: string;
}

export const ROSTER_KINDS = ['people', 'campuses', 'classes', 'enrollments'] as const;
export type RosterKind = (typeof ROSTER_KINDS)[number];

export interface RosterChangeCounts {
  added: number;
  changed: number;
  deactivated: number;
  reactivated: number;
  unchanged: number;
}

export type RosterOutcome = 'applied' | 'unchanged' | 'previewed' | 'held' | 'refused' | 'approved';

export interface RosterHold {
  /**
   * `share`: more than the policy's share of active people would be deactivated; `campus`: a whole campus would be
   * left without active people; `empty_file`: a bulk file without rows would deactivate every row of its kind.
   */
  reason: 'share' | 'campus' | 'empty_file';
  /** People who would be deactivated, and how many are active now. */
  deactivating: number;
  active: number;
  /** The policy's share, e.g. 0.1. */
  limit: number;
  /** For `campus`: the campus that would be emptied. */
  campus?: string;
  /** For `empty_file`: the kind whose file came empty. */
  kind?: RosterKind;
}

/** Up to this many of each kind's names are listed in a report; the counts are always whole. */
export const ROSTER_SAMPLE_SIZE = 50;

export interface RosterReport {
  /** The sync's row in the history; absent for a preview that was not recorded. */
  syncId?: number;
  outcome: RosterOutcome;
  format: 'oneroster-1.1' | 'clever' | null;
  /** `bulk` when every file is the whole truth, `delta` when only the rows sent apply, `mixed` otherwise. */
  mode: 'bulk' | 'delta' | 'mixed' | null;
  fileHash: string;
  /** The files and the policy together: a later sync with the same key and nothing written since is unchanged. */
  syncKey?: string;
  /** Unchanged because these are the files of that sync, read with the same policy, and nothing was written since. */
  sameAsSync?: number;
  sourceName: string;
  counts: Record<RosterKind, RosterChangeCounts>;
  /** Parents, guardians and relatives in the files: never given accounts nor kept. */
  skippedGuardians: number;
  /** A sample of who is affected, for the preview: display names with their username. */
  samples: { added: string[]; deactivated: string[]; reactivated: string[]; changed: string[] };
  hold?: RosterHold;
  warnings: RosterProblem[];
  /** How many warnings there were in all (the list is capped). */
  warningCount: number;
  errors: RosterProblem[];
  startedAt: number;
  finishedAt: number;
}

export interface RosterSyncSummary {
  id: number;
  startedAt: number;
  finishedAt: number;
  source: 'upload' | 'cli' | 'drop_folder' | 'demo';
  sourceName: string;
  format: string | null;
  fileHash: string;
  actor: string | null;
  outcome: RosterOutcome;
  counts: Record<RosterKind, RosterChangeCounts> | null;
  warningCount: number;
  errorCount: number;
  hold?: RosterHold;
  approvedBy: string | null;
  approvedAt: number | null;
}

export interface RosterHealth {
  /** When the last sync that applied (or found nothing to change) finished; null when none ever did. */
  lastGoodSyncAt: number | null;
  /** True when no good sync came for a day. */
  stale: boolean;
  /** Held syncs waiting for approval. */
  held: number;
}
