import { getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as sqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableConfig as postgresTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import * as sqliteSchema from '../db/schema';
import * as postgresSchema from '../db/schema.pg';

/** One table as both engines define it. */
export interface TablePair {
  name: string;
  sqlite: SQLiteTable;
  postgres: PgTable;
  /** Column keys (drizzle's property names) of the primary key, or of all columns, for a stable reading order. */
  primaryKey: string[];
}

function tablesOf<T extends Table>(schema: Record<string, unknown>): Map<string, T> {
  const tables = new Map<string, T>();
  for (const value of Object.values(schema)) if (is(value, Table)) tables.set(getTableName(value), value as T);
  return tables;
}

function primaryKeyOf(table: SQLiteTable): string[] {
  const config = sqliteTableConfig(table);
  const byName = new Map(Object.entries(table).filter(([, column]) => column?.name) as [string, { name: string }][]);
  const keyOf = (columnName: string) => [...byName].find(([, column]) => column.name === columnName)![0];
  const single = config.columns.filter((column) => column.primary).map((column) => keyOf(column.name));
  if (single.length) return single;
  // A table without a primary key (only unique indexes) is read in the order of all its columns.
  const columns = config.primaryKeys[0]?.columns ?? config.columns;
  return columns.map((column) => keyOf(column.name));
}

/**
 * Every table of the portal, parents before children (foreign keys), so rows can be inserted in this order
 * and deleted in the reverse. Both schemas must name the same tables: a table missing from one is a bug here.
 */
export function portalTables(): TablePair[] {
  return (ordered ??= orderTables());
}

let ordered: TablePair[] | undefined;

/** One table by its SQL name; throws for a name that is not a portal table. */
export function portalTable(name: string): TablePair {
  const table = portalTables().find((each) => each.name === name);
  if (!table) throw new Error(`No portal table is named ${name}`);
  return table;
}

function orderTables(): TablePair[] {
  const sqlite = tablesOf<SQLiteTable>(sqliteSchema);
  const postgres = tablesOf<PgTable>(postgresSchema);
  const missing = [...sqlite.keys()].filter((name) => !postgres.has(name));
  missing.push(...[...postgres.keys()].filter((name) => !sqlite.has(name)));
  if (missing.length) throw new Error(`Tables defined for one engine only: ${missing.join(', ')}`);

  const ordered: TablePair[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: string[] = []) => {
    if (placed.has(name) || path.includes(name)) return;
    const parents = postgresTableConfig(postgres.get(name)!).foreignKeys.map((key) =>
      getTableName(key.reference().foreignTable),
    );
    for (const parent of parents) if (parent !== name) place(parent, [...path, name]);
    placed.add(name);
    const table = sqlite.get(name)!;
    ordered.push({ name, sqlite: table, postgres: postgres.get(name)!, primaryKey: primaryKeyOf(table) });
  };
  for (const name of [...sqlite.keys()].sort()) place(name);
  return ordered;
}
