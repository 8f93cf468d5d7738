import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../directory/schema';
import { BADGE_PICTURES, BADGE_VOID_REASONS } from '../../shared/badges';

/**
 * QR badges. The id is printed in the QR and looked up; only a SHA-256 of the secret is kept, so nobody with the
 * database can print a working badge. A person has at most one badge that is not voided; voided rows stay as
 * history (who voided it, why, when).
 */
export const badges = sqliteTable(
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
    issuedAt: integer('issued_at').notNull(),
    /** Who printed it; null for the CLI. */
    issuedBy: text('issued_by'),
    /** It stops working at this moment (the end of a term); null: until voided. */
    expiresAt: integer('expires_at'),
    lastUsedAt: integer('last_used_at'),
    voidedAt: integer('voided_at'),
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
