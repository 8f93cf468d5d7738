import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../directory/schema.pg';
import { BADGE_PICTURES, BADGE_VOID_REASONS } from '../../shared/badges';

// The PostgreSQL twin of schema.ts.

export const badges = pgTable(
  'badges',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    secretHash: text('secret_hash').notNull(),
    picture: text('picture', { enum: BADGE_PICTURES }).notNull(),
    /**
     * The two pictures the child picks after the scan where the district asks for it ("cat,star"); never printed
     * on the badge, kept from one badge to the next so the child need not learn new ones.
     */
    secretPictures: text('secret_pictures').notNull(),
    issuedAt: bigint('issued_at', { mode: 'number' }).notNull(),
    issuedBy: text('issued_by'),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    lastUsedAt: bigint('last_used_at', { mode: 'number' }),
    voidedAt: bigint('voided_at', { mode: 'number' }),
    voidedBy: text('voided_by'),
    voidReason: text('void_reason', { enum: BADGE_VOID_REASONS }),
  },
  (t) => [
    uniqueIndex('badges_one_live_per_user')
      .on(t.userId)
      .where(sql`voided_at IS NULL`),
    index('badges_user_idx').on(t.userId),
  ],
);
