// pageload with and without the extension: what it costs a page it does not fill.
import type { BrowserContext } from 'playwright-core';
import type { FixtureApps } from '../../fixtures/fixture-apps';
import { median, ms, noiseWarning, SAMPLES, TARGETS, verdict, type Result } from './figures';

export const PAGELOAD_PATHS = [
  { slug: 'reading-garden', path: '/login' },
  { slug: 'math-meadow', path: '/login' },
];
/** Page loads are many (4 per round) and cheap to warm: one round of each. */
const PAGELOAD_WARMUPS = 1;

// ------------------------------------------------------------------------------------------- page loads

export interface LoadSample {
  loadEventEnd: number;
  wall: number;
}

export async function loadOnce(browser: BrowserContext, url: string): Promise<LoadSample> {
  const page = await browser.newPage();
  const start = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  const wall = performance.now() - start;
  const loadEventEnd = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
  );
  await page.close();
  return { loadEventEnd, wall };
}

export async function pageloads(
  fixtures: FixtureApps,
  withExtension: BrowserContext,
  withoutExtension: BrowserContext,
) {
  const urls = PAGELOAD_PATHS.map(({ slug, path: pagePath }) => `${fixtures.origin(slug)}${pagePath}`);
  const samples = { with: [] as LoadSample[][], without: [] as LoadSample[][] };
  for (let round = 0; round < PAGELOAD_WARMUPS + SAMPLES; round++) {
    const order = round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const which of order) {
      const browser = which === 'with' ? withExtension : withoutExtension;
      const loads: LoadSample[] = [];
      for (const url of urls) loads.push(await loadOnce(browser, url));
      if (round >= PAGELOAD_WARMUPS) samples[which].push(loads);
    }
  }
  return { urls, samples };
}

export function reportPageloads(result: Result, { urls, samples }: Awaited<ReturnType<typeof pageloads>>) {
  const page = (which: 'with' | 'without', index: number, key: keyof LoadSample) =>
    samples[which].map((loads) => loads[index]![key]);
  /** The figure: each page's median loadEventEnd, summed over the pages. */
  const figure = (which: 'with' | 'without') =>
    urls.reduce((sum, _url, index) => sum + median(page(which, index, 'loadEventEnd')), 0);
  const withMs = figure('with');
  const withoutMs = figure('without');
  const ratio = withMs / withoutMs;
  result.lines.push(
    ['pageload-with-extension', ms(withMs), 'ms'],
    ['pageload-without-extension', ms(withoutMs), 'ms'],
    ['pageload-with/without-extension', ratio.toFixed(2), 'ratio'],
  );
  result.summary.push(
    `pageload-with/without-extension = ${ratio.toFixed(3)}: ${verdict(ratio <= TARGETS.pageloadRatio)} (target ≤ ${TARGETS.pageloadRatio.toFixed(2)}; per page the median loadEventEnd of ${SAMPLES} fresh tabs per browser, summed over ${urls.length} pages)`,
  );
  urls.forEach((url, index) => {
    const at = (which: 'with' | 'without', key: keyof LoadSample) => median(page(which, index, key));
    result.summary.push(
      `  ${url}: loadEventEnd ${ms(at('with', 'loadEventEnd'))} with / ${ms(at('without', 'loadEventEnd'))} without ` +
        `(ratio ${(at('with', 'loadEventEnd') / at('without', 'loadEventEnd')).toFixed(3)}); ` +
        `goto wall ${ms(at('with', 'wall'))} / ${ms(at('without', 'wall'))} ms (ratio ${(at('with', 'wall') / at('without', 'wall')).toFixed(3)})`,
    );
    for (const which of ['with', 'without'] as const)
      noiseWarning(result, `pageload-${which}-extension ${url}`, page(which, index, 'loadEventEnd'));
  });
}
