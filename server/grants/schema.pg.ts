import { bigint, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { orgs, users } from '../directory/schema.pg';
import { GRANT_KINDS, type DelegateRight } from '../../shared/rights';

// The PostgreSQL twin of schema.ts.

export const grants = pgTable(
  'grants',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: GRANT_KINDS }).notNull(),
    campusId: text('campus_id').references(() => orgs.id),
    rights: jsonb('rights').$type<DelegateRight[]>().notNull(),
    grantedBy: text('granted_by'),
    grantedAt: bigint('granted_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('grants_user_idx').on(t.userId), index('grants_campus_idx').on(t.campusId)],
);
