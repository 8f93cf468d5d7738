import { gunzipSync, gzipSync } from 'node:zlib';
import { ROSTER_KINDS, type RosterKind, type RosterProblem, type RosterReport } from '../../shared/roster';
import type { AccountStore } from '../accounts/account-store';
import type { AuditLog } from '../audit/audit-log';
import type { SessionStore } from '../auth/sessions';
import type { BadgeStore } from '../badges/badge-store';
import type { ExtensionSessionStore } from '../extension/extension-sessions';
import type { Storage, Tx } from '../storage/storage';
import type { LaunchStore } from '../vault/launches';
import { rosterSyncKey } from './bundle-hash';
import { hashRosterFiles, parseRoster } from './parse-roster';
import { planRoster, type RosterPlan } from './plan-roster';
import type { RosterBundle, RosterFiles } from './roster-bundle';
import type { ImportOptions, RosterPolicy } from './roster-service';
import { RosterSyncNotHeld } from './roster-service';
import type { PersonRow, RosterStore } from './roster-store';

export interface RosterImportDeps {
  storage: Storage;
  store: RosterStore;
  sessions: Pick<SessionStore, 'endAllFor'>;
  extensionSessions: Pick<ExtensionSessionStore, 'endAllFor'>;
  launches: Pick<LaunchStore, 'cancelUnreleasedFor'>;
  badges: Pick<BadgeStore, 'voidFor'>;
  accounts: Pick<AccountStore, 'dropClaimCodes' | 'dropTemporaryPasswords'>;
  audit: Pick<AuditLog, 'record'>;
  policy: RosterPolicy;
  /** Clever files name no district: the portal's district name, or a default. */
  districtName: () => Promise<string>;
  now: () => number;
  /**
   * Called inside the sync's transaction with the people it creates: the accounts feature gives them their
   * first way in there (a fixed password, a claim code), so a person never exists without one.
   */
  onProvisioned?: (people: PersonRow[], tx: Tx) => Promise<void>;
}

/** Warnings kept in a report and the history (the count is always whole). */
const WARNINGS_KEPT = 500;
/** Another process may write between our reading and our writing; the plan is made again this many times. */
const STALE_PLAN_RETRIES = 3;

interface SyncMeta {
  sourceName: string;
  fileHash: string;
  syncKey?: string;
  startedAt: number;
}

/**
 * The id of the last sync that applied (or found nothing to change) when it had these files and this policy:
 * every sync that writes is in the history, so nothing has changed what those files say since.
 */
async function sameAsLastSync(deps: RosterImportDeps, syncKey: string): Promise<number | undefined> {
  const last = await deps.store.lastGoodSync();
  return last?.syncKey === syncKey ? last.id : undefined;
}

/** Recorded under the sync lock, and only if that sync is still the last good one; undefined otherwise. */
async function unchangedAsBefore(deps: RosterImportDeps, meta: SyncMeta, options: ImportOptions, sameAsSync: number) {
  const report: RosterReport = { ...emptyReport(meta, deps.now()), outcome: 'unchanged', sameAsSync };
  return deps.storage.transaction(async (tx) => {
    await deps.store.lockForSync(tx);
    if ((await deps.store.lastGoodSync(tx))?.id !== sameAsSync) return undefined;
    return save(deps, options, report, null, tx);
  });
}

export async function importRosterFiles(
  deps: RosterImportDeps,
  files: RosterFiles,
  options: ImportOptions,
): Promise<RosterReport> {
  const startedAt = deps.now();
  const fileHash = hashRosterFiles(files);
  const meta = { sourceName: files.name, fileHash, syncKey: rosterSyncKey(fileHash, deps.policy), startedAt };
  const same = options.fullCompare || options.dryRun ? undefined : await sameAsLastSync(deps, meta.syncKey);
  const unchanged = same === undefined ? undefined : await unchangedAsBefore(deps, meta, options, same);
  if (unchanged) return unchanged;
  options.onProgress?.({ phase: 'checking', done: 0, total: files.files.size });
  const policy = { flagColumns: deps.policy.flagColumns, districtName: (await deps.districtName()) || 'District' };
  const parsed = parseRoster(files, policy, fileHash);
  if (!parsed.ok) return refuse(deps, meta, options, parsed.errors, parsed.warnings);
  return syncBundle(deps, parsed.bundle, meta, options);
}

/** A bundle already read (tests, and formats read elsewhere): compared, held or applied like files. */
export async function importRosterBundle(
  deps: RosterImportDeps,
  bundle: RosterBundle,
  source: { name: string; fileHash: string },
  options: ImportOptions,
): Promise<RosterReport> {
  return syncBundle(
    deps,
    bundle,
    { sourceName: source.name, fileHash: source.fileHash, startedAt: deps.now() },
    options,
  );
}

export async function approveHeldSync(
  deps: RosterImportDeps,
  syncId: number,
  actorId: string | null,
  options: Partial<Pick<ImportOptions, 'onProgress' | 'source'>> = {},
): Promise<RosterReport> {
  const held = await deps.store.findHeld(syncId);
  if (!held) {
    const superseded = (await deps.store.report(syncId))?.outcome === 'superseded';
    throw new RosterSyncNotHeld(syncId, superseded ? 'superseded' : 'not_held');
  }
  const bundle = JSON.parse(gunzipSync(Buffer.from(held.heldBundle, 'base64')).toString('utf8')) as RosterBundle;
  const report = await deps.store.report(syncId);
  const meta = {
    sourceName: held.sourceName,
    fileHash: held.fileHash,
    syncKey: report?.syncKey,
    startedAt: deps.now(),
  };
  return syncBundle(
    deps,
    bundle,
    meta,
    { ...options, source: options.source ?? 'cli', actorId, approve: true },
    syncId,
  );
}

async function syncBundle(
  deps: RosterImportDeps,
  bundle: RosterBundle,
  meta: SyncMeta,
  options: ImportOptions,
  approving?: number,
): Promise<RosterReport> {
  for (let attempt = 1; ; attempt++) {
    options.onProgress?.({ phase: 'comparing', done: 0, total: 0 });
    const current = await deps.store.loadCurrent();
    if (approving !== undefined && current.lastAppliedSyncId > approving)
      throw new RosterSyncNotHeld(approving, 'superseded');
    const plan = await planRoster(bundle, current, deps.policy);
    if (options.dryRun) return record(deps, meta, options, bundle, plan, 'previewed');
    const outcome = outcomeOf(plan, options, approving);
    const writes = outcome === 'applied' || outcome === 'approved';
    if (writes) options.onProgress?.({ phase: 'writing', done: 0, total: plan.rowsToWrite });
    let busy = false;
    // Held and unchanged are decided on what was read, too: recorded under the lock, or made again.
    const report = await deps.storage
      .transaction(async (tx) => {
        if ((await deps.store.lockForSync(tx)) !== current.lastAppliedSyncId) return undefined;
        if (writes) await applyPlan(deps, plan, tx);
        return record(deps, meta, options, bundle, plan, outcome, tx, approving);
      })
      .catch((error: unknown) => {
        // Another process (a sync, most likely) kept SQLite's write lock past the busy timeout: nothing was
        // written; what it wrote makes our plan stale, so plan again rather than fail.
        if (!isWriteLockBusy(error)) throw error;
        busy = true;
        return undefined;
      });
    if (writes) options.onProgress?.({ phase: 'writing', done: plan.rowsToWrite, total: plan.rowsToWrite });
    if (report) return report;
    if (attempt >= STALE_PLAN_RETRIES)
      throw new Error(
        busy
          ? 'Roster sync gave up: another process kept the database busy writing; nothing was applied, import again'
          : 'Roster sync gave up: other syncs kept writing meanwhile',
      );
  }
}

function outcomeOf(plan: RosterPlan, options: ImportOptions, approving: number | undefined): RosterReport['outcome'] {
  if (approving !== undefined) return 'approved';
  if (plan.hold && !options.approve) return 'held';
  return plan.rowsToWrite === 0 ? 'unchanged' : 'applied';
}

/** SQLite's answer when another connection held the write lock for longer than the busy timeout. */
const isWriteLockBusy = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_BUSY';

/** The writes, and what must end with a deactivation, in the caller's transaction. */
async function applyPlan(deps: RosterImportDeps, plan: RosterPlan, tx: Tx) {
  const at = deps.now();
  await deps.store.write(plan.write, at, tx);
  // Their badge sessions end with the rest of their sessions below.
  await deps.badges.voidFor(plan.deactivatedPeople, 'deactivated', null, at, tx);
  await deps.accounts.dropClaimCodes(plan.deactivatedPeople, tx);
  await deps.accounts.dropTemporaryPasswords(plan.deactivatedPeople, tx);
  for (const userId of plan.deactivatedPeople) {
    await deps.sessions.endAllFor(userId, tx);
    await deps.extensionSessions.endAllFor(userId, tx);
    await deps.launches.cancelUnreleasedFor(userId, tx);
  }
  if (plan.provisioned.length && deps.onProvisioned) await deps.onProvisioned(plan.provisioned, tx);
}

async function record(
  deps: RosterImportDeps,
  meta: SyncMeta,
  options: ImportOptions,
  bundle: RosterBundle,
  plan: RosterPlan,
  outcome: RosterReport['outcome'],
  tx?: Tx,
  approving?: number,
): Promise<RosterReport> {
  const report: RosterReport = {
    outcome,
    format: bundle.format,
    mode: modeOf(bundle),
    fileHash: meta.fileHash,
    ...(meta.syncKey ? { syncKey: meta.syncKey } : {}),
    sourceName: meta.sourceName,
    counts: plan.counts,
    skippedGuardians: bundle.skippedGuardians,
    samples: plan.samples,
    ...(plan.hold ? { hold: plan.hold } : {}),
    warnings: plan.warnings.slice(0, WARNINGS_KEPT),
    warningCount: plan.warnings.length,
    errors: [],
    startedAt: meta.startedAt,
    finishedAt: deps.now(),
  };
  const heldBundle = outcome === 'held' ? gzipSync(JSON.stringify(bundle)).toString('base64') : null;
  return save(deps, options, report, heldBundle, tx, approving);
}

async function refuse(
  deps: RosterImportDeps,
  meta: SyncMeta,
  options: ImportOptions,
  errors: RosterProblem[],
  warnings: RosterProblem[],
): Promise<RosterReport> {
  const report: RosterReport = {
    ...emptyReport(meta, deps.now()),
    outcome: 'refused',
    warnings: warnings.slice(0, WARNINGS_KEPT),
    warningCount: warnings.length,
    errors: errors.slice(0, WARNINGS_KEPT),
  };
  return save(deps, options, report, null);
}

function emptyReport(meta: SyncMeta, finishedAt: number): Omit<RosterReport, 'outcome'> {
  return {
    format: null,
    mode: null,
    fileHash: meta.fileHash,
    ...(meta.syncKey ? { syncKey: meta.syncKey } : {}),
    sourceName: meta.sourceName,
    counts: emptyCounts(),
    skippedGuardians: 0,
    samples: { added: [], deactivated: [], reactivated: [], changed: [] },
    warnings: [],
    warningCount: 0,
    errors: [],
    startedAt: meta.startedAt,
    finishedAt,
  };
}

/** Outcomes after which an older held sync no longer says what should happen next. */
const SUPERSEDING: RosterReport['outcome'][] = ['applied', 'approved', 'unchanged', 'held'];

/**
 * The history row and the audit event, together (in the sync's own transaction when it has one). An approval
 * turns the held row into the approved one. Older held syncs are superseded: their files are no longer the
 * latest, and their bundles (names, emails) are not kept.
 */
async function save(
  deps: RosterImportDeps,
  options: ImportOptions,
  report: RosterReport,
  heldBundle: string | null,
  tx?: Tx,
  approving?: number,
): Promise<RosterReport> {
  const write = async (unit: Tx) => {
    const syncId = approving ?? (await deps.store.recordSync(syncRecord(options, report, heldBundle), unit));
    if (approving !== undefined && !(await deps.store.markApproved(approving, options.actorId, report, unit)))
      throw new RosterSyncNotHeld(approving);
    if (SUPERSEDING.includes(report.outcome)) await deps.store.supersedeHeld(syncId, unit);
    await deps.audit.record(
      {
        action: `roster.${report.outcome}`,
        outcome: report.outcome === 'refused' ? 'failure' : 'success',
        actorUserId: options.actorId,
        detail: { syncId, source: options.source, fileHash: report.fileHash, ...countsDetail(report) },
      },
      unit,
    );
    return { ...report, syncId };
  };
  return tx ? write(tx) : deps.storage.transaction(write);
}

function syncRecord(options: ImportOptions, report: RosterReport, heldBundle: string | null) {
  return {
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    source: options.source,
    sourceName: report.sourceName,
    format: report.format,
    fileHash: report.fileHash,
    actorId: options.actorId,
    outcome: report.outcome,
    report,
    heldBundle,
  };
}

/** Counts only: no names in the audit log. */
function countsDetail(report: RosterReport) {
  const counts: Record<string, string> = {};
  for (const kind of ROSTER_KINDS) {
    const c = report.counts[kind];
    counts[kind] = `+${c.added} ~${c.changed} -${c.deactivated} ↑${c.reactivated}`;
  }
  return { counts, warnings: report.warningCount, errors: report.errors.length, hold: report.hold?.reason ?? null };
}

function modeOf(bundle: RosterBundle): RosterReport['mode'] {
  const modes = new Set(
    [bundle.orgs, bundle.people, bundle.sessions, bundle.classes, bundle.enrollments]
      .map((rows) => rows.mode)
      .filter((mode) => mode !== 'absent'),
  );
  if (modes.size === 1) return [...modes][0] as 'bulk' | 'delta';
  return modes.size === 0 ? null : 'mixed';
}

export function emptyCounts(): Record<RosterKind, RosterReport['counts'][RosterKind]> {
  const zero = () => ({ added: 0, changed: 0, deactivated: 0, reactivated: 0, unchanged: 0 });
  return { people: zero(), campuses: zero(), classes: zero(), enrollments: zero() };
}
