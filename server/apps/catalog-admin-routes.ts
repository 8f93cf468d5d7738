import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { displayName, type Directory } from '../directory/directory';
import { AppError, invalidRequest, notFound } from '../errors';
import { limitBody, MB } from '../http/body-limit';
import type { AppEnv } from '../http/env';
import { clientIp, readBody, readJson } from '../http/request';
import { appDraftSchema, ICON_MAX_BYTES, previewBody, type AppVersionView } from '../../shared/catalog-admin';
import type { AccessRule } from './access-rules';
import { adminAppOf } from './catalog-checks';
import type { Actor, CatalogEditor, CatalogEditorDeps } from './catalog-editor';
import { exportCatalog, importCatalog } from './catalog-file';
import { previewRules } from './catalog-preview';
import { iconDataUrl } from './app-icons';

/** A catalog file of 1,000 apps with their rules fits. */
export const CATALOG_IMPORT_MAX_BYTES = 4 * MB;

const editBody = z.strictObject({ draft: appDraftSchema, version: z.number().int().min(1) });
const importQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });

const iconTooLarge = () => new AppError('icon_too_large', 400, `icon: must be at most ${ICON_MAX_BYTES / 1024} kB`);

/** IT's Apps page: add, edit, retire and restore apps and their rules, preview, export and import (guarded where mounted). */
export function createCatalogAdminRoutes(deps: CatalogEditorDeps & { editor: CatalogEditor }) {
  const { store, editor, directory, audit } = deps;
  const routes = new Hono<AppEnv>();
  const actorOf = (c: Context<AppEnv>): Actor => ({ userId: c.get('viewer').person.id, ip: clientIp(c) });

  routes.get('/apps', async (c) => c.json({ apps: (await store.list()).map(adminAppOf) }));

  routes.get('/apps/:id', async (c) => {
    const app = await store.find(c.req.param('id'));
    if (!app) throw notFound('That app');
    return c.json({ app: adminAppOf(app), versions: await versionsNamed(directory, await store.versions(app.id)) });
  });

  /** The body checked whole; a refused one is audited as a refused save, naming the field. */
  async function readAudited<T extends z.ZodType>(c: Context<AppEnv>, schema: T, action: 'app.created' | 'app.edited') {
    const parsed = schema.safeParse(await readBody(c));
    if (parsed.success) return parsed.data as z.infer<T>;
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'body';
    await audit.record({
      action,
      outcome: 'failure',
      actorUserId: c.get('viewer').person.id,
      appId: c.req.param('id') ?? null,
      ip: clientIp(c),
      detail: { reason: 'invalid_request', field },
    });
    throw invalidRequest(field, issue.message);
  }

  routes.post('/apps', async (c) => {
    const draft = await readAudited(c, appDraftSchema, 'app.created');
    return c.json(adminAppOf(await editor.create(draft, actorOf(c))), 201);
  });

  routes.put('/apps/:id', async (c) => {
    const { draft, version } = await readAudited(c, editBody, 'app.edited');
    return c.json(adminAppOf(await editor.edit(c.req.param('id'), draft, version, actorOf(c))));
  });

  routes.post('/apps/:id/retire', async (c) => c.json(adminAppOf(await editor.retire(c.req.param('id'), actorOf(c)))));
  routes.post('/apps/:id/restore', async (c) =>
    c.json(adminAppOf(await editor.restore(c.req.param('id'), actorOf(c)))),
  );

  routes.put('/apps/:id/icon', limitBody(ICON_MAX_BYTES, { explain: iconTooLarge }), async (c) => {
    const image = iconDataUrl(new Uint8Array(await c.req.arrayBuffer()));
    if (!image.ok) throw new AppError(image.code, 400, `icon: ${image.problem}`);
    return c.json(adminAppOf(await editor.setIcon(c.req.param('id'), image.dataUrl, actorOf(c))));
  });
  routes.delete('/apps/:id/icon', async (c) =>
    c.json(adminAppOf(await editor.setIcon(c.req.param('id'), '', actorOf(c)))),
  );

  routes.post('/preview', async (c) => {
    const { appId, draft, names } = await readJson(c, previewBody);
    const current = appId === undefined ? undefined : await store.find(appId);
    if (appId !== undefined && !current) throw notFound('That app');
    // A retired app shows no tile before or after a save that keeps it retired.
    const live = !current || current.retiredAt === null;
    const rulesNow = current && live ? current.rules : [];
    const rulesAfter: AccessRule[] = live
      ? draft.rules.map((rule, index) => ({ id: rule.id ?? `draft-${index}`, ...rule }))
      : [];
    return c.json(await previewRules(directory, rulesNow, rulesAfter, names));
  });

  routes.get('/export', async (c) => {
    const file = await exportCatalog(deps);
    await audit.record({
      action: 'catalog.exported',
      outcome: 'success',
      actorUserId: c.get('viewer').person.id,
      ip: clientIp(c),
      detail: { apps: file.apps.length },
    });
    c.header('Content-Disposition', 'attachment; filename="gatehouse-catalog.json"');
    return c.json(file);
  });

  routes.post('/import', limitBody(CATALOG_IMPORT_MAX_BYTES), async (c) => {
    const { dryRun } = importQueryOf(c.req.query());
    const actor = actorOf(c);
    const outcome = await importCatalog(deps, await readBody(c), actor, { dryRun });
    if (outcome.ok) {
      const { ok: _ok, ...result } = outcome;
      return c.json(result);
    }
    await audit.record({
      action: 'catalog.imported',
      outcome: 'failure',
      actorUserId: actor.userId,
      ip: actor.ip,
      detail: { problems: outcome.problems.length },
    });
    const first = outcome.problems[0]!;
    throw new AppError(
      'catalog_file_invalid',
      400,
      `Nothing was imported. ${first.app ? `${first.app}: ` : ''}${first.field}: ${first.problem}`,
      {},
      // The first hundred are enough to fix a file; a broken file must not make a reply many times its size.
      outcome.problems.slice(0, MAX_PROBLEMS_SHOWN),
    );
  });

  return routes;
}

const MAX_PROBLEMS_SHOWN = 100;

function importQueryOf(query: Record<string, string>) {
  const parsed = importQuery.safeParse(query);
  return { dryRun: parsed.success && parsed.data.dryRun === 'true' };
}

/** Versions with who saved each by name (a person may have left: then their id). */
async function versionsNamed(directory: Directory, versions: AppVersionView[]): Promise<AppVersionView[]> {
  const ids = [...new Set(versions.map((v) => v.changedBy).filter((id): id is string => id !== null))];
  const names = new Map(
    await Promise.all(
      ids.map(async (id) => {
        const person = await directory.findById(id);
        return [id, person ? displayName(person) : id] as const;
      }),
    ),
  );
  return versions.map((v) => ({ ...v, changedBy: v.changedBy === null ? null : (names.get(v.changedBy) ?? null) }));
}
