import { z } from 'zod';
import type { AuditEntry } from '../audit/audit-log';
import { catalogFileSchema, type CatalogFile, type CatalogImportResult } from '../../shared/catalog-admin';
import type { CatalogApp } from './catalog';
import { draftOf } from '../../shared/catalog-admin';
import { checkApps, nextVersionOf, sameAsStored, type AppProblem } from './catalog-checks';
import type { Actor, CatalogEditor, CatalogEditorDeps, PlannedSave } from './catalog-editor';

export type CatalogImportOutcome = ({ ok: true } & CatalogImportResult) | { ok: false; problems: AppProblem[] };

/** The whole catalog as `apps export` writes it, retired apps too, each with its rules. */
export async function exportCatalog({ store }: Pick<CatalogEditorDeps, 'store'>): Promise<CatalogFile> {
  const apps = await store.list();
  return {
    format: 'gatehouse-catalog',
    version: 1,
    apps: apps.map((app) => ({ ...draftOf(app), retired: app.retiredAt !== null })),
  };
}

/** The file's outside, checked before each app in it (so every app's problems can be listed). */
const fileEnvelope = catalogFileSchema.extend({ apps: z.array(z.unknown()).max(1000) });
const fileApp = catalogFileSchema.shape.apps.element;
type FileApp = z.infer<typeof fileApp>;

const issueProblem = (input: unknown, issue: { path: PropertyKey[]; message: string }): AppProblem => ({
  app: appAt(input, issue.path),
  field:
    (issue.path[0] === 'apps' && typeof issue.path[1] === 'number' ? issue.path.slice(2) : issue.path).join('.') ||
    'file',
  code: 'invalid_request',
  problem: issue.message,
});

/** Names an app in a file that did not parse: its slug when it has one, else its place ("#3"). */
function appAt(input: unknown, path: PropertyKey[]): string {
  if (path[0] !== 'apps' || typeof path[1] !== 'number') return '';
  const app = (input as { apps?: { slug?: unknown }[] }).apps?.[path[1]];
  return typeof app?.slug === 'string' && app.slug ? app.slug : `#${path[1] + 1}`;
}

/**
 * Checks the whole file first (every problem, with its app's slug and field), then saves all of it or nothing,
 * in one transaction. Apps are matched by slug; apps not in the file are left alone. `dryRun` saves nothing.
 */
export async function importCatalog(
  deps: CatalogEditorDeps & { editor: Pick<CatalogEditor, 'commit'> },
  input: unknown,
  actor: Actor,
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<CatalogImportOutcome> {
  const file = fileEnvelope.safeParse(input);
  if (!file.success) return { ok: false, problems: file.error.issues.map((issue) => issueProblem(input, issue)) };
  const problems: AppProblem[] = [];
  const apps: FileApp[] = [];
  for (const [index, entry] of file.data.apps.entries()) {
    const app = fileApp.safeParse(entry);
    if (app.success) apps.push(app.data);
    else
      problems.push(
        ...app.error.issues.map((issue) => issueProblem(input, { ...issue, path: ['apps', index, ...issue.path] })),
      );
  }
  const stored = await deps.store.list();
  const bySlug = new Map(stored.map((app) => [app.slug, app]));
  const inFile = new Set(apps.map((app) => app.slug));
  problems.push(
    ...(await checkApps(
      apps.map(({ retired, ...draft }) => ({ id: bySlug.get(draft.slug)?.id, draft, retired })),
      stored.filter((app) => !inFile.has(app.slug)),
      deps,
    )),
  );
  if (problems.length > 0) return { ok: false, problems };

  const result: CatalogImportResult = { created: [], updated: [], unchanged: [], retired: [] };
  const saves: PlannedSave[] = [];
  for (const { retired, ...draft } of apps) {
    const current = bySlug.get(draft.slug);
    if (current && sameAsStored(draft, current) && (current.retiredAt !== null) === retired) {
      result.unchanged.push(draft.slug);
      continue;
    }
    const retiredAt = retired ? (current?.retiredAt ?? deps.now()) : null;
    saves.push({ app: nextVersionOf(draft, current, { retiredAt }), change: 'imported' });
    result[outcomeOf(current, retired)].push(draft.slug);
  }
  if (dryRun) return { ok: true, ...result };
  const audited: AuditEntry = {
    action: 'catalog.imported',
    outcome: 'success',
    actorUserId: actor.userId,
    ip: actor.ip ?? null,
    detail: { ...result, via: actor.userId ? 'web' : 'cli' },
  };
  if (saves.length > 0) await deps.editor.commit(saves, actor, [audited]);
  else await deps.audit.record(audited);
  return { ok: true, ...result };
}

function outcomeOf(current: CatalogApp | undefined, retired: boolean): 'created' | 'updated' | 'retired' {
  if (!current) return 'created';
  return retired && current.retiredAt === null ? 'retired' : 'updated';
}
