// Threat: a correct stored password put on hold ("needs attention") because a connector written the obvious
// way met a real login page: a per-load token, field names that change, a hidden modal, a script that hashes
// the password on the button's click, a session the app already has, a login box on another origin, a
// username-first login. The built extension signs the student in on each; the lockout guard holds the
// password only when the site said so after the page's own submit. Assertions are on what the fixture
// servers received, on the outcome (and what the extension saw) the portal was sent, and on the hold state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import type { FillOutcomeReport } from '../../shared/vault/fill-outcome';
import { launchChromium, signedInPage, startPortal } from '../helpers/browser';
import { eventually, extensionSignedIn, storedCredential, startManagedDistrict } from '../helpers/extension-browser';
import { launchesOf } from '../helpers/launch-rows';
import type { FixtureApps } from '../fixtures/fixture-apps';
import { USER_COOKIE } from '../fixtures/fixture-apps/http';
import { LMS, pageHash, SCHOOL_SITE, SLOW_ASSET_MS } from '../fixtures/fixture-apps/real-logins';

const STUDENT = 'demo.student.g4';
/** The practice app whose stored sign-in the tests use, its connector swapped for each page shape. */
const APP = fixtureAppId('reading-garden');
const OUTCOME_PATH = /^\/api\/extension\/launches\/[^/]+\/outcome$/;

describe('fills hold up on real login pages', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let fixtures: FixtureApps;
  let district: Awaited<ReturnType<typeof startManagedDistrict>>;
  let dashboard: Page;
  let credential: { username: string; password: string };
  let original: ConnectorDefinition;
  /** Every outcome report the extension sent, as sent. */
  const reports: FillOutcomeReport[] = [];

  beforeAll(async () => {
    district = await startManagedDistrict('gatehouse-test-real-logins.json', {
      async intercept(request, next) {
        if (request.method === 'POST' && OUTCOME_PATH.test(new URL(request.url).pathname)) {
          reports.push((await request.clone().json()) as FillOutcomeReport);
        }
        return next(request);
      },
    });
    ({ fixtures, portal, browser } = district);
    const { worker } = district;
    dashboard = await signedInPage(browser, portal.origin, STUDENT);
    expect(await extensionSignedIn(worker)).toBe(STUDENT);
    credential = await storedCredential(portal, STUDENT, APP);
    fixtures.accept(LMS, credential);
    original = portal.connectors.current(APP)!.definition;
  });
  afterAll(async () => {
    await district?.close();
  });

  const lms = () => fixtures.origin(LMS);
  const lmsHost = () => new URL(lms()).host;
  const student = async () => (await portal.directory.findByUsername(STUDENT))!;
  const tileState = async () =>
    (await portal.vault.tileStatuses(await student())).find((tile) => tile.appId === APP)?.state;

  /** A connector written the obvious way for one of the LMS's pages. */
  const connector = (path: string, change: Partial<ConnectorDefinition> = {}): ConnectorDefinition => ({
    ...original,
    launchUrl: `${lms()}${path}`,
    origins: [lms()],
    login: { mode: 'fill', fields: { username: 'input[name=username]', password: 'input[type=password]' } },
    success: { urlPattern: `${lms()}/home*` },
    failure: { element: '.login-error' },
    ...change,
  });

  /** Launches the app with this connector from its tile; the outcome and what the extension saw, once final. */
  async function launchWith(definition: ConnectorDefinition) {
    fixtures.clear();
    reports.length = 0;
    await portal.connectors.save(APP, definition, null);
    await dashboard.bringToFront();
    const opened = browser.waitForEvent('page');
    const clickedAt = Date.now();
    await dashboard.getByRole('button', { name: /^Reading Garden/ }).click();
    const appPage = await opened;
    const final = (await eventually('a final outcome', async () =>
      reports.find((report) => report.outcome === 'succeeded' || report.outcome === 'failed'),
    ))!;
    const rows = await launchesOf(portal.storage, APP, (await student()).id);
    return { final, recorded: rows.at(-1)!, appPage, tookMs: Date.now() - clickedAt };
  }

  const signInPosts = () => fixtures.received.filter((r) => r.method === 'POST');

  it('signs in on a page with a per-load token, in fill mode and in post mode (which sends the page’s token)', async () => {
    const filled = await launchWith(connector('/token/login'));
    expect(filled.recorded).toMatchObject({ outcome: 'succeeded', outcomeReason: null });
    expect(signInPosts()).toEqual([
      expect.objectContaining({
        host: lmsHost(),
        path: '/token/login',
        fields: { username: credential.username, password: credential.password, logintoken: expect.any(String) },
      }),
    ]);
    expect(filled.final.seen).toEqual({
      step: 0,
      fields: { username: 'matched', password: 'matched' },
      submit: 'default_button',
      signal: 'success',
    });
    await filled.appPage.close();
    await browser.clearCookies({ domain: 'lms.test' });

    const posted = await launchWith(
      connector('/token/login', {
        login: {
          mode: 'post',
          action: `${lms()}/token/login`,
          fields: { username: 'username', password: 'password' },
          staticFields: {},
        },
      }),
    );
    expect(posted.recorded).toMatchObject({ outcome: 'succeeded' });
    expect(signInPosts()).toEqual([
      expect.objectContaining({
        path: '/token/login',
        fields: { username: credential.username, password: credential.password, logintoken: expect.any(String) },
      }),
    ]);
    expect(posted.final.seen).toMatchObject({ submit: 'post', signal: 'success' });
    await posted.appPage.close();
    await browser.clearCookies({ domain: 'lms.test' });
  });

  it('signs in where the field names change on every load, and past a hidden login modal', async () => {
    const changing = await launchWith(
      connector('/changing/login', {
        login: {
          mode: 'fill',
          fields: { username: '#login input[autocomplete=username]', password: '#login input[type=password]' },
        },
      }),
    );
    expect(changing.recorded.outcome).toBe('succeeded');
    const [sent] = signInPosts();
    expect(Object.values(sent!.fields)).toEqual(expect.arrayContaining([credential.username, credential.password]));
    await changing.appPage.close();
    await browser.clearCookies({ domain: 'lms.test' });

    const modal = await launchWith(connector('/modal/login'));
    expect(modal.recorded.outcome).toBe('succeeded');
    expect(signInPosts()).toEqual([
      expect.objectContaining({
        path: '/modal/login',
        fields: { username: credential.username, password: credential.password, source: 'page' },
      }),
    ]);
    await modal.appPage.close();
    await browser.clearCookies({ domain: 'lms.test' });
  });

  it('presses the form’s own button, so the page’s script hashes the password before it leaves', async () => {
    const hashed = await launchWith(connector('/hash/login'));
    expect(signInPosts()).toEqual([
      expect.objectContaining({
        path: '/hash/login',
        fields: { username: credential.username, password: '', password_hash: pageHash(credential.password) },
      }),
    ]);
    expect(hashed.recorded.outcome).toBe('succeeded');
    expect(hashed.final.seen?.submit).toBe('default_button');
    await hashed.appPage.close();
    await browser.clearCookies({ domain: 'lms.test' });
  });

  it('fills a school site’s login box that posts to the LMS, both origins being the connector’s', async () => {
    const school = fixtures.origin(SCHOOL_SITE);
    const box = await launchWith(connector('/', { launchUrl: `${school}/`, origins: [school, lms()] }));
    expect(box.recorded.outcome).toBe('succeeded');
    expect(fixtures.received).toEqual([
      expect.objectContaining({
        host: lmsHost(),
        path: '/box/login',
        fields: { username: credential.username, password: credential.password },
      }),
    ]);
    await box.appPage.close();
    await browser.clearCookies({ domain: 'lms.test' });
  });

  it('walks a username-first login, one page at a time', async () => {
    const steps = await launchWith(
      connector('/idp/login', {
        login: {
          mode: 'steps',
          steps: [
            { fields: { username: '#username' }, submit: '#next', autoSubmit: true },
            { fields: { password: '#password' }, submit: '#sign-in', autoSubmit: true },
          ],
        },
      }),
    );
    expect(steps.recorded.outcome).toBe('succeeded');
    expect(signInPosts().map(({ path, fields }) => ({ path, fields }))).toEqual([
      { path: '/idp/login', fields: { username: credential.username } },
      { path: '/idp/password', fields: { username: credential.username, password: credential.password } },
    ]);
    expect(steps.final.seen).toMatchObject({ step: 1, fields: { password: 'matched' }, submit: 'button' });
    await steps.appPage.close();
    await browser.clearCookies({ domain: 'lms.test' });
  });

  it('reports an app session that is already there as signed in, at once, sending nothing', async () => {
    // The LMS's own session cookie, as an earlier visit leaves it: its login page goes straight home.
    await browser.addCookies([{ name: USER_COOKIE, value: credential.username, url: lms() }]);
    // By its element, seen while the extension waits for the form.
    const byElement = await launchWith(connector('/session/login', { success: { element: '#signed-in' } }));
    expect(byElement.recorded).toMatchObject({ outcome: 'succeeded', outcomeReason: null });
    expect(byElement.final.seen).toMatchObject({ signal: 'success', alreadySignedIn: true, submit: 'none' });
    expect(byElement.tookMs).toBeLessThan(8_000);
    await byElement.appPage.close();
    // By its address, as the tab commits to it: before a slow home page has finished loading.
    const byUrl = await launchWith(
      connector('/session-slow/login', { success: { urlPattern: `${lms()}/dashboard*` } }),
    );
    expect(byUrl.recorded).toMatchObject({ outcome: 'succeeded', outcomeReason: null });
    expect(byUrl.final.seen).toMatchObject({ signal: 'success', alreadySignedIn: true });
    expect(byUrl.tookMs).toBeLessThan(SLOW_ASSET_MS);
    expect(signInPosts()).toEqual([]);
    await byUrl.appPage.close();
    await browser.clearCookies({ domain: 'lms.test' });
  });

  it('holds the password only when the site rejects it after the page’s own submit, not after a static POST', async () => {
    fixtures.accept(LMS, { username: credential.username, password: 'the-site-changed-it' });
    try {
      const posted = await launchWith(
        connector('/token/login', {
          login: {
            mode: 'post',
            action: `${lms()}/token/login`,
            fields: { username: 'username', password: 'password' },
            staticFields: {},
          },
        }),
      );
      expect(posted.final).toMatchObject({ outcome: 'failed', reason: 'failure_unconfirmed' });
      expect(posted.recorded.outcomeReason).toBe('failure_unconfirmed');
      expect(await tileState()).toBe('ready');
      await posted.appPage.close();

      const filled = await launchWith(
        connector('/hash/login', { failure: { element: '.login-error', text: 'wrong  USERNAME or password' } }),
      );
      expect(filled.final).toMatchObject({
        outcome: 'failed',
        reason: 'credentials_rejected',
        seen: { submit: 'default_button', signal: 'failure' },
      });
      expect(signInPosts()).toHaveLength(1);
      expect(await tileState()).toBe('needs_attention');
      await filled.appPage.close();
    } finally {
      fixtures.accept(LMS, credential);
      const person = await student();
      const chosen = (await portal.vault.entries.resolve(person, APP, original.userEntries))!;
      await portal.vault.launches.liftHold(chosen.entry.id, person.id);
      await portal.connectors.save(APP, original, null);
    }
  });
});
