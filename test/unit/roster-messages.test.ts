// The roster page words every problem code, outcome and source the server can send, in every language.
import { describe, expect, it } from 'vitest';
import { ROSTER_KINDS, ROSTER_PROBLEM_CODES } from '../../shared/roster';
import { en } from '../../shared/i18n/en';
import { es } from '../../shared/i18n/es';

const OUTCOMES = ['applied', 'unchanged', 'previewed', 'held', 'refused', 'approved'];
const SOURCES = ['upload', 'cli', 'drop_folder', 'demo'];

describe('the roster messages', () => {
  it('have English and Spanish words for every problem code, outcome, source and kind', () => {
    const keys = [
      ...ROSTER_PROBLEM_CODES.map((code) => `roster.problem.${code}`),
      ...OUTCOMES.flatMap((outcome) => [`roster.outcome.${outcome}`, `roster.result.${outcome}`]),
      ...SOURCES.map((source) => `roster.source.${source}`),
      ...ROSTER_KINDS.map((kind) => `roster.kind.${kind}`),
    ];
    const missing = keys.filter((key) => !(key in en) || !(key in es));
    expect(missing).toEqual([]);
  });
});
