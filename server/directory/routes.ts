import { Hono } from 'hono';
import type { Directory } from './directory';

/** What the sign-in page shows before anyone signs in: the district's name. */
export function createPortalRoutes(directory: Directory) {
  const routes = new Hono();
  routes.get('/', async (c) => c.json({ districtName: await directory.districtName() }));
  return routes;
}
