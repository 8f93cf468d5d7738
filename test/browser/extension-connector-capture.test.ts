// IT records a connector by clicking through an app's login page instead of writing selectors, and a student's
// launch then signs in with it. Threat: the capture watches IT type a real password, so nothing typed during it
// may be recorded or sent; and a connector decides where children's passwords go, so only IT is offered it.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { createConnectorDraftStore } from '../../server/connectors/drafts';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import { launchChromium, signedInPage, startPortal } from '../helpers/browser';
import { wcagViolations } from '../helpers/axe';
import {
  builtExtensionId,
  eventually,
  extensionSignedIn,
  storedCredential,
  startManagedDistrict,
} from '../helpers/extension-browser';
import type { FixtureApps } from '../fixtures/fixture-apps';

const READING = fixtureAppId('reading-garden');
const STUDENT = 'demo.student.g4';
const TYPED_USERNAME = 'it-test-account-77';
const TYPED_PASSWORD = 'Typed-During-Capture-5150!';

describe('IT captures a login in the extension popup', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let fixtures: FixtureApps;
  let worker: Worker;
  let district: Awaited<ReturnType<typeof startManagedDistrict>>;
  const apiBodies: string[] = [];
  const extensionId = builtExtensionId();

  beforeAll(async () => {
    district = await startManagedDistrict('gatehouse-test-capture.json', {
      // Every body the portal's API receives, to show that nothing typed on the page reached it.
      intercept: async (request, next) => {
        if (new URL(request.url).pathname.startsWith('/api/')) apiBodies.push(await request.clone().text());
        return next(request);
      },
    });
    ({ fixtures, portal, browser, worker } = district);
  });
  afterAll(async () => {
    await district?.close();
  });

  const openPopup = async () => {
    const popup = await browser.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    return popup;
  };
  const banner = (page: Page, text: string) => page.locator('gatehouse-capture').getByText(text).waitFor();

  const typedNowhere = (draft: object) => {
    for (const typed of [TYPED_PASSWORD, TYPED_USERNAME]) {
      expect(JSON.stringify(draft)).not.toContain(typed);
      expect(apiBodies.filter((body) => body.includes(typed))).toEqual([]);
    }
  };
  const capturedDraft = async () =>
    (await eventually('the captured draft', async () =>
      (await createConnectorDraftStore(portal.storage).list()).at(0),
    ))!;

  it('follows a username-first login over two pages into a steps draft, which IT can discard', async () => {
    const portalPage = await signedInPage(browser, portal.origin, 'demo.it');
    await eventually('the extension to pair as IT', async () => (await extensionSignedIn(worker)) === 'demo.it');
    const origin = fixtures.origin('story-steps');
    const loginPage = await browser.newPage();
    await loginPage.goto(`${origin}/login`);
    const popup = await openPopup();
    await popup.getByRole('heading', { name: 'Capture this login' }).waitFor();
    expect(await popup.getByLabel('App').inputValue()).toBe(fixtureAppId('story-steps'));
    await popup.getByRole('button', { name: 'Capture this login' }).click();
    // Escape cancels, and the popup says so.
    await loginPage.bringToFront();
    await banner(loginPage, 'Click the username field.');
    await loginPage.keyboard.press('Escape');
    await popup.getByRole('status').getByText('Capture cancelled. Nothing was recorded.').waitFor();
    await loginPage.locator('gatehouse-capture').waitFor({ state: 'detached' });
    await popup.getByRole('button', { name: 'Capture this login' }).click();
    await popup.close();

    await loginPage.bringToFront();
    await banner(loginPage, 'Click the username field.');
    // A click the page's own script makes is no pick (a hostile page cannot choose its decoy).
    await loginPage.evaluate(() => (document.querySelector('#next') as HTMLElement).click());
    await loginPage.waitForTimeout(300);
    await banner(loginPage, 'Click the username field.');
    await loginPage.locator('#username').click();
    await banner(loginPage, 'Click the password field.');
    await loginPage.getByRole('button', { name: 'The password is on the next page' }).click();
    await banner(loginPage, 'Click the extra field');
    await loginPage.getByRole('button', { name: 'There is no other field' }).click();
    await banner(loginPage, 'Click the button that signs in');
    await loginPage.getByRole('button', { name: 'Next' }).click();
    await banner(loginPage, 'Now type the username');
    await loginPage.locator('#username').fill(TYPED_USERNAME);
    await loginPage.getByRole('button', { name: 'Next' }).click();
    await loginPage.waitForURL(`${origin}/login/password`);
    await banner(loginPage, 'Click the password field.');
    await loginPage.locator('#password').click();
    await banner(loginPage, 'Click the extra field');
    await loginPage.getByRole('button', { name: 'There is no other field' }).click();
    await banner(loginPage, 'Click the button that signs in');
    await loginPage.getByRole('button', { name: 'Sign in' }).click();
    await banner(loginPage, 'Now sign in once');
    await loginPage.locator('#password').fill(TYPED_PASSWORD);
    await loginPage.getByRole('button', { name: 'Sign in' }).click();
    await loginPage.waitForURL(`${origin}/home`);

    const draft = await capturedDraft();
    expect(draft.definition).toMatchObject({
      launchUrl: `${origin}/login`,
      origins: [origin],
      login: {
        mode: 'steps',
        steps: [
          { fields: { username: '#username' }, submit: '#next' },
          { fields: { password: '#password' }, submit: '#sign-in' },
        ],
      },
      success: { urlPattern: `${origin}/home*` },
    });
    typedNowhere(draft);
    await loginPage.close();

    await portalPage.goto(`${portal.origin}/admin/connectors`);
    const drafts = portalPage.getByRole('region', { name: 'Drafts from capture' });
    await drafts.getByRole('button', { name: 'Discard (Story Steps)' }).click();
    await drafts.getByText('The draft for Story Steps was discarded.').waitFor();
    expect(await createConnectorDraftStore(portal.storage).list()).toEqual([]);
    await portalPage.close();
  });

  it('records a draft from clicks, IT saves it on the Connectors page, and a student signs in with it', async () => {
    fixtures.clear();
    // The app's current connector names fields the page does not have: only the captured one can work.
    const working = portal.connectors.current(READING)!.definition;
    const broken = { ...working, login: { mode: 'fill', fields: { username: '#user', password: '#pass' } } };
    await portal.connectors.save(READING, broken, null);

    const portalPage = await signedInPage(browser, portal.origin, 'demo.it');
    await eventually('the extension to pair as IT', async () => (await extensionSignedIn(worker)) === 'demo.it');
    const loginPage = await browser.newPage();
    await loginPage.goto(`${fixtures.origin('reading-garden')}/login`);

    const popup = await openPopup();
    await popup.getByRole('heading', { name: 'Capture this login' }).waitFor();
    // The app is guessed from the tab's origin.
    expect(await popup.getByLabel('App').inputValue()).toBe(READING);
    expect(await wcagViolations(popup)).toEqual([]);
    await popup.getByRole('button', { name: 'Capture this login' }).click();

    await loginPage.bringToFront();
    await banner(loginPage, 'Click the username field.');
    await loginPage.locator('#username').click();
    await banner(loginPage, 'Click the password field.');
    // The popup follows along.
    await popup.getByRole('status').getByText('Click the password field.').waitFor();
    await loginPage.locator('#password').click();
    await banner(loginPage, 'Click the extra field');
    await loginPage.getByRole('button', { name: 'There is no other field' }).click();
    await banner(loginPage, 'Click the button that signs in');
    await loginPage.getByRole('button', { name: 'Sign in' }).click();
    await banner(loginPage, 'Now sign in once');
    // The picks reached nothing: the page's form was never sent.
    expect(fixtures.received).toEqual([]);

    await loginPage.locator('#username').fill(TYPED_USERNAME);
    await loginPage.locator('#password').fill(TYPED_PASSWORD);
    await loginPage.getByRole('button', { name: 'Sign in' }).click();
    await loginPage.waitForURL(`${fixtures.origin('reading-garden')}/home`);

    const draft = await capturedDraft();
    const origin = fixtures.origin('reading-garden');
    expect(draft.definition).toMatchObject({
      launchUrl: `${origin}/login`,
      origins: [origin],
      login: { mode: 'fill', fields: { username: '#username', password: '#password' }, submit: 'button[type=submit]' },
      success: { urlPattern: `${origin}/home*` },
    } satisfies Partial<ConnectorDefinition>);
    // Nothing typed during the capture was kept or sent to the portal.
    typedNowhere(draft);
    await popup.bringToFront();
    await popup.getByRole('status').getByText('Captured. Review the draft for Reading Garden').waitFor();
    await popup.close();

    // IT reviews the draft in the connector form and saves it.
    await portalPage.bringToFront();
    await portalPage.goto(`${portal.origin}/admin/connectors`);
    const drafts = portalPage.getByRole('region', { name: 'Drafts from capture' });
    await drafts.getByRole('button', { name: 'Review (Reading Garden)' }).click();
    await portalPage.getByRole('heading', { name: 'Captured draft for Reading Garden' }).waitFor();
    expect(await wcagViolations(portalPage)).toEqual([]);
    await portalPage.getByRole('button', { name: 'Save as the app’s connector' }).click();
    await drafts.getByText('No captured drafts.').waitFor();
    // In force in every process within the connectors' change check (about a second).
    await eventually('the saved connector', async () =>
      isDeepStrictEqual(portal.connectors.current(READING)?.definition.login, draft.definition.login),
    );

    // A student's launch signs in with the captured connector.
    fixtures.clear();
    const dashboard = await signedInPage(browser, portal.origin, STUDENT);
    await eventually('the extension to pair as the student', async () => (await extensionSignedIn(worker)) === STUDENT);
    const credential = await storedCredential(portal, STUDENT, READING);
    fixtures.accept('reading-garden', credential);
    const opened = browser.waitForEvent('page');
    await dashboard.getByRole('button', { name: /^Reading Garden/ }).click();
    const appPage = await opened;
    const received = await fixtures.waitForReceived((r) => r.path === '/login', 15_000);
    expect(received.fields).toMatchObject({ username: credential.username, password: credential.password });
    await appPage.waitForURL(`${origin}/home`);

    // The popup offers capture to IT only.
    const studentPopup = await openPopup();
    await studentPopup.getByText(`Signed in as`).waitFor();
    await studentPopup.waitForTimeout(1_000);
    expect(await studentPopup.getByRole('heading', { name: 'Capture this login' }).count()).toBe(0);
  });
});
