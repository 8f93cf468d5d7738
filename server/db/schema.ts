// Every feature's tables, gathered for drizzle-kit and the typed database handle.
export * from '../directory/schema';
export * from '../auth/schema';
export * from '../apps/schema';
export * from '../audit/schema';
export * from '../connectors/schema';
export * from '../vault/schema';
export * from '../extension/schema';
export * from '../storage/schema';
export * from '../roster/schema';
export * from '../badges/schema';
export * from '../accounts/schema';
export * from '../grants/schema';
export * from '../connector-tests/schema';
export * from '../federation/schema';
