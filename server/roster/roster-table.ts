import type { RosterProblem, RosterProblemCode } from '../../shared/roster';
import { columnIndex, eachRecord, openCsv, type CsvTable } from './csv-table';
import type { RosterFiles, RosterReadPolicy } from './roster-bundle';
import { isTruthy, readGrades } from './sis-values';

// What the format readers share: opening a file with its required columns, reading trimmed cells, checking ids
// are unique, and keeping the problems found, each naming file, line, column and value.

/** Past this many refusals of one kind in one file, the rest are counted in one last problem. */
const ERRORS_LISTED_PER_KIND = 100;

export class ProblemLog {
  readonly errors: RosterProblem[] = [];
  readonly warnings: RosterProblem[] = [];
  private readonly errorsByKind = new Map<string, number>();

  error(problem: RosterProblem): void {
    const kind = `${problem.file}\u0000${problem.code}`;
    const count = (this.errorsByKind.get(kind) ?? 0) + 1;
    this.errorsByKind.set(kind, count);
    if (count <= ERRORS_LISTED_PER_KIND) this.errors.push(problem);
  }

  warn(problem: RosterProblem): void {
    this.warnings.push(problem);
  }

  /** The refusals, with one line per kind that had more than could be listed. */
  allErrors(): RosterProblem[] {
    const more: RosterProblem[] = [];
    for (const [kind, count] of this.errorsByKind) {
      if (count <= ERRORS_LISTED_PER_KIND) continue;
      const [file, code] = kind.split('\u0000') as [string, RosterProblemCode];
      const hidden = count - ERRORS_LISTED_PER_KIND;
      more.push({ code, file, message: `${file}: ${hidden} more problems like these (${count} in all)` });
    }
    return [...this.errors, ...more];
  }
}

/** A problem at one cell: the file, the line, the column and, when it is not personal, the value. */
export function cellProblem(
  code: RosterProblemCode,
  file: string,
  line: number,
  column: string,
  value: string | undefined,
  message: string,
): RosterProblem {
  return value === undefined ? { code, file, line, column, message } : { code, file, line, column, value, message };
}

/** Opens one file and checks its required columns; undefined (with the problems logged) when it cannot be read. */
export function openTable(
  files: RosterFiles,
  file: string,
  required: readonly string[],
  log: ProblemLog,
): CsvTable | undefined {
  const bytes = files.files.get(file);
  if (!bytes) return undefined;
  const opened = openCsv(file, bytes);
  if (!opened.ok) {
    log.error(opened.problem);
    return undefined;
  }
  const missing = required.filter((column) => columnIndex(opened.table, column) < 0);
  const hint = separatorHint(opened.table);
  for (const column of missing) {
    log.error({ code: 'missing_column', file, line: 1, column, message: `${file} has no ${column} column${hint}` });
  }
  return missing.length > 0 ? undefined : opened.table;
}

/** Column indexes by the names a reader uses (each matched case-insensitively; -1 when absent). */
export function columnsOf<K extends string>(table: CsvTable, names: Record<K, string | string[]>): Record<K, number> {
  const indexes = {} as Record<K, number>;
  for (const key of Object.keys(names) as K[]) {
    const name = names[key];
    indexes[key] = columnIndex(table, ...(Array.isArray(name) ? name : [name]));
  }
  return indexes;
}

/** Spreadsheets in some languages save "CSV" with semicolons or tabs: the header then reads as one column. */
function separatorHint(table: CsvTable): string {
  const [only] = table.header;
  if (table.header.length !== 1 || !only) return '';
  if (only.includes(';')) return ' (its fields are separated by semicolons: save it with commas)';
  if (only.includes('\t')) return ' (its fields are separated by tabs: save it as CSV, with commas)';
  return '';
}

/** A row as the readers see it: trimmed cells by column index (-1, an absent optional column, reads ''). */
export interface Row {
  line: number;
  cell(index: number): string;
}

/** Visits each row that has anything in it; a structural problem stops the file and is logged. */
export function eachRow(table: CsvTable, log: ProblemLog, visit: (row: Row) => void): void {
  let fields: string[] = [];
  const row: Row = { line: 0, cell: (index) => (index < 0 ? '' : fields[index]!.trim()) };
  const problem = eachRecord(table, (recordFields, line) => {
    if (recordFields[0]!.trim() === '' && recordFields.every((field) => field.trim() === '')) return;
    fields = recordFields;
    row.line = line;
    visit(row);
  });
  if (problem) log.error(problem);
}

/** Refuses a second row with the same id in one file; an empty id is refused too (nothing can point at it). */
export class UniqueIds {
  private readonly index = new IdIndex();

  constructor(
    private readonly file: string,
    private readonly column: string,
    private readonly log: ProblemLog,
  ) {}

  /** True when the id is new and not empty. */
  accept(id: string, line: number): boolean {
    if (id === '') {
      const message = `${this.file} line ${line}: ${this.column} is empty`;
      this.log.error(cellProblem('bad_value', this.file, line, this.column, '', message));
      return false;
    }
    const first = this.index.add(id, line);
    if (first === undefined) return true;
    const message = `${this.file} line ${line}: ${this.column} ${id} is already on line ${first}`;
    this.log.error(cellProblem('duplicate_id', this.file, line, this.column, id, message));
    return false;
  }
}

/** Ids seen in one file, with the line each was first seen on. */
export class IdIndex {
  private readonly lines = new Map<string, number>();

  /** Adds the id; when it was already there, returns the line it was first seen on instead. */
  add(id: string, line: number): number | undefined {
    const first = this.lines.get(id);
    if (first === undefined) this.lines.set(id, line);
    return first;
  }
}

/** A grade cell read as the lowest grade it lists; one Gatehouse does not know is left empty, with a warning. */
export function gradeOf(table: CsvTable, row: Row, column: number, log: ProblemLog): number | null {
  const raw = row.cell(column);
  const { grade, known } = readGrades(raw);
  if (!known) {
    const message = `${table.file} line ${row.line}: grade "${raw}" is not one Gatehouse knows (PreK, K, 1-12): left empty`;
    log.warn(cellProblem('bad_value', table.file, row.line, table.header[column]!, raw, message));
  }
  return grade;
}

export type FlagColumns = [flag: string, indexes: number[]][];

/** Each flag with its columns in this file; with `log`, a flag none of whose columns is there is said once. */
export function flagColumns(table: CsvTable, policy: RosterReadPolicy, log?: ProblemLog): FlagColumns {
  const found: FlagColumns = [];
  for (const [flag, columns] of Object.entries(policy.flagColumns)) {
    const indexes = columns.map((name) => columnIndex(table, name)).filter((index) => index >= 0);
    if (indexes.length > 0) found.push([flag, indexes]);
    else {
      const message = `${table.file} has none of the columns that set the ${flag} flag (${columns.join(', ')}): no one gets it`;
      log?.warn({ code: 'missing_column', file: table.file, line: 1, column: columns.join(', '), message });
    }
  }
  return found;
}

/** The flags a row sets (a truthy value in any of the flag's columns), sorted. */
export function flagsOf(row: Row, flags: FlagColumns): string[] {
  const set: string[] = [];
  for (const [flag, indexes] of flags) if (indexes.some((index) => isTruthy(row.cell(index)))) set.push(flag);
  return set.sort();
}
