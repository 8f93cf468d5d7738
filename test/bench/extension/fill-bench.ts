// fill against release-roundtrip: a tile click to a signed-in app, and what a launch cannot avoid.
import { launchesOf } from '../../helpers/launch-rows';
import type { BrowserContext, Page } from 'playwright-core';
import { calculateJwkThumbprint } from 'jose';
import { fixtureAppId } from '../../../server/demo/fixture-apps';
import { signManagedProof } from '../../../shared/extension/managed-proof';
import { createDeviceKey, signProof, type DeviceKey } from '../../helpers/extension-client';
import { DEMO_PASSWORD } from '../../helpers/test-portal';
import type { FixtureApps } from '../../fixtures/fixture-apps';
import { poll, STUDENT, type BenchPortal } from './bench-setup';
import { median, ms, nearestRank, noiseWarning, SAMPLES, TARGETS, verdict, WARMUPS, type Result } from './figures';

const FILL_SLUG = 'reading-garden';
const FILL_TILE = /^Reading Garden/;

// ------------------------------------------------------------------------------------ fill and baseline

interface FillSample {
  total: number;
  /** Click → the page's launch call arrives at the portal. */
  toLaunch: number;
  /** → the app tab shows up (Playwright's `page` event). */
  toTab: number;
  /** → the login page's `load` (as Playwright hears of it). */
  toLoad: number;
  /** → the extension's release arrives at the portal. */
  toRelease: number;
  /** → the sign-in POST arrives at the fixture. */
  toPost: number;
}

interface BaselineSample {
  total: number;
  /** The page's launch call, start to answer. */
  launch: number;
  /** → the new tab shows up (Playwright's `page` event). */
  tab: number;
  /** → the login page's `load`. */
  load: number;
  /** → the release's answer, here. */
  release: number;
}

export async function fillAndBaseline(
  portal: BenchPortal,
  fixtures: FixtureApps,
  browser: BrowserContext,
  dashboard: Page,
) {
  const appId = fixtureAppId(FILL_SLUG);
  const appOrigin = fixtures.origin(FILL_SLUG);
  const host = new URL(appOrigin).host;
  const student = (await portal.directory.findByUsername(STUDENT))!;

  // The credential the vault holds for the student is the only one the fixture accepts.
  const connector = portal.connectors.current(appId)!;
  const chosen = (await portal.vault.entries.resolve(student, appId, connector.definition.userEntries))!;
  fixtures.accept(FILL_SLUG, portal.vault.entries.open(chosen.entry, student)!);

  // The baseline's release comes from here, with a device paired for the student's own portal session.
  const device = await pairDeviceOverHttp(portal);
  const releaseBody = JSON.stringify({ appId, origin: appOrigin });
  async function releaseFromHere(launchId: string) {
    const url = `${portal.origin}/api/extension/launches/${encodeURIComponent(launchId)}/release`;
    const proof = await signProof(device.key, { method: 'POST', url, token: device.token });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `DPoP ${device.token}`, dpop: proof },
      body: releaseBody,
    });
    const answer = (await response.json()) as { credential?: { password?: string } };
    if (!response.ok || !answer.credential?.password)
      throw new Error(`baseline release: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
  }

  const latestLaunch = async () => {
    const latest = (await launchesOf(portal.storage, appId, student.id)).at(-1);
    return latest && { outcome: latest.outcome, reason: latest.outcomeReason };
  };

  const tile = dashboard.getByRole('button', { name: FILL_TILE });
  const hitAt = (pattern: RegExp) => portal.hits.find((hit) => hit.method === 'POST' && pattern.test(hit.path))?.at;

  async function fillOnce(): Promise<FillSample> {
    fixtures.clear();
    portal.hits.length = 0;
    await dashboard.bringToFront();
    let tabAt = NaN;
    let loadAt = NaN;
    let appPage: Page | undefined;
    browser.once('page', (page) => {
      tabAt = Date.now();
      appPage = page;
      page.once('load', () => (loadAt = Date.now()));
    });
    const clickAt = Date.now();
    await tile.click();
    const post = await fixtures.waitForReceived((r) => r.host === host && r.path === '/login', 15_000);
    // The launch is over (and did not trip the lockout guard) only once the extension reports it succeeded.
    const outcome = await poll('the launch outcome', async () => {
      const launch = await latestLaunch();
      return launch?.outcome === 'succeeded' || launch?.outcome === 'failed' ? launch : undefined;
    });
    if (outcome.outcome !== 'succeeded') throw new Error(`fill: the launch failed (${outcome.reason})`);
    await appPage?.close();
    const since = (at: number | undefined) => (at ?? NaN) - clickAt;
    return {
      total: post.at - clickAt,
      toLaunch: since(hitAt(/^\/api\/vault\/apps\/[^/]+\/launch$/)),
      toTab: since(tabAt),
      toLoad: since(loadAt),
      toRelease: since(hitAt(/^\/api\/extension\/launches\/[^/]+\/release$/)),
      toPost: since(post.at),
    };
  }

  async function baselineOnce(): Promise<BaselineSample> {
    await dashboard.bringToFront();
    const startAt = Date.now();
    const ticket = await dashboard.evaluate(async (id) => {
      const response = await fetch(`/api/vault/apps/${id}/launch`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) throw new Error(`launch answered ${response.status}`);
      return (await response.json()) as { launchId: string; launchUrl: string };
    }, appId);
    const launchedAt = Date.now();
    let tabAt = NaN;
    const opened = browser.waitForEvent('page').then((page) => ((tabAt = Date.now()), page));
    await dashboard.evaluate((url) => void window.open(url), ticket.launchUrl);
    const appPage = await opened;
    await appPage.waitForURL(ticket.launchUrl, { waitUntil: 'load' });
    const loadedAt = Date.now();
    await releaseFromHere(ticket.launchId);
    const releasedAt = Date.now();
    await appPage.close();
    return {
      total: releasedAt - startAt,
      launch: launchedAt - startAt,
      tab: tabAt - launchedAt,
      load: loadedAt - tabAt,
      release: releasedAt - loadedAt,
    };
  }

  for (let i = 0; i < WARMUPS; i++) {
    await fillOnce();
    await baselineOnce();
  }
  const fills: FillSample[] = [];
  const baselines: BaselineSample[] = [];
  // A B B A, B A A B, …: each pair of rounds is a palindrome.
  for (let i = 0; i < SAMPLES; i++) {
    if (i % 2 === 0) {
      fills.push(await fillOnce());
      baselines.push(await baselineOnce());
    } else {
      baselines.push(await baselineOnce());
      fills.push(await fillOnce());
    }
  }
  return { fills, baselines };
}

/** Signs the student in from here (a portal session of its own) and pairs a device to it, over HTTP. */
async function pairDeviceOverHttp({ origin, deviceSecret }: BenchPortal): Promise<{ key: DeviceKey; token: string }> {
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${origin}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return response;
  };
  const signedIn = await post('/api/auth/sign-in', { username: STUDENT, password: DEMO_PASSWORD });
  const cookie = signedIn.headers
    .getSetCookie()
    .find((header) => header.startsWith('gatehouse_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error('sign-in from the bench: no session cookie');
  const { code } = (await (await post('/api/auth/extension/pairing-code', {}, { cookie })).json()) as { code: string };
  const key = await createDeviceKey();
  const jkt = await calculateJwkThumbprint(key.publicJwk, 'sha256');
  const managedProof = await signManagedProof(deviceSecret, code, jkt);
  const session = (await (
    await post('/api/extension/session', { code, deviceKey: key.publicJwk, managedProof })
  ).json()) as {
    token: string;
  };
  return { key, token: session.token };
}

export function reportFill(result: Result, { fills, baselines }: Awaited<ReturnType<typeof fillAndBaseline>>) {
  const fill = median(fills.map((s) => s.total));
  const fillP95 = nearestRank(
    fills.map((s) => s.total),
    95,
  );
  const baseline = median(baselines.map((s) => s.total));
  const ratio = fill / baseline;
  result.lines.push(
    ['fill', ms(fill), 'ms'],
    ['fill-p95', ms(fillP95), 'ms'],
    ['release-roundtrip', ms(baseline), 'ms'],
    ['fill/release-roundtrip', ratio.toFixed(2), 'ratio'],
  );
  const phase = (key: keyof FillSample) => median(fills.map((s) => s[key]));
  const base = (key: keyof BaselineSample) => ms(median(baselines.map((s) => s[key])));
  result.summary.push(
    `fill/release-roundtrip = ${ratio.toFixed(3)}: ${verdict(ratio <= TARGETS.fillRatio)} (target ≤ ${TARGETS.fillRatio.toFixed(2)}; medians of ${SAMPLES} ABBA-interleaved samples each, after ${WARMUPS} warm-ups)`,
    `fill-p95 = ${ms(fillP95)} ms: ${verdict(fillP95 <= TARGETS.fillP95Ms)} (target ≤ ${TARGETS.fillP95Ms} ms; p50 ${ms(fill)} ms, min ${ms(Math.min(...fills.map((s) => s.total)))}, max ${ms(Math.max(...fills.map((s) => s.total)))})`,
    `  fill, median ms since the click: launch call at the portal ${ms(phase('toLaunch'))}, app tab ${ms(phase('toTab'))}, ` +
      `login page load ${ms(phase('toLoad'))}, release at the portal ${ms(phase('toRelease'))}, sign-in POST ${ms(phase('toPost'))}`,
    `  release-roundtrip, median ms: launch call ${base('launch')} + window.open to the new tab ${base('tab')} + to its load ${base('load')} + release from here ${base('release')}`,
  );
  noiseWarning(
    result,
    'fill',
    fills.map((s) => s.total),
  );
  noiseWarning(
    result,
    'release-roundtrip',
    baselines.map((s) => s.total),
  );
}
