// What the extension bench's figures are made of: sample statistics, targets, and the result run.mjs prints.

export const TARGETS = { fillRatio: 1.5, fillP95Ms: 300, pageloadRatio: 1.1, alreadySignedInRatio: 1.2, gzipKb: 50 };
/** A figure whose samples' interquartile range is wider than this fraction of their median gets a warning. */
const NOISY_IQR = 0.25;
export const WARMUPS = 2;
export const SAMPLES = 20;

export const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
/** The value at fraction `q` by linear interpolation between closest ranks (q = 0.5 is the median). */
export function quantile(values: number[], q: number) {
  const s = sorted(values);
  const at = (s.length - 1) * q;
  const low = Math.floor(at);
  return s[low]! + (s[Math.min(low + 1, s.length - 1)]! - s[low]!) * (at - low);
}
export const median = (values: number[]) => quantile(values, 0.5);
/** Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it. */
export const nearestRank = (values: number[], p: number) => sorted(values)[Math.ceil((p / 100) * values.length) - 1]!;
export const ms = (value: number) => value.toFixed(1);
export const iqrSpread = (values: number[]) => (quantile(values, 0.75) - quantile(values, 0.25)) / median(values);

export interface Result {
  /** [name, value, unit], printed by run.mjs as `bench <name> <value> <unit>`. */
  lines: [string, string, string][];
  summary: string[];
  warnings: string[];
}

export const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

export function noiseWarning(result: Result, name: string, values: number[]) {
  const spread = iqrSpread(values);
  if (spread > NOISY_IQR)
    result.warnings.push(
      `${name}: interquartile range ${Math.round(spread * 100)}% of the median (min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))} ms); the machine was busy, rerun if this figure matters`,
    );
}
