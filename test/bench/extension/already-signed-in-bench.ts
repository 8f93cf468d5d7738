// fill-already-signed-in against pageload: a launch that finds the app's own session, and a plain load of the same page.
import type { BrowserContext, Page } from 'playwright-core';
import { fixtureAppId } from '../../../server/demo/fixture-apps';
import { launchesOf } from '../../helpers/launch-rows';
import type { FixtureApps } from '../../fixtures/fixture-apps';
import { USER_COOKIE } from '../../fixtures/fixture-apps/http';
import { LMS } from '../../fixtures/fixture-apps/real-logins';
import { poll, STUDENT, type BenchPortal } from './bench-setup';
import { median, ms, noiseWarning, SAMPLES, TARGETS, verdict, WARMUPS, type Result } from './figures';

const APP_SLUG = 'reading-garden';
const TILE = /^Reading Garden/;
const OUTCOME = /^\/api\/extension\/launches\/[^/]+\/outcome$/;

/**
 * The Reading Garden tile, its connector pointed at the fixture LMS's /session/login, which sends a visitor
 * who holds the LMS's session cookie straight to /home (the connector's success URL). The browser holds
 * that cookie throughout, so every launch finds the student already signed in.
 */
export async function alreadySignedInAndPageload(
  portal: BenchPortal,
  fixtures: FixtureApps,
  browser: BrowserContext,
  dashboard: Page,
) {
  const appId = fixtureAppId(APP_SLUG);
  const lms = fixtures.origin(LMS);
  const launchUrl = `${lms}/session/login`;
  const original = portal.connectors.current(appId)!.definition;
  await portal.connectors.save(
    appId,
    {
      ...original,
      launchUrl,
      origins: [lms],
      login: { mode: 'fill', fields: { username: '#username', password: '#password' } },
      success: { urlPattern: `${lms}/home*` },
      failure: { element: '.login-error' },
    },
    null,
  );
  await browser.addCookies([{ name: USER_COOKIE, value: STUDENT, url: lms }]);
  const student = (await portal.directory.findByUsername(STUDENT))!;
  const tile = dashboard.getByRole('button', { name: TILE });
  /** Per launch sample, ms since the click: the launch call, the release and the report at the portal. */
  const phases: [number, number, number][] = [];

  /** Tile click → the extension's `succeeded` report arrives at the portal (its own timestamp). */
  async function launchOnce(): Promise<number> {
    portal.hits.length = 0;
    fixtures.clear();
    await dashboard.bringToFront();
    const opened = browser.waitForEvent('page');
    const clickAt = Date.now();
    await tile.click();
    const reportedAt = await poll(
      'the outcome report',
      () => portal.hits.find((hit) => hit.method === 'POST' && OUTCOME.test(hit.path))?.at,
    );
    const at = (pattern: RegExp) => (portal.hits.find((hit) => pattern.test(hit.path))?.at ?? NaN) - clickAt;
    phases.push([at(/\/launch$/), at(/\/release$/), reportedAt - clickAt]);
    // The report has arrived; its row is written a moment later.
    const outcome = await poll('the recorded outcome', async () => {
      const latest = (await launchesOf(portal.storage, appId, student.id)).at(-1);
      return latest?.outcome ?? undefined;
    });
    if (outcome !== 'succeeded') throw new Error(`already signed in: the launch reported ${outcome}`);
    if (fixtures.received.length) throw new Error('already signed in: something was posted to the app');
    await (await opened).close();
    return reportedAt - clickAt;
  }

  /** window.open of the same URL from the same dashboard → the app's home page `load`. */
  async function loadOnce(): Promise<number> {
    await dashboard.bringToFront();
    const opened = browser.waitForEvent('page');
    const startAt = Date.now();
    await dashboard.evaluate((url) => void window.open(url), launchUrl);
    const page = await opened;
    await page.waitForURL(`${lms}/home`, { waitUntil: 'load' });
    const loadedAt = Date.now();
    await page.close();
    return loadedAt - startAt;
  }

  try {
    for (let i = 0; i < WARMUPS; i++) {
      await launchOnce();
      await loadOnce();
    }
    const launches: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      if (i % 2 === 0) {
        launches.push(await launchOnce());
        loads.push(await loadOnce());
      } else {
        loads.push(await loadOnce());
        launches.push(await launchOnce());
      }
    }
    return { launches, loads, phases: phases.slice(-SAMPLES) };
  } finally {
    await portal.connectors.save(appId, original, null);
    await browser.clearCookies({ domain: new URL(lms).hostname });
  }
}

export function reportAlreadySignedIn(
  result: Result,
  { launches, loads, phases }: Awaited<ReturnType<typeof alreadySignedInAndPageload>>,
) {
  const launch = median(launches);
  const load = median(loads);
  const ratio = launch / load;
  result.lines.push(
    ['fill-already-signed-in', ms(launch), 'ms'],
    ['already-signed-in-pageload', ms(load), 'ms'],
    ['fill-already-signed-in/pageload', ratio.toFixed(2), 'ratio'],
  );
  result.summary.push(
    `fill-already-signed-in/pageload = ${ratio.toFixed(3)}: ${verdict(ratio <= TARGETS.alreadySignedInRatio)} (target ≤ ${TARGETS.alreadySignedInRatio.toFixed(2)}; medians of ${SAMPLES} ABBA-interleaved samples each, after ${WARMUPS} warm-ups)`,
    `  fill-already-signed-in: tile click → the extension's succeeded report at the portal, median ${ms(launch)} ms; pageload: window.open of the same URL → its home page's load, median ${ms(load)} ms`,
  );
  const phase = (index: number) => ms(median(phases.map((sample) => sample[index]!)));
  result.summary.push(
    `  fill-already-signed-in, median ms since the click: launch call at the portal ${phase(0)}, release ${phase(1)}, succeeded report ${phase(2)}`,
  );
  noiseWarning(result, 'fill-already-signed-in', launches);
  noiseWarning(result, 'already-signed-in-pageload', loads);
}
