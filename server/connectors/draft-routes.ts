import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppCatalog, CatalogApp } from '../apps/catalog';
import type { AuditLog } from '../audit/audit-log';
import { displayName, type Directory, type Person } from '../directory/directory';
import { AppError, forbidden, notFound } from '../errors';
import type { Authority } from '../grants/authority';
import { limitBody } from '../http/body-limit';
import type { AppEnv } from '../http/env';
import { clientIp, readBody, readJson } from '../http/request';
import type { Storage } from '../storage/storage';
import { connectorSchema } from '../../shared/connectors/connector';
import {
  CAPTURED_DRAFT_MAX_BYTES,
  capturedDraftBody,
  type CaptureTargets,
  type ConnectorDraftSummary,
} from '../../shared/connectors/connector-drafts';
import { originOf } from '../../shared/origins';
import { ConnectorInvalidError, type ConnectorStore } from './connector-store';
import type { ConnectorDraftStore } from './drafts';

export interface DraftRoutesDeps {
  storage: Storage;
  drafts: ConnectorDraftStore;
  connectors: ConnectorStore;
  catalog: AppCatalog;
  directory: Directory;
  audit: AuditLog;
  authority: Pick<Authority, 'holdsDistrictWide'>;
  allowDevelopmentHttp: boolean;
  now: () => number;
}

const draftGone = () => new AppError('draft_gone', 409, 'That draft was already saved or discarded.');

/** Apps whose sign-in the extension does: the only ones a captured connector is for. */
const NOT_THE_APPS_ORIGIN =
  'must include the app’s own address (its catalog address or an origin of its connector): a capture elsewhere is for another app';

const capturable = (app: CatalogApp | undefined): app is CatalogApp =>
  app !== undefined && app.signInKind === 'vault' && app.retiredAt === null;

/** IT, by role or grant: whoever may manage the catalog or the district. */
async function isIt(authority: DraftRoutesDeps['authority'], person: Person) {
  return (
    (await authority.holdsDistrictWide(person, 'manage_catalog')) ||
    (await authority.holdsDistrictWide(person, 'manage_district'))
  );
}

/**
 * What the extension's "Capture this login" calls, on a device-bound session: the apps IT may capture for, and
 * the draft it recorded. Anyone else is refused with a 403 that is audited.
 */
export function createDraftCaptureRoutes(deps: DraftRoutesDeps & { requireDevice: MiddlewareHandler<AppEnv> }) {
  const { drafts, catalog, connectors, audit, authority, storage } = deps;
  const schema = connectorSchema({ allowDevelopmentHttp: deps.allowDevelopmentHttp });
  const routes = new Hono<AppEnv>();
  /** Where the app already lives: its connector's origins and its catalog address. */
  const appOrigins = (app: CatalogApp) => {
    const origins = [...(connectors.current(app.id)?.definition.origins ?? []), originOf(app.launchUrl)];
    return [...new Set(origins.filter((origin) => origin !== undefined))];
  };

  const refuse = async (c: Context<AppEnv>, person: Person) => {
    await audit.record({
      action: 'access.denied',
      outcome: 'failure',
      actorUserId: person.id,
      ip: clientIp(c),
      detail: { route: `${c.req.method} ${c.req.path}`, reason: 'role', role: person.role, right: 'manage_catalog' },
    });
    return forbidden();
  };

  /** Asking whether one may capture is no refusal: the popup asks for everyone, and offers it only to IT. */
  routes.get('/apps', deps.requireDevice, async (c) => {
    const { person } = c.get('device');
    if (!(await isIt(authority, person))) return c.json({ mayCapture: false, apps: [] } satisfies CaptureTargets);
    const apps = catalog
      .all()
      .filter(capturable)
      .map((app) => ({ appId: app.id, name: app.name, origins: appOrigins(app) }));
    return c.json({ mayCapture: true, apps } satisfies CaptureTargets);
  });

  routes.post('/', deps.requireDevice, limitBody(CAPTURED_DRAFT_MAX_BYTES), async (c) => {
    const { person } = c.get('device');
    if (!(await isIt(authority, person))) throw await refuse(c, person);
    const { appId, definition } = await readJson(c, capturedDraftBody);
    if (!capturable(catalog.byId(appId))) throw notFound('That app');
    const parsed = schema.safeParse(definition);
    const strangers =
      parsed.success && !parsed.data.origins.some((origin) => appOrigins(catalog.byId(appId)!).includes(origin));
    if (!parsed.success || strangers) {
      const problems = parsed.success
        ? [{ app: appId, field: 'definition.origins', problem: NOT_THE_APPS_ORIGIN }]
        : parsed.error.issues.map((issue) => ({
            app: appId,
            field: ['definition', ...issue.path].join('.'),
            problem: issue.message,
          }));
      await audit.record({
        action: 'connector.draft_captured',
        outcome: 'failure',
        actorUserId: person.id,
        appId,
        ip: clientIp(c),
        detail: { reason: 'connector_invalid', problems: problems.length },
      });
      throw new ConnectorInvalidError(problems);
    }
    const draft = { id: randomUUID(), appId, definition: parsed.data, capturedBy: person.id, capturedAt: deps.now() };
    await storage.transaction(async (tx) => {
      await drafts.add(draft, tx);
      await audit.record(
        {
          action: 'connector.draft_captured',
          outcome: 'success',
          actorUserId: person.id,
          appId,
          ip: clientIp(c),
          detail: { draftId: draft.id, mode: draft.definition.login.mode },
        },
        tx,
      );
    });
    return c.json({ draft: { id: draft.id, appId } }, 201);
  });

  return routes;
}

/**
 * The Connectors page's "Drafts from capture" (guarded where mounted, as the connector routes): list them,
 * save one (as edited) as its app's connector, or discard it.
 */
export function createDraftReviewRoutes(deps: DraftRoutesDeps) {
  const { drafts, catalog, connectors, directory, audit, storage } = deps;
  const routes = new Hono<AppEnv>();
  const draftOr404 = async (id: string) => (await drafts.find(id)) ?? throwGone();
  const throwGone = (): never => {
    throw draftGone();
  };

  routes.get('/', async (c) => {
    const list = await drafts.list();
    const people = new Map<string, string>();
    for (const id of new Set(list.map((draft) => draft.capturedBy))) {
      const person = await directory.findById(id);
      people.set(id, person ? displayName(person) : id);
    }
    const summaries: ConnectorDraftSummary[] = list.map((draft) => ({
      id: draft.id,
      appId: draft.appId,
      appName: catalog.byId(draft.appId)?.name ?? draft.appId,
      definition: draft.definition,
      capturedAt: draft.capturedAt,
      capturedByName: people.get(draft.capturedBy)!,
    }));
    return c.json({ drafts: summaries });
  });

  /** Saves the (edited) draft through the connector store and removes it, in one transaction. */
  routes.post('/:id/save', async (c) => {
    const draft = await draftOr404(c.req.param('id'));
    const viewerId = c.get('viewer').person.id;
    const input = await readBody(c);
    const saved = await storage
      .transaction(async (tx) => {
        if (!(await drafts.remove(draft.id, tx))) throw draftGone();
        const result = await connectors.save(draft.appId, input, viewerId, tx);
        await audit.record(
          {
            action: 'connector.saved',
            outcome: 'success',
            actorUserId: viewerId,
            appId: draft.appId,
            ip: clientIp(c),
            detail: { version: result.connector.version, draftId: draft.id },
          },
          tx,
        );
        return result;
      })
      .catch(async (error: unknown) => {
        if (error instanceof ConnectorInvalidError)
          await audit.record({
            action: 'connector.saved',
            outcome: 'failure',
            actorUserId: viewerId,
            appId: draft.appId,
            ip: clientIp(c),
            detail: { reason: 'connector_invalid', problems: error.problems.length, draftId: draft.id },
          });
        throw error;
      });
    return c.json(saved);
  });

  routes.delete('/:id', async (c) => {
    const draft = await draftOr404(c.req.param('id'));
    const viewerId = c.get('viewer').person.id;
    await storage.transaction(async (tx) => {
      if (!(await drafts.remove(draft.id, tx))) throw draftGone();
      await audit.record(
        {
          action: 'connector.draft_discarded',
          outcome: 'success',
          actorUserId: viewerId,
          appId: draft.appId,
          ip: clientIp(c),
          detail: { draftId: draft.id },
        },
        tx,
      );
    });
    return c.body(null, 204);
  });

  return routes;
}
