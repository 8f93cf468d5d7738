import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Storage, Tx } from '../storage/storage';
import { vaultEntryInput, type VaultEntryInput } from '../../shared/vault/entry';
import type { VaultEntries, VaultEntryRow } from './entries';
import { rememberingLookups } from './lookups';

/**
 * Bulk transfer of IT's vault entries as CSV: `app,scope,owner,username,password,extra`, where owner is a
 * username (user), a campus id or name (group) or empty (template). An import is checked whole and applied
 * in one transaction, or not at all.
 */
export const VAULT_CSV_COLUMNS = ['app', 'scope', 'owner', 'username', 'password', 'extra'] as const;

export interface RowProblem {
  /** The line in the file, counting the header as line 1. */
  line: number;
  field: string;
  problem: string;
}

/** Apps come from the catalog's in-memory cache (synchronous); people and campuses from the directory. */
export interface Lookups {
  appIdBySlug(slug: string): string | undefined;
  appSlugById(id: string): string;
  userIdByUsername(username: string): Promise<string | undefined>;
  usernameById(id: string): Promise<string>;
  orgIdByIdOrName(value: string): Promise<string | undefined>;
}

type CsvRow = Record<(typeof VAULT_CSV_COLUMNS)[number], string>;

function readRows(csv: string): { rows: CsvRow[] } | { problem: RowProblem } {
  try {
    const rows = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
      string,
      string
    >[];
    const header = Object.keys(rows[0] ?? {});
    const missing = VAULT_CSV_COLUMNS.filter((column) => column !== 'extra' && !header.includes(column));
    if (rows.length > 0 && missing.length > 0) {
      return {
        problem: {
          line: 1,
          field: missing[0]!,
          problem: `column is missing (expected ${VAULT_CSV_COLUMNS.join(',')})`,
        },
      };
    }
    return { rows: rows.map((row) => ({ extra: '', ...row }) as CsvRow) };
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      problem: { line, field: 'file', problem: `is not valid CSV (${(error as Error).message.split(':')[0]})` },
    };
  }
}

/** Turns one CSV row into an entry, or the problems that stop it. */
async function toInput(
  row: CsvRow,
  line: number,
  lookups: Lookups,
): Promise<{ input?: VaultEntryInput; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  const appId = lookups.appIdBySlug(row.app);
  if (!appId) problems.push({ line, field: 'app', problem: `"${row.app}" is not an app in this district` });
  let owner: { userId?: string; orgId?: string } = {};
  if (row.scope === 'user') {
    const userId = await lookups.userIdByUsername(row.owner.toLowerCase());
    if (!userId) problems.push({ line, field: 'owner', problem: 'is not a username in this district' });
    owner = { userId };
  } else if (row.scope === 'group') {
    const orgId = await lookups.orgIdByIdOrName(row.owner);
    if (!orgId) problems.push({ line, field: 'owner', problem: 'is not a campus in this district' });
    owner = { orgId };
  } else if (row.scope === 'template' && row.owner !== '') {
    problems.push({ line, field: 'owner', problem: 'must be empty for a template' });
  }
  const parsed = vaultEntryInput.safeParse({
    appId: appId ?? '-',
    scope: row.scope,
    ...owner,
    username: row.username,
    password: row.password || undefined,
    extra: row.extra || undefined,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'row');
      // Owner problems were already named above in CSV terms.
      if (field !== 'userId' && field !== 'orgId') problems.push({ line, field, problem: issue.message });
    }
  }
  return problems.length === 0 && parsed.success ? { input: parsed.data, problems } : { problems };
}

const entryKey = (input: VaultEntryInput) =>
  [input.appId, input.scope, input.userId ?? '', input.orgId ?? ''].join('\0');

export type ImportResult = { ok: true; saved: number } | { ok: false; problems: RowProblem[] };

/**
 * Checks the whole file, then saves every row in one transaction with `recordImport` (the caller's audit row)
 * in it; a rejected file is recorded outside any transaction, as nothing was written.
 */
export async function importVaultCsv(
  storage: Storage,
  entries: VaultEntries,
  csv: string,
  lookups: Lookups,
  actorId: string | null,
  recordImport: (result: ImportResult, tx?: Tx) => Promise<void>,
): Promise<ImportResult> {
  const checked = await checkRows(csv, lookups);
  if (!checked.ok) {
    await recordImport(checked);
    return checked;
  }
  const result = { ok: true as const, saved: checked.inputs.length };
  await storage.transaction(async (tx) => {
    for (const input of checked.inputs) await entries.save(input, 'it', actorId, tx);
    await recordImport(result, tx);
  });
  return result;
}

async function checkRows(
  csv: string,
  lookups: Lookups,
): Promise<{ ok: true; inputs: VaultEntryInput[] } | { ok: false; problems: RowProblem[] }> {
  const read = readRows(csv);
  if ('problem' in read) return { ok: false, problems: [read.problem] };
  const remembering = rememberingLookups(lookups);
  const checked = await Promise.all(read.rows.map((row, index) => toInput(row, index + 2, remembering)));
  const problems: RowProblem[] = [];
  const inputs: VaultEntryInput[] = [];
  const seen = new Map<string, number>();
  checked.forEach(({ input, problems: found }, index) => {
    const line = index + 2;
    problems.push(...found);
    if (!input) return;
    const earlier = seen.get(entryKey(input));
    if (earlier) problems.push({ line, field: 'owner', problem: `repeats the entry on line ${earlier}` });
    seen.set(entryKey(input), line);
    inputs.push(input);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, inputs };
}

/** IT's entries as CSV; secrets are written only when asked for (and the caller audits that). */
export async function exportVaultCsv(
  rows: VaultEntryRow[],
  entries: VaultEntries,
  lookups: Lookups,
  withSecrets: boolean,
): Promise<string> {
  const remembering = rememberingLookups(lookups);
  const lines = await Promise.all(
    rows
      .filter((row) => row.setBy === 'it')
      .map(async (row) => {
        const stored = entries.openStored(row);
        const owner =
          row.scope === 'user' ? await remembering.usernameById(row.userId!) : row.scope === 'group' ? row.orgId! : '';
        return [
          lookups.appSlugById(row.appId),
          row.scope,
          owner,
          stored.username,
          withSecrets ? (stored.password ?? '') : '',
          withSecrets ? (stored.extra ?? '') : '',
        ];
      }),
  );
  return stringify([[...VAULT_CSV_COLUMNS], ...lines]);
}
