import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { orgs, users } from '../directory/schema';
import { GRANT_KINDS, type DelegateRight } from '../../shared/rights';

/**
 * Rights the portal gives (never the roster): a kind, a scope (a campus, or null for the district), who gave it,
 * until when. Revoked rows stay as history. A roster import never writes here.
 */
export const grants = sqliteTable(
  'grants',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: GRANT_KINDS }).notNull(),
    /** The campus it is over; null for a district grant. */
    campusId: text('campus_id').references(() => orgs.id),
    /** A delegate's named rights, a JSON array; empty for the other kinds (their rights come with the kind). */
    rights: text('rights', { mode: 'json' }).$type<DelegateRight[]>().notNull(),
    /** Who gave it; null for the command line. */
    grantedBy: text('granted_by'),
    grantedAt: integer('granted_at').notNull(),
    /** It stops working at this moment; null: until revoked. */
    expiresAt: integer('expires_at'),
    revokedAt: integer('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('grants_user_idx').on(t.userId), index('grants_campus_idx').on(t.campusId)],
);
