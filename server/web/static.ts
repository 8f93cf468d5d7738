import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/**
 * Serves the built Preact UI from `webRoot`; every other page path gets index.html so the UI's own
 * router can show it. Without a build, a plain page says how to make one.
 */
export function createWebRoutes(webRoot: string) {
  const routes = new Hono();
  const indexFile = path.join(webRoot, 'index.html');
  if (!fs.existsSync(indexFile)) {
    routes.get('*', (c) =>
      c.text('The portal UI has not been built. Run `npm run build:web` (or `npm start`, which builds it).', 503),
    );
    return routes;
  }
  const indexHtml = fs.readFileSync(indexFile, 'utf8');
  const root = path.relative(process.cwd(), webRoot) || '.';
  routes.use('/assets/*', serveStatic({ root }));
  routes.get('/favicon.svg', serveStatic({ root }));
  routes.get('*', (c) => c.html(indexHtml));
  return routes;
}
