import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One counter per cached topic ('catalog', 'connectors' …): a write bumps it in its own transaction, and every
 * process compares it with the one its in-memory copy was loaded at.
 */
export const changeGenerations = sqliteTable('change_generations', {
  topic: text('topic').primaryKey(),
  generation: integer('generation').notNull(),
});
