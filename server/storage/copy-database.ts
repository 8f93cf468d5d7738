import { countRows, continueIdSequences, insertRows, readRows } from './table-rows';
import { portalTables, type TablePair } from './tables';
import type { Storage, Tx } from './storage';

const PAGE_ROWS = 5_000;

export interface CopyProgress {
  table: string;
  tableCopied: number;
  tableTotal: number;
  /** Over all tables. */
  copiedRows: number;
  totalRows: number;
}

export type CopyResult =
  { ok: true; rowsByTable: Record<string, number>; totalRows: number } | { ok: false; problem: string };

class CountMismatch extends Error {}

/**
 * Copies every row of a portal into another, empty one (either engine to either engine), all or nothing:
 * the target is written in one transaction, which is rolled back unless each table's row count then
 * matches the source's. The source is read from one snapshot, so a copy taken while it is in use is still
 * consistent (stop the portal anyway: what it writes after the snapshot is not copied).
 */
export async function copyDatabase(
  source: Storage,
  target: Storage,
  onProgress: (progress: CopyProgress) => void = () => {},
): Promise<CopyResult> {
  const tables = portalTables();
  for (const table of tables) {
    const present = await countRows(target, table);
    if (present > 0)
      return {
        ok: false,
        problem: `The target database is not empty (table ${table.name} has ${present} rows): copy only into a new, empty database.`,
      };
  }
  try {
    return await readSnapshot(source, async (sourceTx) => {
      const rowsByTable: Record<string, number> = {};
      for (const table of tables) rowsByTable[table.name] = await countRows(source, table, sourceTx);
      const totalRows = Object.values(rowsByTable).reduce((sum, n) => sum + n, 0);
      let copiedRows = 0;
      await target.transaction(async (targetTx) => {
        for (const table of tables) {
          const before = copiedRows;
          const tableTotal = rowsByTable[table.name]!;
          const report = (copied: number) =>
            onProgress({ table: table.name, tableCopied: copied - before, tableTotal, copiedRows: copied, totalRows });
          copiedRows = await copyTable(source, sourceTx, target, targetTx, table, report, before);
        }
        await continueIdSequences(target, targetTx);
        for (const table of tables) {
          const copied = await countRows(target, table, targetTx);
          if (copied !== rowsByTable[table.name])
            throw new CountMismatch(
              `Table ${table.name}: ${rowsByTable[table.name]} rows in the source, ${copied} in the copy; nothing was kept.`,
            );
        }
      });
      return { ok: true as const, rowsByTable, totalRows };
    });
  } catch (error) {
    if (error instanceof CountMismatch) return { ok: false, problem: error.message };
    throw error;
  }
}

async function copyTable(
  source: Storage,
  sourceTx: Tx | undefined,
  target: Storage,
  targetTx: Tx,
  table: TablePair,
  onRows: (copiedRows: number) => void,
  copiedBefore: number,
): Promise<number> {
  let copied = copiedBefore;
  for (let offset = 0; ; offset += PAGE_ROWS) {
    const rows = await readRows(source, table, offset, PAGE_ROWS, sourceTx);
    await insertRows(target, table, rows, targetTx);
    copied += rows.length;
    onRows(copied);
    if (rows.length < PAGE_ROWS) return copied;
  }
}

/** Runs `read` against one consistent view of the source database. */
async function readSnapshot<T>(source: Storage, read: (tx: Tx | undefined) => Promise<T>): Promise<T> {
  if (source.engine === 'postgres') {
    return source.db.transaction((postgres) => read({ engine: 'postgres', postgres }), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
  }
  // A read transaction on the source's own connection: nothing else uses it in the CLI's process.
  const sqlite = source.db.$client;
  sqlite.exec('BEGIN');
  try {
    return await read(undefined);
  } finally {
    sqlite.exec('COMMIT');
  }
}
