import fs from 'node:fs';
import path from 'node:path';
import type { RosterReport, RosterSyncSummary } from '../../shared/roster';
import type { TerminalOutput } from '../cli/terminal-output';
import { readRosterPath } from './read-files';
import { COUNTS_LEGEND, countsLine, countsTable, problemsOf, problemText } from './report-text';
import { RosterSyncNotHeld, type RosterProgress, type RosterService } from './roster-service';

// `roster import PATH [--dry-run] [--approve] [--full] [--json]`, `roster status`, `roster approve ID`.

export const ROSTER_EXIT = { ok: 0, refused: 2, held: 3 } as const;
const IMPORT_FLAGS = new Set(['--dry-run', '--approve', '--json', '--full']);
const BAR_WIDTH = 30;
const STATUS_SYNCS = 15;
const PHASE_WORDS: Record<RosterProgress['phase'], string> = {
  reading: 'Reading files',
  checking: 'Checking rows',
  comparing: 'Comparing with the portal',
  writing: 'Writing changes',
};

export interface RosterCommandIo {
  out: TerminalOutput;
  err: TerminalOutput;
  /** Prints the problem and the usage; returns the exit code. */
  fail(problem: string): number;
  /** Whether stderr is a terminal (a progress bar) or a log (a line per phase). */
  isTerminal: boolean;
  now?: () => number;
}

export async function rosterCommand(service: RosterService, args: readonly string[], io: RosterCommandIo) {
  const [action, ...rest] = args;
  if (action === 'import') return importCommand(service, rest, io);
  if (action === 'status' && rest.length === 0) return statusCommand(service, io);
  if (action === 'approve') return approveCommand(service, rest, io);
  return io.fail('roster needs import PATH [--dry-run] [--approve] [--full] [--json], status, or approve ID.');
}

async function importCommand(service: RosterService, args: readonly string[], io: RosterCommandIo) {
  const paths = args.filter((arg) => !arg.startsWith('--'));
  const unknown = args.find((arg) => arg.startsWith('--') && !IMPORT_FLAGS.has(arg));
  if (unknown) return io.fail(`roster import does not know "${unknown}".`);
  if (paths.length !== 1) return io.fail('roster import needs one PATH: a folder of CSV files or a .zip.');
  const target = paths[0]!;
  if (!fs.existsSync(target)) return io.fail(`${target} does not exist.`);
  const json = args.includes('--json');
  const progress = progressReporter(io);
  const files = await readOrProblem(target);
  if (typeof files === 'string') {
    io.err.line(`Refused: nothing was applied. ${files}`);
    return ROSTER_EXIT.refused;
  }
  const report = await service.importFiles(files, {
    source: 'cli',
    actorId: null,
    dryRun: args.includes('--dry-run'),
    approve: args.includes('--approve'),
    fullCompare: args.includes('--full'),
    onProgress: progress.update,
  });
  progress.done();
  if (json) io.out.block(JSON.stringify(report, null, 2));
  else printReport(report, io);
  return exitCodeFor(report);
}

/** The bundle's files, or why they cannot be read (a broken or oversized .zip), as one line. */
async function readOrProblem(target: string) {
  try {
    return await readRosterPath(target);
  } catch (error) {
    const [first] = problemsOf(error);
    if (first) return problemText(first);
    return `${path.basename(target)} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function approveCommand(service: RosterService, args: readonly string[], io: RosterCommandIo) {
  if (args.length !== 1 || !/^\d{1,12}$/.test(args[0]!)) return io.fail('roster approve needs the id of a held sync.');
  const progress = progressReporter(io);
  try {
    const report = await service.approve(Number(args[0]), null, { source: 'cli', onProgress: progress.update });
    progress.done();
    printReport(report, io);
    return exitCodeFor(report);
  } catch (error) {
    progress.done();
    if (!(error instanceof RosterSyncNotHeld)) throw error;
    io.err.line(
      error.reason === 'superseded'
        ? `${error.message}.`
        : `Sync ${args[0]} is not waiting for approval: see "npm run cli -- roster status".`,
    );
    return ROSTER_EXIT.refused;
  }
}

function exitCodeFor(report: RosterReport): number {
  if (report.outcome === 'refused') return ROSTER_EXIT.refused;
  if (report.outcome === 'held') return ROSTER_EXIT.held;
  return ROSTER_EXIT.ok;
}

const OUTCOME_WORDS: Record<RosterReport['outcome'], string> = {
  applied: 'Applied',
  approved: 'Approved and applied',
  unchanged: 'Nothing to change: the portal already matches this roster',
  previewed: 'Preview (--dry-run): nothing was written',
  held: 'Held for approval: nothing was applied',
  refused: 'Refused: nothing was applied',
};

function printReport(report: RosterReport, { out, err }: RosterCommandIo) {
  const format = report.format ? ` (${report.format}${report.mode ? `, ${report.mode}` : ''})` : '';
  out.line(`${OUTCOME_WORDS[report.outcome]}: ${report.sourceName}${format}`);
  if (report.sameAsSync !== undefined) {
    out.line(`The same files as sync ${report.sameAsSync}, nothing written since (--full compares every row).`);
    return;
  }
  if (report.outcome !== 'refused') out.block(countsTable(report.counts).join('\n'));
  if (report.skippedGuardians > 0) out.line(`Parents and guardians skipped (never kept): ${report.skippedGuardians}`);
  if (report.warningCount > 0) {
    out.line(`Warnings (${report.warningCount}, rows skipped; the rest applies):`);
    for (const warning of report.warnings) out.line(`  ${problemText(warning)}`);
    if (report.warningCount > report.warnings.length)
      out.line(`  … and ${report.warningCount - report.warnings.length} more (roster status, or the admin page)`);
  }
  if (report.errors.length > 0) {
    err.line(`Errors (${report.errors.length}): fix the files and import again.`);
    for (const error of report.errors) err.line(`  ${problemText(error)}`);
  }
  if (report.hold) {
    out.line(holdText(report.hold));
    if (report.syncId !== undefined)
      out.line(`To apply it: npm run cli -- roster approve ${report.syncId}   (or import again with --approve)`);
  }
}

function holdText(hold: NonNullable<RosterReport['hold']>): string {
  const share = `${hold.deactivating} of ${hold.active} active people`;
  if (hold.reason === 'campus')
    return `It would deactivate every active person at ${hold.campus ?? 'a campus'} (${share}).`;
  if (hold.reason === 'empty_file')
    return `The ${hold.kind ?? ''} file came empty: it would deactivate every one of them.`;
  return `It would deactivate ${share}, more than the ${Math.round(hold.limit * 100)}% limit (GATEHOUSE_ROSTER_HOLD_SHARE).`;
}

async function statusCommand(service: RosterService, io: RosterCommandIo) {
  const { out, err } = io;
  const [health, syncs] = await Promise.all([service.health(), service.history(STATUS_SYNCS)]);
  const when = (at: number) => new Date(at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  out.line(
    health.lastGoodSyncAt === null
      ? 'No roster has been applied yet.'
      : `Last good sync: ${when(health.lastGoodSyncAt)}`,
  );
  if (health.stale) err.line('Warning: no good roster sync came in the last day. Is the SIS export still running?');
  for (const sync of syncs.filter((candidate) => candidate.outcome === 'held'))
    out.line(`Held for approval: sync ${sync.id} (${sync.sourceName}): npm run cli -- roster approve ${sync.id}`);
  if (syncs.length === 0) return ROSTER_EXIT.ok;
  out.line();
  out.line(`Recent syncs (newest first; ${COUNTS_LEGEND}):`);
  for (const sync of syncs) out.line(syncLine(sync, when));
  return ROSTER_EXIT.ok;
}

function syncLine(sync: RosterSyncSummary, when: (at: number) => string): string {
  const notes = [
    sync.warningCount > 0 ? `${sync.warningCount} warnings` : '',
    sync.errorCount > 0 ? `${sync.errorCount} errors` : '',
    sync.approvedBy || sync.approvedAt ? `approved ${sync.approvedAt ? when(sync.approvedAt) : ''}`.trim() : '',
  ].filter(Boolean);
  const counts = sync.outcome === 'refused' ? '' : `  ${countsLine(sync.counts)}`;
  return (
    `  #${sync.id}  ${when(sync.finishedAt)}  ${sync.source.padEnd(11)} ${sync.outcome.padEnd(9)} ${sync.sourceName}` +
    `${counts}${notes.length ? `  (${notes.join(', ')})` : ''}`
  );
}

/** A bar that overwrites itself on a terminal; a line per phase anywhere else. On stderr: --json owns stdout. */
function progressReporter({ err, isTerminal }: RosterCommandIo) {
  let phase: RosterProgress['phase'] | null = null;
  let drawn = false;
  return {
    update: ({ phase: now, done, total }: RosterProgress) => {
      if (!isTerminal) {
        if (now !== phase) err.line(`${PHASE_WORDS[now]}…`);
        phase = now;
        return;
      }
      phase = now;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(share * BAR_WIDTH);
      const figures = total > 0 ? `${done}/${total}` : `${done}`;
      err.progress(
        `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${PHASE_WORDS[now].padEnd(26)} ${figures.padEnd(16)}`,
      );
      drawn = true;
    },
    done: () => {
      if (drawn) err.line();
      drawn = false;
    },
  };
}
