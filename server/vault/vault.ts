import type { AppCatalog, CatalogApp } from '../apps/catalog';
import { isGranted } from '../apps/access-rules';
import type { AuditAction, AuditLog } from '../audit/audit-log';
import type { ConnectorStore, Connector } from '../connectors/connector-store';
import type { Directory, Person } from '../directory/directory';
import { AppError, rootCause } from '../errors';
import type { Storage, Tx } from '../storage/storage';
import { isOnOrigins } from '../../shared/origins';
import { countedReason, holdsCredential, type FillOutcomeReport } from '../../shared/vault/fill-outcome';
import { VaultDecryptError, type VaultCipher } from './cipher';
import { createVaultEntries, type Credential, type EntrySource, type VaultEntryRow } from './entries';
import { createLaunchStore, type Launch } from './launches';
import { vaultError, type VaultRefusal } from './refusals';

export interface VaultDeps {
  storage: Storage;
  cipher: VaultCipher;
  connectors: ConnectorStore;
  catalog: AppCatalog;
  directory: Directory;
  audit: AuditLog;
  now: () => number;
}

type Result<T> = ({ ok: true } & T) | { ok: false; code: VaultRefusal };

/** What a person's tile says about a vault app. */
export interface VaultTileStatus {
  appId: string;
  state: 'ready' | 'needs_attention' | 'missing' | 'not_configured';
  source: EntrySource | null;
  /** Why the credential is held back, when it is. */
  holdReason: string | null;
  userEntries: 'off' | 'it_wins' | 'user_wins';
  hasOwnEntry: boolean;
  withoutExtension: { showUsername: boolean; revealPassword: boolean };
  extraFieldLabel: string | null;
}

export interface ReleaseRequest {
  launchId: string;
  appId: string;
  /** The origin of the page the extension is about to fill. */
  origin: string;
  person: Person;
  ip: string;
  /** Marks the request's device proof used, in the release's own transaction; throws on a replay. */
  spendProof?: (tx: Tx) => Promise<void>;
}

interface Releasable {
  launchId: string;
  credential: Credential;
  connector: Connector;
  source: EntrySource;
  entry: VaultEntryRow;
}

const releaseUnavailable = () =>
  new AppError('release_unavailable', 503, 'The sign-in could not be released just now; nothing was sent.', {
    'Retry-After': '5',
  });

/**
 * The vault's decisions: who may launch what, releasing exactly one credential per launch, outcomes and
 * the lockout guard. Every release writes its audit row in the same transaction; if that write fails,
 * nothing is released.
 */
export function createVault(deps: VaultDeps) {
  const { storage, cipher, connectors, catalog, directory, audit, now } = deps;
  const entries = createVaultEntries(storage, cipher, now);
  const launches = createLaunchStore(storage, now);

  /** Records why this person was refused this app; returns the refusal's HTTP answer to throw. */
  async function refusal(action: AuditAction, person: Person, appId: string, code: VaultRefusal, ip?: string) {
    await audit.record({
      action,
      outcome: 'failure',
      actorUserId: person.id,
      subjectUserId: person.id,
      appId: appId.slice(0, 100),
      ip,
      detail: { reason: code },
    });
    return vaultError(code);
  }

  /** The app and its connector when this person may use its stored sign-in. */
  function entitlement(person: Person, appId: string): Result<{ app: CatalogApp; connector: Connector }> {
    const app = catalog.byId(appId);
    if (!app || person.status !== 'active' || !isGranted(app.rules, directory.accessFacts(person))) {
      return { ok: false, code: 'not_entitled' };
    }
    if (app.signInKind !== 'vault') return { ok: false, code: 'not_a_vault_app' };
    const connector = connectors.current(appId);
    return connector ? { ok: true, app, connector } : { ok: false, code: 'app_not_configured' };
  }

  async function usableEntry(
    person: Person,
    appId: string,
    connector: Connector,
  ): Promise<Result<{ entry: VaultEntryRow; source: EntrySource }>> {
    const resolved = await entries.resolve(person, appId, connector.definition.userEntries);
    if (!resolved) return { ok: false, code: 'credential_missing' };
    if (await launches.holdOn(resolved.entry.id, person.id, resolved.entry.version))
      return { ok: false, code: 'credential_on_hold' };
    return { ok: true, ...resolved };
  }

  const openFor = (entry: VaultEntryRow, person: Person): Result<{ credential: Credential }> => {
    try {
      const credential = entries.open(entry, person);
      return credential ? { ok: true, credential } : { ok: false, code: 'credential_missing' };
    } catch (error) {
      if (error instanceof VaultDecryptError) return { ok: false, code: 'credential_unreadable' };
      throw error;
    }
  };

  /** Everything a release needs to know, read before its transaction; the guarded update still decides. */
  async function decideRelease(request: ReleaseRequest): Promise<Result<Releasable>> {
    const { person } = request;
    const launch = await launches.find(request.launchId);
    if (!launch || launch.userId !== person.id) return { ok: false, code: 'launch_not_found' };
    if (launch.appId !== request.appId) return { ok: false, code: 'launch_app_mismatch' };
    if (launch.releasedAt !== null) return { ok: false, code: 'launch_used' };
    if (now() >= launch.expiresAt) return { ok: false, code: 'launch_expired' };
    const allowed = entitlement(person, launch.appId);
    if (!allowed.ok) return allowed;
    if (!isOnOrigins(request.origin, allowed.connector.definition.origins))
      return { ok: false, code: 'origin_not_allowed' };
    const usable = await usableEntry(person, launch.appId, allowed.connector);
    if (!usable.ok) return usable;
    const opened = openFor(usable.entry, person);
    if (!opened.ok) return opened;
    return {
      ok: true,
      launchId: launch.id,
      credential: opened.credential,
      connector: allowed.connector,
      entry: usable.entry,
      source: usable.source,
    };
  }

  /**
   * Inside the release's transaction: a hold placed since the decision (another process's outcome report) still
   * holds the value back, and the guarded update, not the read before, decides: a second request that got this
   * far, or one that waited past the launch's expiry, releases nothing.
   */
  async function markReleased(decided: { ok: true } & Releasable, person: Person, tx: Tx): Promise<Result<Releasable>> {
    if (await launches.holdOn(decided.entry.id, person.id, decided.entry.version, tx))
      return { ok: false, code: 'credential_on_hold' };
    if (await launches.markReleased(decided.launchId, decided.entry.id, decided.entry.version, tx)) return decided;
    const launch = await launches.find(decided.launchId, tx);
    return { ok: false, code: launch && launch.releasedAt === null ? 'launch_expired' : 'launch_used' };
  }

  /** The proof spent, the launch marked used and the audit row written: all three, or none. */
  const commitRelease = (request: ReleaseRequest, decided: Result<Releasable>) =>
    storage.transaction(async (tx): Promise<Result<Releasable>> => {
      await request.spendProof?.(tx);
      const result = decided.ok ? await markReleased(decided, request.person, tx) : decided;
      await audit.record(
        {
          action: 'vault.release',
          outcome: result.ok ? 'success' : 'failure',
          actorUserId: request.person.id,
          subjectUserId: request.person.id,
          appId: request.appId,
          ip: request.ip,
          detail: result.ok
            ? {
                launchId: request.launchId,
                source: result.source,
                entryId: result.entry.id,
                connectorVersion: result.connector.version,
              }
            : { launchId: request.launchId, reason: result.code },
        },
        tx,
      );
      return result;
    });

  /**
   * Someone confirmed a held credential (the person, IT, a helper with `unblock_sign_in`): the hold is lifted and
   * audited in one unit of work. False when there was no hold.
   */
  const confirmHeld = (held: { entryId: string; appId: string; userId: string }, actorUserId: string, ip?: string) =>
    storage.transaction(async (tx) => {
      if (!(await launches.liftHold(held.entryId, held.userId, tx))) return false;
      await audit.record(
        {
          action: 'vault.hold_lifted',
          outcome: 'success',
          actorUserId,
          subjectUserId: held.userId,
          appId: held.appId,
          ip,
          detail: { entryId: held.entryId },
        },
        tx,
      );
      return true;
    });

  return {
    entries,
    launches,
    entitlement,
    refusal,
    confirmHeld,

    /** A tile click: one launch the extension may redeem within a minute. */
    async launch(person: Person, appId: string, ip?: string) {
      const allowed = entitlement(person, appId);
      if (!allowed.ok) throw await refusal('vault.launch', person, appId, allowed.code, ip);
      const usable = await usableEntry(person, appId, allowed.connector);
      if (!usable.ok) throw await refusal('vault.launch', person, appId, usable.code, ip);
      const launch = await launches.create(person.id, appId);
      return {
        launchId: launch.id,
        appId,
        launchUrl: allowed.connector.definition.launchUrl,
        origins: allowed.connector.definition.origins,
        expiresAt: launch.expiresAt,
      };
    },

    /** Exactly the one credential for this launch, to this person, for this app, on its own origin. */
    async release(request: ReleaseRequest) {
      let result: Result<Releasable>;
      try {
        result = await commitRelease(request, await decideRelease(request));
      } catch (error) {
        if (error instanceof AppError) throw error;
        console.error('vault release failed and released nothing:', rootCause(error).message);
        throw releaseUnavailable();
      }
      if (!result.ok) throw vaultError(result.code);
      const { definition, version } = result.connector;
      return { credential: result.credential, source: result.source, connector: { version, ...definition } };
    },

    /**
     * What the extension saw after filling; a rejected credential is held back until fixed or confirmed.
     * A launch that never reached its release (no form, the wrong site) can still be reported as failed.
     */
    async reportOutcome(person: Person, launchId: string, report: FillOutcomeReport, ip: string) {
      /**
       * An unconfirmed rejection (after a static POST) is confirmed by a second one in a row on the same value:
       * each POST launch loaded a fresh login page first, so a stale page cannot explain both.
       */
      const confirmedReason = async (counted: FillOutcomeReport, used: Launch | undefined, tx: Tx) => {
        const reason = countedReason(counted);
        if (reason !== 'failure_unconfirmed' || !used) return reason;
        const before = await launches.previousReason(launchId, used.entryId!, person.id, used.entryVersion!, tx);
        return before === 'failure_unconfirmed' || before === 'credentials_rejected' ? 'credentials_rejected' : reason;
      };
      const launch = await launches.find(launchId);
      async function refuseReport(code: VaultRefusal): Promise<never> {
        await audit.record({
          action: 'vault.outcome_report',
          outcome: 'failure',
          actorUserId: person.id,
          // Whose launch it was, when it was someone else's: IT sees who reported on whom.
          subjectUserId: launch?.userId ?? null,
          appId: launch?.appId ?? null,
          ip,
          detail: { launchId: launchId.slice(0, 100), reason: code },
        });
        throw vaultError(code);
      }
      if (!launch || launch.userId !== person.id) return refuseReport('launch_not_found');
      const released = launch.releasedAt !== null && launch.entryId !== null;
      if (!released && report.outcome !== 'failed') return refuseReport('launch_not_released');
      await storage.transaction(async (tx) => {
        const reason = await confirmedReason(report, released ? launch : undefined, tx);
        await launches.recordOutcome(launchId, report.outcome, reason, tx);
        if (released && reason && holdsCredential(reason)) {
          await launches.placeHold(launch.entryId!, person.id, launch.entryVersion!, reason, tx);
        }
        if (report.outcome === 'failed') {
          await audit.record(
            {
              action: 'vault.fill_failed',
              outcome: 'failure',
              actorUserId: person.id,
              subjectUserId: person.id,
              appId: launch.appId,
              ip,
              // What the extension saw (element states only) tells IT whether to fix the connector.
              detail: { launchId, reason, ...(report.seen ? { seen: report.seen } : {}) },
            },
            tx,
          );
        }
      });
    },

    /** How each of this person's vault tiles stands. */
    async tileStatuses(person: Person): Promise<VaultTileStatus[]> {
      const apps = catalog.visibleTo(directory.accessFacts(person)).filter((app) => app.signInKind === 'vault');
      return Promise.all(
        apps.map(async (app): Promise<VaultTileStatus> => {
          const connector = connectors.current(app.id);
          const definition = connector?.definition;
          const base = {
            appId: app.id,
            userEntries: definition?.userEntries ?? 'off',
            withoutExtension: definition?.withoutExtension ?? { showUsername: false, revealPassword: false },
            extraFieldLabel: definition?.extraFieldLabel ?? null,
            hasOwnEntry: false,
            source: null,
            holdReason: null,
          } satisfies Omit<VaultTileStatus, 'state'>;
          if (!connector) return { ...base, state: 'not_configured' };
          const { chosen, hasOwnEntry } = await entries.choose(person, app.id, connector.definition.userEntries);
          if (!chosen) return { ...base, hasOwnEntry, state: 'missing' };
          const hold = await launches.holdOn(chosen.entry.id, person.id, chosen.entry.version);
          return {
            ...base,
            hasOwnEntry,
            source: chosen.source,
            holdReason: hold?.reason ?? null,
            state: hold ? 'needs_attention' : 'ready',
          };
        }),
      );
    },

    /** For a computer without the extension: the username and, where the app allows it, the password. */
    async signInHelp(person: Person, appId: string, reveal: boolean, ip?: string) {
      const action = reveal ? 'vault.reveal' : 'vault.sign_in_help';
      const allowed = entitlement(person, appId);
      if (!allowed.ok) throw await refusal(action, person, appId, allowed.code, ip);
      const { withoutExtension, launchUrl, extraFieldLabel } = allowed.connector.definition;
      if (reveal && !withoutExtension.revealPassword)
        throw await refusal(action, person, appId, 'reveal_not_allowed', ip);
      const resolved = await entries.resolve(person, appId, allowed.connector.definition.userEntries);
      const opened = resolved ? openFor(resolved.entry, person) : undefined;
      const credential = opened?.ok ? opened.credential : undefined;
      if (reveal) {
        if (!credential)
          throw await refusal(action, person, appId, opened && !opened.ok ? opened.code : 'credential_missing', ip);
        await audit.record({
          action: 'vault.reveal',
          outcome: 'success',
          actorUserId: person.id,
          subjectUserId: person.id,
          appId,
          ip,
          detail: { self: true },
        });
      }
      return {
        launchUrl,
        username: withoutExtension.showUsername || reveal ? (credential?.username ?? null) : null,
        password: reveal ? credential!.password : null,
        extra: withoutExtension.showUsername || reveal ? (credential?.extra ?? null) : null,
        extraFieldLabel: extraFieldLabel ?? null,
        canRevealPassword: withoutExtension.revealPassword && credential !== undefined,
      };
    },
  };
}

export type Vault = ReturnType<typeof createVault>;
