import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { displayName, type Directory } from '../directory/directory';
import { notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, parseInput } from '../http/request';
import { LOCALES, pickLocale } from '../../shared/i18n';
import type { AppCatalog, CatalogApp } from './catalog';
import { explainPersonAccess } from './explain-person-access';
import { iconFromDataUrl, iconUrlOf } from './app-icons';
import type { ExtensionSessionStore } from '../extension/extension-sessions';

export interface AppsRoutesDeps {
  extensionSessions: Pick<ExtensionSessionStore, 'endAllFor'>;
  catalog: AppCatalog;
  directory: Directory;
  audit: AuditLog;
  requireViewer: MiddlewareHandler<AppEnv>;
}

const tileJson = (app: CatalogApp) => ({
  id: app.id,
  slug: app.slug,
  name: app.name,
  description: app.description,
  descriptionEs: app.descriptionEs,
  launchUrl: app.launchUrl,
  signInKind: app.signInKind,
  color: app.color,
  nameEs: app.nameEs,
  icon: app.icon,
  iconUrl: iconUrlOf(app),
});

/** The signed-in person's tiles. */
export function createTileRoutes({
  catalog,
  directory,
  requireViewer,
}: Pick<AppsRoutesDeps, 'catalog' | 'directory' | 'requireViewer'>) {
  const routes = new Hono<AppEnv>();
  routes.get('/tiles', requireViewer, async (c) => {
    const { person } = c.get('viewer');
    const tiles = catalog.visibleTo(directory.accessFacts(person)).map(tileJson);
    return c.json({ tiles });
  });
  // An uploaded icon, to signed-in people: the type it was checked to be, never sniffed, cached by its address.
  routes.get('/:id/icon', requireViewer, async (c) => {
    const app = catalog.byId(c.req.param('id'));
    const icon = app && iconFromDataUrl(app.iconImage);
    if (!icon) throw notFound('That icon');
    c.header('Content-Type', icon.type);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'private, max-age=86400');
    return c.body(new Uint8Array(icon.bytes));
  });
  return routes;
}

const explainQuery = z.object({
  person: z.string().min(1, 'is required'),
  app: z.string().min(1, 'is required'),
  lang: z.enum(LOCALES).optional(),
});

const searchQuery = z.object({
  q: z.string().trim().min(2, 'must be at least 2 characters').max(100, 'must be at most 100 characters'),
});

/**
 * IT and district admins (guarded where mounted): find people, list apps, and explain why a person does
 * or does not see an app.
 */
export function createAccessAdminRoutes({
  catalog,
  directory,
  audit,
  extensionSessions,
}: Omit<AppsRoutesDeps, 'requireViewer'>) {
  const routes = new Hono<AppEnv>();

  // Ends every extension session of one person at once (a lost Chromebook); takes effect on their next call.
  routes.delete('/people/:id/extension-sessions', async (c) => {
    const person = await directory.findById(c.req.param('id'));
    if (!person) throw notFound('That person');
    const ended = await extensionSessions.endAllFor(person.id);
    await audit.record({
      action: 'extension.sessions_ended',
      outcome: 'success',
      actorUserId: c.get('viewer').person.id,
      subjectUserId: person.id,
      ip: clientIp(c),
      detail: { ended },
    });
    return c.json({ ended });
  });

  routes.get('/apps', async (c) => c.json({ apps: catalog.all().map(tileJson) }));

  // The district's campuses, for forms that share something with everyone at one (e.g. a stored sign-in).
  routes.get('/campuses', async (c) => c.json({ campuses: await directory.campuses() }));

  routes.get('/people', async (c) => {
    const { q } = parseInput(searchQuery, c.req.query());
    const people = await directory.search(q, 20);
    await audit.record({
      action: 'admin.user_search',
      outcome: 'success',
      actorUserId: c.get('viewer').person.id,
      ip: clientIp(c),
      detail: { results: people.length },
    });
    return c.json({ people });
  });

  routes.get('/explain', async (c) => {
    const query = parseInput(explainQuery, c.req.query());
    const locale = query.lang ?? pickLocale(c.req.header('accept-language'));
    const person = await directory.findById(query.person);
    if (!person) throw notFound('That person');
    const app = catalog.byId(query.app);
    if (!app) throw notFound('That app');

    const description = await explainPersonAccess(directory, person, app, locale);
    await audit.record({
      action: 'admin.explain_access',
      outcome: 'success',
      actorUserId: c.get('viewer').person.id,
      subjectUserId: person.id,
      appId: app.id,
      ip: clientIp(c),
      detail: { granted: description.granted },
    });
    return c.json({
      person: {
        id: person.id,
        username: person.username,
        displayName: displayName(person),
        role: person.role,
        status: person.status,
      },
      app: tileJson(app),
      ...description,
    });
  });

  return routes;
}
