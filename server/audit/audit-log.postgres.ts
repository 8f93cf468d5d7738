import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { apps } from '../apps/schema.pg';
import { users } from '../directory/schema.pg';
import type { PostgresStorage } from '../storage/storage';
import { auditRowFor, type AuditLog } from './audit-log';
import { auditEvents } from './schema.pg';

export function postgresAuditLog(storage: PostgresStorage, now: () => number): AuditLog {
  const actor = alias(users, 'actor');
  const subject = alias(users, 'subject');
  const page = storage.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      actorUserId: auditEvents.actorUserId,
      actorUsername: actor.username,
      subjectUserId: auditEvents.subjectUserId,
      subjectUsername: subject.username,
      appId: auditEvents.appId,
      appName: apps.name,
      ip: auditEvents.ip,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
    .leftJoin(subject, eq(subject.id, auditEvents.subjectUserId))
    .leftJoin(apps, eq(apps.id, auditEvents.appId))
    .where(lt(auditEvents.id, sql.placeholder('beforeId')))
    .orderBy(desc(auditEvents.id))
    .limit(sql.placeholder('limit'))
    .prepare('audit_page');

  return {
    async record(entry, tx) {
      await storage.executor(tx).insert(auditEvents).values(auditRowFor(entry, now()));
    },
    async deleteOlderThan(cutoff) {
      const deleted = await storage.db.delete(auditEvents).where(lt(auditEvents.at, cutoff));
      return deleted.rowCount ?? 0;
    },
    list: ({ limit, beforeId }) => page.execute({ beforeId: beforeId ?? Number.MAX_SAFE_INTEGER, limit }),
    recentAbout: (subjectUserId, action, limit) =>
      storage.db
        .select({
          id: auditEvents.id,
          at: auditEvents.at,
          action: auditEvents.action,
          outcome: auditEvents.outcome,
          detail: auditEvents.detail,
        })
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectUserId, subjectUserId), eq(auditEvents.action, action)))
        .orderBy(desc(auditEvents.id))
        .limit(limit),
  };
}
