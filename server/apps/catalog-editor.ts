import type { AuditEntry, AuditLog } from '../audit/audit-log';
import type { Directory } from '../directory/directory';
import { AppError, notFound, rootCause } from '../errors';
import type { Storage } from '../storage/storage';
import type { AppDraft } from '../../shared/catalog-admin';
import type { AppCatalog, CatalogApp } from './catalog';
import { draftOf } from '../../shared/catalog-admin';
import { changesBetween, checkApps, nextVersionOf, type AppAfter, type AppProblem } from './catalog-checks';
import type { AppChange, CatalogStore } from './catalog-store';

export interface CatalogEditorDeps {
  storage: Storage;
  store: CatalogStore;
  /** This process's in-memory copy, refreshed once a write has committed. */
  catalog: Pick<AppCatalog, 'refresh'>;
  directory: Directory;
  audit: AuditLog;
  now: () => number;
  allowDevelopmentHttp: boolean;
}

/** Who is changing the catalog: a person, or the command line (null). */
export interface Actor {
  userId: string | null;
  ip?: string;
}

/** One version to save, with the audit row that goes in the same transaction. */
export interface PlannedSave {
  app: CatalogApp;
  change: AppChange['kind'];
}

export const staleVersion = () =>
  new AppError('stale_version', 409, 'Someone saved this app since it was opened: reload it and edit again.');

/** The first problem as the error, every problem in its details; a taken slug is a conflict. */
export function appProblemsError(problems: AppProblem[]): AppError {
  const first = problems[0]!;
  return new AppError(
    first.code,
    first.code === 'slug_taken' ? 409 : 400,
    `${first.field}: ${first.problem}`,
    {},
    problems,
  );
}

const isUniqueViolation = (error: unknown) => {
  const code = (rootCause(error) as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
};

/**
 * IT's changes to the catalog. Each is one transaction: the app row, its rules, a version snapshot, the catalog's
 * generation and the audit row; every process's copy follows within about a second, this one's at once.
 */
export function createCatalogEditor(deps: CatalogEditorDeps) {
  const { storage, store, catalog, directory, audit, now } = deps;

  /** Saves every planned version in one transaction with the audit rows; refreshes this process's copy after. */
  async function commit(saves: PlannedSave[], actor: Actor, auditRows: AuditEntry[]) {
    const at = now();
    try {
      await storage.transaction(async (tx) => {
        for (const { app, change } of saves)
          if (!(await store.save(app, { kind: change, by: actor.userId, at }, tx))) throw staleVersion();
        for (const entry of auditRows) await audit.record(entry, tx);
      });
    } catch (error) {
      // Two saves of one new slug at the same moment: the database's unique index decides.
      if (isUniqueViolation(error)) throw new AppError('slug_taken', 409, 'slug: is already the slug of another app');
      throw error;
    }
    await catalog.refresh();
  }

  const auditRow = (action: AuditEntry['action'], app: CatalogApp, actor: Actor, detail: object): AuditEntry => ({
    action,
    outcome: 'success',
    actorUserId: actor.userId,
    appId: app.id,
    ip: actor.ip ?? null,
    detail: { version: app.version, ...detail },
  });

  /** Checks `after` against the rest of the catalog; a refusal is audited, then thrown. */
  async function checked(after: AppAfter, action: AuditEntry['action'], actor: Actor, only?: string[]) {
    const others = (await store.list()).filter((app) => app.id !== after.id);
    const problems = (await checkApps([after], others, deps)).filter((p) => !only || only.includes(p.code));
    if (problems.length === 0) return;
    await audit.record({
      action,
      outcome: 'failure',
      actorUserId: actor.userId,
      appId: after.id ?? null,
      ip: actor.ip ?? null,
      detail: { reason: problems[0]!.code, problems: problems.length },
    });
    throw appProblemsError(problems);
  }

  async function existing(id: string) {
    const app = await store.find(id);
    if (!app) throw notFound('That app');
    return app;
  }

  /** Retires or restores; doing it again changes nothing. */
  async function setRetired(id: string, retire: boolean, actor: Actor) {
    const current = await existing(id);
    if ((current.retiredAt !== null) === retire) return current;
    const action = retire ? 'app.retired' : 'app.restored';
    // A tile coming back must not look like one added while it was away.
    if (!retire) await checked({ id, draft: draftOf(current), retired: false }, action, actor, ['looks_alike']);
    const app = nextVersionOf(draftOf(current), current, { retiredAt: retire ? now() : null });
    await commit([{ app, change: retire ? 'retired' : 'restored' }], actor, [auditRow(action, app, actor, {})]);
    return app;
  }

  return {
    async create(draft: AppDraft, actor: Actor): Promise<CatalogApp> {
      await checked({ draft, retired: false }, 'app.created', actor);
      const app = nextVersionOf(draft, undefined);
      await commit([{ app, change: 'created' }], actor, [auditRow('app.created', app, actor, { slug: app.slug })]);
      return app;
    },

    /** Saves `draft` over the app if it is still at `version`; otherwise 409 `stale_version`. */
    async edit(id: string, draft: AppDraft, version: number, actor: Actor): Promise<CatalogApp> {
      const current = await existing(id);
      if (current.version !== version) throw staleVersion();
      await checked({ id, draft, retired: current.retiredAt !== null }, 'app.edited', actor);
      const app = nextVersionOf(draft, current);
      const detail = changesBetween(current, app);
      await commit([{ app, change: 'edited' }], actor, [auditRow('app.edited', app, actor, detail)]);
      return app;
    },

    retire: (id: string, actor: Actor) => setRetired(id, true, actor),
    restore: (id: string, actor: Actor) => setRetired(id, false, actor),

    /** Puts an uploaded icon (a checked `data:` URL) in place of the built-in one, or takes it away (''). */
    async setIcon(id: string, iconImage: string, actor: Actor): Promise<CatalogApp> {
      const current = await existing(id);
      if (current.iconImage === iconImage) return current;
      const app = nextVersionOf(draftOf(current), current, { iconImage });
      await commit([{ app, change: 'edited' }], actor, [
        auditRow('app.edited', app, actor, { fields: ['iconImage'], rules: { added: [], removed: [], changed: [] } }),
      ]);
      return app;
    },

    commit,
  };
}

export type CatalogEditor = ReturnType<typeof createCatalogEditor>;
