// Every feature's PostgreSQL tables, gathered for drizzle-kit and the typed database handle.
export * from '../directory/schema.pg';
export * from '../auth/schema.pg';
export * from '../apps/schema.pg';
export * from '../audit/schema.pg';
export * from '../connectors/schema.pg';
export * from '../vault/schema.pg';
export * from '../extension/schema.pg';
export * from '../storage/schema.pg';
export * from '../roster/schema.pg';
export * from '../badges/schema.pg';
export * from '../accounts/schema.pg';
export * from '../grants/schema.pg';
export * from '../connector-tests/schema.pg';
export * from '../federation/schema.pg';
