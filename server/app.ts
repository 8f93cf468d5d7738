import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createAccessAdminRoutes, createTileRoutes } from './apps/routes';
import { createAppCatalog } from './apps/catalog';
import { createAuditLog } from './audit/audit-log';
import { createAuditRoutes } from './audit/routes';
import { createPasswordHasher, type PasswordHasher } from './auth/password-hasher';
import { createPasswordSignIn } from './auth/password-sign-in';
import { createAuthRoutes } from './auth/routes';
import { createSessionStore } from './auth/sessions';
import { createSignInThrottle, type NetworkLimit } from './auth/sign-in-throttle';
import { requireRole, requireViewer, sessionCookieName } from './auth/viewer';
import type { Config } from './config';
import type { Db } from './db/connection';
import { createDirectory } from './directory/directory';
import { createPortalRoutes } from './directory/routes';
import { notFound, renderError } from './errors';
import { csrfGuard } from './http/csrf';
import type { AppEnv } from './http/env';
import { createWebRoutes } from './web/static';
import { ADMIN_ROLES } from '../shared/roles';

export interface AppDeps {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'hashConcurrency' | 'sessionIdleMs' | 'sessionMaxMs' | 'webRoot'>;
  /** Milliseconds since the epoch; injected so tests can move time. */
  now?: () => number;
  hasher?: PasswordHasher;
  networkLimit?: NetworkLimit;
}

const DEFAULT_NETWORK_LIMIT: NetworkLimit = { failuresPerWindow: 1_000, windowMs: 15 * 60_000 };

/** Builds the whole portal as one Hono app; `main.ts` serves it and tests call `app.request()`. */
export function createApp({ db, config, now = Date.now, hasher, networkLimit = DEFAULT_NETWORK_LIMIT }: AppDeps) {
  const secure = config.publicUrl.startsWith('https://');
  const cookieName = sessionCookieName(secure);
  const audit = createAuditLog(db, now);
  const directory = createDirectory(db);
  const catalog = createAppCatalog(db);
  const sessions = createSessionStore(db, now, { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs });
  const passwordHasher = hasher ?? createPasswordHasher({ concurrency: config.hashConcurrency, maxQueue: 64 });
  const throttle = createSignInThrottle(db, now, networkLimit);
  const signInWithPassword = createPasswordSignIn({ db, directory, hasher: passwordHasher, throttle, audit, now });
  const viewer = requireViewer(sessions, directory, cookieName);
  const admin = requireRole(ADMIN_ROLES);

  const app = new Hono<AppEnv>();
  app.onError(renderError);
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  // A database that cannot answer throws, which renders as a 500 for the monitor.
  const pingDatabase = db.$client.prepare('SELECT 1');
  app.get('/healthz', (c) => {
    pingDatabase.get();
    return c.json({ status: 'ok' });
  });

  const api = new Hono<AppEnv>();
  api.use('*', csrfGuard(config.publicUrl));
  api.use('*', async (c, next) => {
    // Set before the handler runs: setting it on a finished response forces @hono/node-server off its fast path.
    c.header('Cache-Control', 'no-store');
    await next();
  });
  api.route('/portal', createPortalRoutes(directory));
  api.route(
    '/auth',
    createAuthRoutes({ signInWithPassword, sessions, audit, cookieName, secureCookie: secure, requireViewer: viewer }),
  );
  api.route('/apps', createTileRoutes({ catalog, directory, requireViewer: viewer }));
  api.use('/admin/*', viewer, admin);
  api.route('/admin/audit', createAuditRoutes(audit));
  api.route('/admin', createAccessAdminRoutes({ catalog, directory, audit }));
  api.all('*', (c) => {
    throw notFound(`API route ${c.req.method} ${c.req.path}`);
  });
  app.route('/api', api);
  app.route('/', createWebRoutes(config.webRoot));

  return { app, catalog, sessions, audit, directory };
}
