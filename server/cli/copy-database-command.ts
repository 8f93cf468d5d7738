import fs from 'node:fs';
import path from 'node:path';
import { withoutPassword } from '../config';
import { copyDatabase, type CopyProgress } from '../storage/copy-database';
import { openPostgresStorage } from '../storage/postgres-storage';
import { openSqliteStorage } from '../storage/sqlite-storage';
import type { Storage } from '../storage/storage';
import type { TerminalOutput } from './terminal-output';

const POSTGRES_URL = /^postgres(ql)?:\/\/./;
const BAR_WIDTH = 30;

/** Where `--to` points, or why it cannot be used. */
function parseTarget(args: readonly string[]): { ok: true; target: string } | { ok: false; problem: string } {
  const at = args.indexOf('--to');
  const target = at >= 0 ? args[at + 1] : undefined;
  if (!target || target.startsWith('--'))
    return { ok: false, problem: 'copy-database needs --to <postgres://… URL | path of a new .sqlite file>.' };
  const unknown = args.filter((arg, i) => i !== at && i !== at + 1);
  if (unknown.length) return { ok: false, problem: `copy-database does not know "${unknown[0]}".` };
  if (!POSTGRES_URL.test(target) && fs.existsSync(target))
    return { ok: false, problem: `${target} already exists: copy into a new SQLite file, never over one.` };
  return { ok: true, target };
}

const describeTarget = (target: string) => (POSTGRES_URL.test(target) ? withoutPassword(target) : target);

async function openTarget(target: string): Promise<Storage> {
  if (POSTGRES_URL.test(target)) return openPostgresStorage(target);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  return openSqliteStorage(target);
}

/** A bar that overwrites itself on a terminal; a line per copied table anywhere else (logs, CI). */
function progressReporter(err: TerminalOutput, isTerminal: boolean) {
  const reported = new Set<string>();
  return {
    update({ table, tableCopied, tableTotal, copiedRows, totalRows }: CopyProgress) {
      if (!isTerminal) {
        if (tableCopied === tableTotal && !reported.has(table)) {
          reported.add(table);
          err.line(`Copied ${table}: ${tableCopied} rows (${copiedRows}/${totalRows} in all)`);
        }
        return;
      }
      const share = totalRows === 0 ? 1 : copiedRows / totalRows;
      const filled = Math.round(share * BAR_WIDTH);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
      err.progress(`[${bar}] ${Math.round(share * 100)}%  ${copiedRows}/${totalRows} rows  ${table.padEnd(20)}`);
    },
    done: () => isTerminal && err.line(),
  };
}

/**
 * `copy-database --to TARGET`: copies the configured portal database (SQLite in the data folder, or
 * GATEHOUSE_DATABASE_URL) into an empty PostgreSQL database or a new SQLite file, all or nothing.
 */
export async function copyDatabaseCommand(
  source: Storage,
  args: readonly string[],
  { out, err, fail }: { out: TerminalOutput; err: TerminalOutput; fail: (problem: string) => number },
): Promise<number> {
  const parsed = parseTarget(args);
  if (!parsed.ok) return fail(parsed.problem);
  const target = await openTarget(parsed.target);
  try {
    const progress = progressReporter(err, Boolean(process.stderr.isTTY));
    const result = await copyDatabase(source, target, (step) => progress.update(step));
    progress.done();
    if (!result.ok) {
      err.line(result.problem);
      return 2;
    }
    out.line(`Copied ${result.totalRows} rows into ${describeTarget(parsed.target)}; every table's row count matches:`);
    for (const [table, rows] of Object.entries(result.rowsByTable)) out.line(`  ${table.padEnd(22)} ${rows}`);
    out.line('Point every portal process at the copy (GATEHOUSE_DATABASE_URL, or unset it for SQLite) and start them.');
    return 0;
  } finally {
    await target.close();
  }
}
