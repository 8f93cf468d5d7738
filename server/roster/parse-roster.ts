import { createHash } from 'node:crypto';
import type { RosterProblem } from '../../shared/roster';
import { readClever } from './clever';
import { readOneRoster } from './oneroster';
import type { ParsedRoster, RosterFiles, RosterReadPolicy } from './roster-bundle';
import { ProblemLog } from './roster-table';

// A bundle's files read whole into the normalised bundle, or refused with every structural problem found:
// nothing partial. Pure: no database, no clock.

type Format = 'oneroster' | 'clever';

/** Reads the files as OneRoster 1.1 or Clever CSV, whichever they are. */
export function parseRoster(
  files: RosterFiles,
  policy: RosterReadPolicy,
  fileHash: string = hashRosterFiles(files),
): ParsedRoster {
  const format = detectFormat(files);
  if (!format) return { ok: false, errors: [unknownFormat(files)], warnings: [], fileHash };
  const log = new ProblemLog();
  const bundle = format === 'oneroster' ? readOneRoster(files, policy, log) : readClever(files, policy, log);
  const errors = log.allErrors();
  if (errors.length > 0) return { ok: false, errors, warnings: log.warnings, fileHash };
  return { ok: true, bundle, fileHash };
}

/** SHA-256 over every file in name order (names and lengths included), so the same bundle has the same hash. */
export function hashRosterFiles(files: RosterFiles): string {
  const hash = createHash('sha256');
  for (const name of [...files.files.keys()].sort()) {
    const bytes = files.files.get(name)!;
    hash.update(`${name}\u0000${bytes.length}\u0000`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

function detectFormat(files: RosterFiles): Format | undefined {
  if (files.files.has('manifest.csv') || files.files.has('users.csv')) return 'oneroster';
  if (files.files.has('students.csv') || files.files.has('schools.csv')) return 'clever';
  return undefined;
}

function unknownFormat(files: RosterFiles): RosterProblem {
  const names = [...files.files.keys()].sort();
  const found = names.length === 0 ? 'no CSV files' : names.join(', ');
  return {
    code: 'unknown_format',
    file: files.name,
    message:
      `${files.name} is neither OneRoster 1.1 (manifest.csv, users.csv…) nor Clever CSV (schools.csv, students.csv…): ` +
      `it holds ${found}`,
  };
}
