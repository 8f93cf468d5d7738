import fs from 'node:fs';
import path from 'node:path';
import type { RosterOutcome } from '../../shared/roster';
import { rootCause } from '../errors';
import { readRosterPath } from './read-files';
import { countsLine, problemsOf } from './report-text';
import type { RosterService } from './roster-service';

// The folder an SIS's nightly (or hourly) SFTP export writes into. A bundle is a `.zip`, or a sub-folder with a
// `ready` marker or with the roster's main file; it is read only once its size and modification time have
// stayed the same for a few seconds (the SIS may still be writing), imported, then moved out of the way.

/** Where a bundle goes once imported; they are never looked at again. */
export const DROP_SUBFOLDERS = { done: 'done', refused: 'refused', held: 'held' } as const;
const FOLDER_MAIN_FILES = ['manifest.csv', 'users.csv', 'students.csv'];
const READY_MARKER = 'ready';
/** How long a bundle's files must stay the same before they are read. */
export const DEFAULT_SETTLE_MS = 3_000;

export interface DropFolderOptions {
  folder: string;
  roster: RosterService;
  /** How often the folder is looked at besides file-system events (which some network shares never send). */
  checkEveryMs: number;
  settleMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface DropFolderWatch {
  /** Looks now, and resolves once every bundle that was ready has been imported. */
  checkNow(): Promise<void>;
  close(): Promise<void>;
}

interface Seen {
  signature: string;
  since: number;
}

export function watchDropFolder(options: DropFolderOptions): DropFolderWatch {
  const { folder, checkEveryMs, settleMs = DEFAULT_SETTLE_MS, now = Date.now, log = console.log } = options;
  for (const sub of Object.values(DROP_SUBFOLDERS)) fs.mkdirSync(path.join(folder, sub), { recursive: true });
  const seen = new Map<string, Seen>();
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let settleTimer: NodeJS.Timeout | undefined;

  /** One pass at a time: a pass asked for while one runs happens right after it. */
  const check = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const waiting = await importReadyBundles();
        if (waiting && !closed) scheduleSettleCheck();
      } while (again && !closed);
    })()
      .catch((error: Error) => log(`Roster drop folder: could not look at ${folder}: ${rootCause(error).message}`))
      .finally(() => (running = null));
    return running;
  };

  /** Imports each settled bundle; true when some are still settling. */
  const importReadyBundles = async (): Promise<boolean> => {
    let waiting = false;
    const names = candidates(folder);
    for (const name of [...seen.keys()]) if (!names.includes(name)) seen.delete(name);
    for (const name of names) {
      if (closed) return false;
      if ((retryAt.get(name) ?? 0) > now()) continue;
      const state = settleState(folder, name, seen, now(), settleMs);
      if (state === 'settling') waiting = true;
      if (state !== 'ready') continue;
      seen.delete(name);
      await importBundle(name);
    }
    return waiting;
  };

  /** Bundles whose import failed for a reason of the portal's (not the file's): not tried again before then. */
  const retryAt = new Map<string, number>();
  /** Bundles that could not be moved away (permissions): imported once, then left alone until a restart. */
  const stuck = new Set<string>();

  const importBundle = async (name: string) => {
    if (stuck.has(name)) return;
    const started = now();
    const outcome = await importOne(options.roster, path.join(folder, name));
    if (outcome.outcome === 'failed') {
      retryAt.set(name, now() + checkEveryMs);
      log(`Roster drop folder: ${name} failed (${outcome.summary}); it stays, to be tried again at the next look`);
      return;
    }
    retryAt.delete(name);
    let moved: string;
    try {
      moved = moveAway(folder, name, outcome.outcome, started);
    } catch (error) {
      stuck.add(name);
      moved = `nowhere (${rootCause(error as Error).message}; it is not imported again until a restart)`;
    }
    log(
      `Roster drop folder: ${name} ${outcome.outcome}${outcome.syncId === undefined ? '' : ` (sync ${outcome.syncId})`}` +
        ` in ${now() - started} ms; ${outcome.summary}; moved to ${moved}`,
    );
  };

  const scheduleSettleCheck = () => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => void check(), settleMs);
    settleTimer.unref();
  };

  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(folder, () => void check());
    watcher.on('error', () => watcher?.close());
  } catch {
    // Some file systems cannot be watched; the interval still looks.
  }
  const interval = setInterval(() => void check(), checkEveryMs);
  interval.unref();
  void check();

  return {
    checkNow: check,
    async close() {
      closed = true;
      clearInterval(interval);
      clearTimeout(settleTimer);
      watcher?.close();
      await running;
    },
  };
}

/** The folder's entries that may be bundles: `.zip` files and sub-folders, not dot files nor our own folders. */
function candidates(folder: string): string[] {
  const own = new Set<string>(Object.values(DROP_SUBFOLDERS));
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && !own.has(entry.name))
    .filter((entry) => (entry.isFile() && entry.name.toLowerCase().endsWith('.zip')) || entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * `ready` once the bundle's files have kept the same sizes and times for `settleMs` (a folder with a `ready`
 * marker at once); `settling` while they may still be written; `none` for a folder that is not a bundle.
 */
function settleState(folder: string, name: string, seen: Map<string, Seen>, at: number, settleMs: number) {
  const signature = signatureOf(path.join(folder, name));
  if (signature === null) return 'none';
  if (signature.ready) return 'ready';
  const before = seen.get(name);
  if (!before || before.signature !== signature.text) {
    seen.set(name, { signature: signature.text, since: at });
    return 'settling';
  }
  return at - before.since >= settleMs ? 'ready' : 'settling';
}

/** Sizes and modification times of a `.zip`, or of every file in a bundle folder; null when it is not one. */
function signatureOf(target: string): { text: string; ready: boolean } | null {
  try {
    const stat = fs.statSync(target);
    if (stat.isFile()) return { text: `${stat.size}:${stat.mtimeMs}`, ready: false };
    const files = fs.readdirSync(target).sort();
    const lower = files.map((file) => file.toLowerCase());
    const ready = lower.includes(READY_MARKER);
    if (!ready && !FOLDER_MAIN_FILES.some((main) => lower.includes(main))) return null;
    const parts = files.map((file) => {
      const fileStat = fs.statSync(path.join(target, file));
      return `${file}:${fileStat.size}:${fileStat.mtimeMs}`;
    });
    return { text: parts.join('|'), ready };
  } catch {
    // Moved or deleted while looked at: the next pass sees what is there.
    return null;
  }
}

/**
 * Imports one bundle; a file that cannot be read as a roster is a refusal like any other, never a crash. Any
 * other failure (the database down, a file the portal may not read) is `failed`: the bundle stays to be tried again.
 */
async function importOne(roster: RosterService, target: string) {
  try {
    const report = await roster.importFiles(await readRosterPath(target), { source: 'drop_folder', actorId: null });
    const problems = report.errors.length ? `; ${report.errors.length} errors` : '';
    const warnings = report.warningCount ? `; ${report.warningCount} warnings` : '';
    const summary = report.outcome === 'refused' ? `${report.errors.length} errors` : countsLine(report.counts);
    return {
      outcome: report.outcome,
      syncId: report.syncId,
      summary: `${summary}${report.outcome === 'refused' ? '' : problems}${warnings}`,
    };
  } catch (error) {
    const [problem] = problemsOf(error);
    const cause = rootCause(error as Error).message;
    if (problem)
      return { outcome: 'refused' as const, syncId: undefined, summary: `not read (${problem.code}): ${cause}` };
    return { outcome: 'failed' as const, syncId: undefined, summary: cause };
  }
}

const SUBFOLDER_FOR: Record<RosterOutcome, keyof typeof DROP_SUBFOLDERS> = {
  applied: 'done',
  unchanged: 'done',
  approved: 'done',
  previewed: 'done',
  held: 'held',
  refused: 'refused',
};

/** Moves the bundle into done/, refused/ or held/ with a timestamp prefix; returns where, relative to the folder. */
function moveAway(folder: string, name: string, outcome: RosterOutcome, at: number): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const relative = path.join(DROP_SUBFOLDERS[SUBFOLDER_FOR[outcome]], `${stamp}-${name}`);
  let destination = path.join(folder, relative);
  for (let n = 2; fs.existsSync(destination); n++) destination = path.join(folder, `${relative}-${n}`);
  fs.renameSync(path.join(folder, name), destination);
  return path.relative(folder, destination);
}
