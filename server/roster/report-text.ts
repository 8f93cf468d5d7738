import { ROSTER_KINDS, type RosterChangeCounts, type RosterKind, type RosterProblem } from '../../shared/roster';

// A sync's report in plain English, for the CLI and the portal's log: counts and places, never a person's name.

/** "users.csv line 7, column role: …" */
export function problemText(problem: RosterProblem): string {
  const line = problem.line === undefined ? '' : ` line ${problem.line}`;
  const column = problem.column === undefined ? '' : `, column ${problem.column}`;
  return `${problem.file || '(bundle)'}${line}${column}: ${problem.message}`;
}

/** Added, changed, deactivated, reactivated, as `countsLine` marks them. */
export const COUNTS_LEGEND = '+added ~changed -deactivated ^reactivated';

/** "people +3 ~1 -2, enrollments +5" on one line: only the kinds and figures that are not zero. */
export function countsLine(counts: Record<RosterKind, RosterChangeCounts> | null): string {
  if (!counts) return 'no counts';
  const marks = [
    ['+', 'added'],
    ['~', 'changed'],
    ['-', 'deactivated'],
    ['^', 'reactivated'],
  ] as const;
  const parts = ROSTER_KINDS.flatMap((kind) => {
    const figures = marks.filter(([, change]) => counts[kind][change] > 0);
    return figures.length
      ? [`${kind} ${figures.map(([mark, change]) => `${mark}${counts[kind][change]}`).join(' ')}`]
      : [];
  });
  return parts.length ? parts.join(', ') : 'no changes';
}

/** One row per kind with its figures, for a table on a terminal. */
export function countsTable(counts: Record<RosterKind, RosterChangeCounts>): string[] {
  const header = `  ${'kind'.padEnd(12)}${['added', 'changed', 'deactivated', 'reactivated', 'unchanged'].map((h) => h.padStart(12)).join('')}`;
  const rows = ROSTER_KINDS.map((kind) => {
    const c = counts[kind];
    const figures = [c.added, c.changed, c.deactivated, c.reactivated, c.unchanged];
    return `  ${kind.padEnd(12)}${figures.map((figure) => String(figure).padStart(12)).join('')}`;
  });
  return [header, ...rows];
}

/** The problems a reader's refusal carries (one `problem`, or `problems`), or none when it is some other failure. */
export function problemsOf(error: unknown): RosterProblem[] {
  const { problem, problems } = (error ?? {}) as { problem?: RosterProblem; problems?: RosterProblem[] };
  if (Array.isArray(problems)) return problems;
  return problem && typeof problem === 'object' && 'code' in problem ? [problem] : [];
}
