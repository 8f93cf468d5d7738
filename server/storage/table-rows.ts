import { asc, count, sql } from 'drizzle-orm';
import type { Storage, Tx } from './storage';
import type { TablePair } from './tables';

// Whole rows of any table, on either engine: for loading a dataset (the demo district) and for moving a
// portal between engines. Features never use this for their own work; they go through their stores.

export type Row = Record<string, unknown>;

/** SQLite refuses more than 32,766 bound variables in one statement; PostgreSQL 65,535. */
const MAX_VARIABLES = 30_000;

const chunksOf = (rows: Row[], columns: number) => {
  const size = Math.max(1, Math.floor(MAX_VARIABLES / Math.max(1, columns)));
  return Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
};

/** Inserts `rows` (drizzle's property names) into `table`, in the caller's unit of work when given. */
export async function insertRows(storage: Storage, table: TablePair, rows: Row[], tx?: Tx): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  for (const chunk of chunksOf(rows, columns)) {
    if (storage.engine === 'sqlite') {
      await storage.run(tx, () => storage.db.insert(table.sqlite).values(chunk).run());
    } else {
      await storage.executor(tx).insert(table.postgres).values(chunk);
    }
  }
}

/** One page of rows in primary-key order. */
export async function readRows(
  storage: Storage,
  table: TablePair,
  offset: number,
  limit: number,
  tx?: Tx,
): Promise<Row[]> {
  if (storage.engine === 'sqlite') {
    const columns = table.primaryKey.map((key) => asc((table.sqlite as never)[key]));
    return storage.run(tx, () =>
      storage.db
        .select()
        .from(table.sqlite)
        .orderBy(...columns)
        .limit(limit)
        .offset(offset)
        .all(),
    );
  }
  const columns = table.primaryKey.map((key) => asc((table.postgres as never)[key]));
  return storage
    .executor(tx)
    .select()
    .from(table.postgres)
    .orderBy(...columns)
    .limit(limit)
    .offset(offset);
}

export async function countRows(storage: Storage, table: TablePair, tx?: Tx): Promise<number> {
  if (storage.engine === 'sqlite') {
    return storage.run(tx, () => storage.db.select({ n: count() }).from(table.sqlite).get()!.n);
  }
  const [row] = await storage.executor(tx).select({ n: count() }).from(table.postgres);
  return Number(row!.n);
}

/** After rows were copied in with their ids, the next generated id must come after them. */
export async function continueIdSequences(storage: Storage, tx?: Tx): Promise<void> {
  if (storage.engine !== 'postgres') return;
  const executor = storage.executor(tx);
  const serials = await executor.execute<{ table_name: string; column_name: string }>(sql`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`);
  for (const { table_name: tableName, column_name: columnName } of serials.rows) {
    const table = sql.identifier(tableName);
    const column = sql.identifier(columnName);
    await executor.execute(sql`SELECT setval(pg_get_serial_sequence(${tableName}, ${columnName}),
      coalesce((SELECT max(${column}) FROM ${table}), 0) + 1, false)`);
  }
}
