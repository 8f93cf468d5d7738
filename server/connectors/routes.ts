import { Hono } from 'hono';
import type { AppCatalog } from '../apps/catalog';
import type { AuditLog } from '../audit/audit-log';
import { AppError, notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, readBody } from '../http/request';
import { ConnectorInvalidError, type ConnectorStore } from './connector-store';

/** IT defines, versions and shares app connectors (guarded where mounted). */
export function createConnectorRoutes({
  connectors,
  catalog,
  audit,
}: {
  connectors: ConnectorStore;
  catalog: AppCatalog;
  audit: AuditLog;
}) {
  const routes = new Hono<AppEnv>();
  const appOr404 = (id: string) =>
    catalog.byId(id) ??
    (() => {
      throw notFound('That app');
    })();
  const slugOf = (appId: string) => catalog.byId(appId)?.slug ?? appId;
  const appIdOf = (slug: string) => catalog.all().find((app) => app.slug === slug)?.id;

  /** A refused save is audited too: it names who tried, and how many problems it had. */
  const saveAudited = async (appId: string, input: unknown, viewerId: string, ip: string) => {
    try {
      return await connectors.save(appId, input, viewerId);
    } catch (error) {
      if (error instanceof ConnectorInvalidError)
        await audit.record({
          action: 'connector.saved',
          outcome: 'failure',
          actorUserId: viewerId,
          appId,
          ip,
          detail: { reason: 'connector_invalid', problems: error.problems.length },
        });
      throw error;
    }
  };

  routes.get('/', async (c) => c.json({ connectors: connectors.all() }));

  routes.get('/export', async (c) => {
    c.header('Content-Disposition', 'attachment; filename="gatehouse-connectors.json"');
    return c.json(connectors.exportFile(slugOf));
  });

  routes.post('/import', async (c) => {
    const viewerId = c.get('viewer').person.id;
    const result = await connectors.importFile(await readBody(c), appIdOf, viewerId);
    await audit.record({
      action: 'connector.imported',
      outcome: result.ok ? 'success' : 'failure',
      actorUserId: viewerId,
      ip: clientIp(c),
      detail: result.ok ? { saved: result.saved, unchanged: result.unchanged } : { problems: result.problems.length },
    });
    if (!result.ok) {
      const first = result.problems[0]!;
      const where = first.app ? `${first.app}: ` : '';
      throw new AppError(
        'import_rejected',
        400,
        `Nothing was imported. ${where}${first.field}: ${first.problem}`,
        {},
        result.problems,
      );
    }
    return c.json(result);
  });

  routes.get('/:appId', async (c) => {
    const app = appOr404(c.req.param('appId'));
    return c.json({
      app: { id: app.id, slug: app.slug, name: app.name, signInKind: app.signInKind },
      versions: await connectors.history(app.id),
    });
  });

  routes.put('/:appId', async (c) => {
    const app = appOr404(c.req.param('appId'));
    const viewerId = c.get('viewer').person.id;
    const { connector, changed } = await saveAudited(app.id, await readBody(c), viewerId, clientIp(c));
    if (changed)
      await audit.record({
        action: 'connector.saved',
        outcome: 'success',
        actorUserId: viewerId,
        appId: app.id,
        ip: clientIp(c),
        detail: { version: connector.version },
      });
    return c.json({ connector, changed });
  });

  return routes;
}
