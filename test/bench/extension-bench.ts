// The extension's figures for `npm run bench`, taken in real headless Chromium; run.mjs starts this file
// (`node --import tsx test/bench/extension-bench.ts '["fill","pageload","content-script-gzip"]'`) and turns the
// JSON it prints last into `bench` lines. Run alone, it prints the same JSON.
//
// What is measured against what, and why:
//   fill                                 a tile click to a signed-in app: on the portal dashboard of
//                                        demo.student.g4, from Playwright's click on the Reading Garden tile
//                                        (its role=button /^Reading Garden/) to the fixture server recording
//                                        the sign-in POST (its own timestamp). In between: the page's launch
//                                        call, the page → extension messages, the new tab, the login page,
//                                        the release, the fill engine injected and run twice (collect, insert)
//                                        and the form submitted. Also its p95 (nearest rank: the 19th of 20).
//   release-roundtrip                    the baseline: what a launch cannot avoid, from the same dashboard
//                                        page in the same browser, with no extension work: the page's launch
//                                        call (fetch POST /api/vault/apps/:id/launch with its cookie), then
//                                        window.open(launchUrl) until the login page's `load` (as Playwright
//                                        sees it), then one release of that launch, DPoP proof signed on the
//                                        clock, POSTed from this process over loopback HTTP with a device paired
//                                        for the same student (its own portal session: pairing one here must
//                                        not unpair the extension). Clock: this process, start to answer.
//   fill/release-roundtrip               what the extension adds to the unavoidable round trip    (target ≤ 1.50,
//                                                                                      and fill p95 ≤ 300 ms)
//   pageload-with/without-extension      what the extension costs a page it does not fill: two browsers, one
//                                        with the extension loaded, configured by policy and paired, one
//                                        without any extension; each loads Reading Garden's /login and Math
//                                        Meadow's /login (React 18 from the fixture's own origin) in a fresh
//                                        tab, 20 times each. A figure is each page's median navigation-entry
//                                        loadEventEnd (the browser's own clock from navigation start, without
//                                        Playwright's round trips), summed over the two pages; the wall time of
//                                        page.goto(…, load) is reported beside it               (target ≤ 1.10)
//   fill-already-signed-in/pageload      a launch that finds the person already signed in at the app, against a
//                                        plain load of the same page: the Reading Garden tile with its connector
//                                        pointed at the fixture LMS's /session/login, which sends a browser that
//                                        holds the LMS's own session cookie straight to /home (the connector's
//                                        success URL). fill-already-signed-in runs from the tile click to the
//                                        extension's `succeeded` report arriving at the portal (its timestamp);
//                                        pageload from window.open of the same URL on the same dashboard to the
//                                        home page's `load` as Playwright hears of it. ABBA, 20 samples each
//                                        after 2 warm-ups, medians                              (target ≤ 1.20)
//   content-script-gzip                  gzip -9 size (zlib.gzipSync, level 9) of everything the extension
//                                        injects into a page: .output/chrome-mv3/fill-engine.js (there are no
//                                        declared content scripts; chrome.scripting injects the engine on demand,
//                                        plus a one-line call). 1 kB = 1,000 bytes              (target ≤ 50 kB)
// To keep them fair:
//   - fill and baseline are taken in ABBA order (A B B A, then B A A B, …) after 2 warm-ups of each, 20 samples
//     each; pageload rounds alternate which browser goes first, 20 rounds after 1 warm-up; figures are medians;
//   - each launch must succeed: the fixture accepts exactly the credential the vault holds for the student, and
//     the bench waits for the extension's `succeeded` outcome (so a sample never overlaps the previous launch's
//     tail and no lockout hold can build up), then closes the app tab;
//   - the timed paths are Playwright-driven on both sides: fill starts before a Playwright click (actionability
//     checks included) and ends at a server timestamp; the baseline starts before a page.evaluate and ends when
//     the release answer arrives here, with one more CDP round trip (the load event) on its way.
// Not pinned: Chromium, the in-process portal (createTestPortal, in-memory database, built dist/web) and the
// fixture server share all cores (run.mjs starts this process on every core, not the load core), since a
// browser on one core measures the core, not the extension. Ratios are still from the same run, interleaved.
// Isolation from the browser tests running on the same machine: the bench loads a COPY of .output/chrome-mv3
// with a fresh manifest key (so its own extension id, and no update_url), writes that id's managed config in
// its own policy file gatehouse-bench.json (removed on exit), keeps Playwright's --disable-extensions (which
// blocks policy force-installs but not --load-extension), serves its id as /extension/extension.json, and runs
// the fixture apps on a free port with the two practice apps' connectors saved anew for it (never 8790).
// Traffic stays on 127.0.0.1 (*.test maps to loopback). Nothing is built here: `npm run build` first.

import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FIXTURE_APPS, fixtureAppId } from '../../server/demo/fixture-apps';
import { signedInPage } from '../helpers/browser';
import {
  districtConfig,
  extensionSignedIn,
  extensionWorker,
  managedConfigArrived,
  managedConfigPolicy,
  writePolicy,
} from '../helpers/extension-browser';
import { startFixtureApps } from '../fixtures/fixture-apps';
import {
  benchExtension,
  cleanUp,
  closers,
  EXTENSION_BUILD,
  launchBrowser,
  REPO_ROOT,
  setPolicy,
  startBenchPortal,
  STUDENT,
  WEB_ROOT,
} from './extension/bench-setup';
import { alreadySignedInAndPageload, reportAlreadySignedIn } from './extension/already-signed-in-bench';
import { fillAndBaseline, reportFill } from './extension/fill-bench';
import { TARGETS, verdict, type Result } from './extension/figures';
import { PAGELOAD_PATHS, pageloads, reportPageloads } from './extension/pageload-bench';

const FILL_ENGINE = path.join(EXTENSION_BUILD, 'fill-engine.js');
const POLICY_FILE = 'gatehouse-bench.json';
/** The whole bench must be done by then (it takes well under a minute and a half). */
const WATCHDOG_MS = 180_000;

const FIGURES = ['fill', 'fill-already-signed-in', 'pageload', 'content-script-gzip'] as const;
type FigureName = (typeof FIGURES)[number];

function reportGzip(result: Result) {
  const source = fs.readFileSync(FILL_ENGINE);
  const kb = gzipSync(source, { level: 9 }).length / 1000;
  result.lines.push(['content-script-gzip', kb.toFixed(1), 'kB']);
  result.summary.push(
    `content-script-gzip = ${kb.toFixed(1)} kB: ${verdict(kb <= TARGETS.gzipKb)} (target ≤ ${TARGETS.gzipKb} kB; fill-engine.js, ${(source.length / 1000).toFixed(1)} kB before gzip)`,
  );
}

const startedAt = performance.now();
let lastStep = startedAt;
/** Progress on stderr (run.mjs shows it only if this process fails). */
function progress(step: string) {
  const now = performance.now();
  console.error(
    `extension bench: ${step} in ${((now - lastStep) / 1000).toFixed(1)} s (${((now - startedAt) / 1000).toFixed(1)} s in all)`,
  );
  lastStep = now;
}

async function main() {
  const asked = JSON.parse(process.argv[2] ?? JSON.stringify(FIGURES)) as string[];
  const unknown = asked.filter((name) => !FIGURES.includes(name as FigureName));
  if (unknown.length) throw new Error(`no extension figure ${unknown.join(', ')}; figures: ${FIGURES.join(', ')}`);
  const want = (name: FigureName) => asked.includes(name);
  for (const [file, build] of [
    [FILL_ENGINE, 'npm run build:extension'],
    [path.join(WEB_ROOT, 'index.html'), 'npm run build:web'],
  ] as const) {
    if (!fs.existsSync(file))
      throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run \`npm run build\` (or \`${build}\`) first`);
  }
  const watchdog = setTimeout(() => {
    console.error(`extension bench: not done after ${WATCHDOG_MS / 1000} s, giving up`);
    void cleanUp().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  watchdog.unref();

  const result: Result = { lines: [], summary: [], warnings: [] };
  if (want('fill') || want('fill-already-signed-in') || want('pageload')) {
    const extension = benchExtension();
    const fixtures = await startFixtureApps({ port: 0 });
    closers.push(() => fixtures.close());
    const portal = await startBenchPortal(extension);
    closers.push(portal.close);
    // The practice apps the bench uses, on the fixture server's port instead of 8790.
    for (const app of FIXTURE_APPS.filter((app) => PAGELOAD_PATHS.some(({ slug }) => slug === app.slug)))
      await portal.connectors.save(fixtureAppId(app.slug), app.connector(fixtures.origin(app.slug)), null);
    setPolicy(() => writePolicy(POLICY_FILE, managedConfigPolicy(extension.id, districtConfig(portal))));

    const [withExtension, withoutExtension] = await Promise.all([launchBrowser(extension.dir), launchBrowser()]);
    const worker = await extensionWorker(withExtension, extension.id);
    await managedConfigArrived(worker);
    const dashboard = await signedInPage(withExtension, portal.origin, STUDENT);
    const pairedAs = await extensionSignedIn(worker);
    if (pairedAs !== STUDENT) throw new Error(`the extension paired as ${pairedAs}, not ${STUDENT}`);

    progress('set up');
    if (want('fill')) reportFill(result, await fillAndBaseline(portal, fixtures, withExtension, dashboard));
    progress('fill and release-roundtrip');
    if (want('fill-already-signed-in')) {
      reportAlreadySignedIn(result, await alreadySignedInAndPageload(portal, fixtures, withExtension, dashboard));
      progress('fill-already-signed-in and its page load');
    }
    if (want('pageload')) {
      // Same tabs in both browsers from here on: the initial blank page and the one being measured.
      await dashboard.close();
      reportPageloads(result, await pageloads(fixtures, withExtension, withoutExtension));
      progress('pageload');
    }
  }
  if (want('content-script-gzip')) reportGzip(result);
  clearTimeout(watchdog);
  return result;
}

try {
  const result = await main();
  await cleanUp();
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`extension bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  await cleanUp();
  process.exitCode = 1;
}
