// Threat: IT's connector test mixes up the test account with a real stored sign-in (sends the real one, or holds
// it back after the test account's wrong password), or leaves IT guessing why a connector failed. The built
// extension, configured by Chrome policy, runs IT's test from the Connectors page against a practice app;
// the assertions are on what the fixture server received, what the vault holds, and the words IT reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import { launchChromium, signedInPage, startPortal } from '../helpers/browser';
import { wcagViolations } from '../helpers/axe';
import { extensionSignedIn, storedCredential, startManagedDistrict } from '../helpers/extension-browser';
import type { FixtureApps } from '../fixtures/fixture-apps';

const IT = 'demo.it';
const STUDENT = 'demo.student.g4';
const SLUG = 'reading-garden';
const TEST_ACCOUNT = { username: 'test.pupil', password: 'Test-Account-Pass-9z' };

describe('IT tests a connector from the Connectors page', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let fixtures: FixtureApps;
  let district: Awaited<ReturnType<typeof startManagedDistrict>>;
  let page: Page;
  let worker: Worker;

  beforeAll(async () => {
    district = await startManagedDistrict('gatehouse-test-connector-test.json');
    ({ fixtures, portal, browser, worker } = district);
    page = await signedInPage(browser, portal.origin, IT);
    expect(await extensionSignedIn(worker)).toBe(IT);
    await page.goto(`${portal.origin}/admin/connectors`);
    await page.getByRole('button', { name: 'Edit (Reading Garden)' }).click();
    await page.getByRole('heading', { name: 'Test this connector' }).waitFor();
  });
  afterAll(async () => {
    await district?.close();
  });

  /** Types the test account and presses Test; the app opens in the tab the extension makes. */
  async function runTest(password: string) {
    fixtures.clear();
    await page.getByLabel('Test account username').fill(TEST_ACCOUNT.username);
    await page.getByLabel('Test account password').fill(password);
    const opened = browser.waitForEvent('page');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const appTab = await opened;
    const received = await fixtures.waitForReceived((r) => r.path === '/login', 15_000);
    return { appTab, received };
  }

  it('signs the test account in and says so; a wrong password points at the test account, in both languages', async () => {
    const real = await storedCredential(portal, STUDENT, fixtureAppId(SLUG));
    fixtures.accept(SLUG, TEST_ACCOUNT);

    const good = await runTest(TEST_ACCOUNT.password);
    expect(good.received.fields).toMatchObject(TEST_ACCOUNT);
    await page.getByText('Signed in: the test account got in.').waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'What the extension saw' }).waitFor();
    expect(await page.getByLabel('Test account password').inputValue()).toBe('');
    await good.appTab.close();

    const wrong = await runTest('Not-The-Password-1');
    expect(wrong.received.fields).toMatchObject({ username: TEST_ACCOUNT.username, password: 'Not-The-Password-1' });
    await page.getByText('Did not sign in: the site rejected the username or password.').waitFor({ timeout: 20_000 });
    await page.getByText(/^This points at the test account/).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await wrong.appTab.close();

    await page.getByLabel('Language').selectOption('es');
    await page.getByText('No inició sesión: el sitio rechazó el nombre de usuario o la contraseña.').waitFor();
    await page.getByText(/^Esto apunta a la cuenta de prueba/).waitFor();
    await page.getByLabel('Idioma').selectOption('en');

    // Only the test account reached the app, and the real stored sign-ins were neither used nor held back.
    const sent = fixtures.received.map((r) => JSON.stringify(r.fields));
    expect(sent.filter((fields) => fields.includes(real.password))).toEqual([]);
    const student = (await portal.directory.findByUsername(STUDENT))!;
    const tile = (await portal.vault.tileStatuses(student)).find((status) => status.appId === fixtureAppId(SLUG));
    expect(tile).toMatchObject({ state: 'ready', holdReason: null });
    const it = (await portal.directory.findByUsername(IT))!;
    expect(await portal.vault.launches.currentHoldsFor([it.id, student.id])).toEqual([]);
    expect((await portal.vault.launches.health()).find((app) => app.appId === fixtureAppId(SLUG))).toBeUndefined();
  });
});
