import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations, generated from the schema.pg.ts twins of each feature's tables. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.pg.ts',
  out: './drizzle/postgres',
});
