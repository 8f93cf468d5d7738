import { Hono } from 'hono';
import type { Db } from '../db/connection';

/** What the sign-in page shows before anyone signs in: the district's name. */
export function createPortalRoutes(db: Db) {
  const districtName = db.$client
    .prepare("SELECT name FROM orgs WHERE type = 'district' ORDER BY name LIMIT 1")
    .pluck();
  const routes = new Hono();
  routes.get('/', (c) => c.json({ districtName: (districtName.get() as string | undefined) ?? '' }));
  return routes;
}
