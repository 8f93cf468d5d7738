import { defineConfig } from 'drizzle-kit';

/** SQLite migrations (`npm run db:generate`); drizzle.postgres.config.ts makes PostgreSQL's from the same change. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/schema.ts',
  out: './drizzle/sqlite',
});
