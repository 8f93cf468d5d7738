import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgresStorage } from '../server/storage/postgres-storage';
import { startThrowawayPostgres } from './helpers/postgres-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway PostgreSQL server's URL (its `postgres` database), . */
    postgresUrl: string;
  }
}

/** Databases for tests are copied from this one, migrated once per run. */
export const TEMPLATE_DATABASE = 'gatehouse_template';

/**
 * Starts one throwaway PostgreSQL server for the whole run (about a second) and migrates a template database
 * that each test's database is copied from.
 */
export default async function setup(project: TestProject) {
  const server = await startThrowawayPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = await openPostgresStorage(server.urlFor(TEMPLATE_DATABASE), { maxConnections: 1 });
  await template.close();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
