import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of schema.ts.

export const changeGenerations = pgTable('change_generations', {
  topic: text('topic').primaryKey(),
  generation: bigint('generation', { mode: 'number' }).notNull(),
});
