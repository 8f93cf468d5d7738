import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { clientIp, parseInput } from '../http/request';
import type { AuditLog } from './audit-log';

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

/** The audit log for IT (guarded where mounted), newest first, paged by id. Reading it is itself audited. */
export function createAuditRoutes(audit: AuditLog) {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const { limit, before } = parseInput(pageQuery, c.req.query());
    const events = await audit.list({ limit, beforeId: before });
    if (before === undefined) {
      await audit.record({
        action: 'admin.audit_viewed',
        outcome: 'success',
        actorUserId: c.get('viewer').person.id,
        ip: clientIp(c),
      });
    }
    const last = events.at(-1);
    return c.json({ events, nextBefore: events.length === limit && last ? last.id : null });
  });
  return routes;
}
