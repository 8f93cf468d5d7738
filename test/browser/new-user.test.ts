// What a new user tripped on, in real Chromium against a real portal: a person picker that kept a choice
// the results no longer showed (a credential saved for the wrong child), a campus typed by hand (a 500), an
// IT menu off a phone's screen, tiles that promised a sign-in no extension would do, and English left in
// the Spanish UI. Chromium has no extension here and reaches loopback only.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fillSignIn, portalInChromium, signedInPage as signInPage } from '../helpers/browser';
import { wcagViolations } from '../helpers/axe';
import { DEMO_PASSWORD } from '../helpers/test-portal';
import { es } from '../../shared/i18n/es';

/** A GET from inside the page, with its session cookie, as the UI itself would make it. */
function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => (await fetch(url)).json(), path) as Promise<T>;
}

interface PersonSummary {
  id: string;
  username: string;
  displayName: string;
}

const personNamed = async (page: Page, username: string) =>
  (await getJson<{ people: PersonSummary[] }>(page, `/api/admin/people?q=${username}`)).people.find(
    (person) => person.username === username,
  )!;

describe('what a new user tripped on, in Chromium', () => {
  const chromium = portalInChromium();

  const signedInPage = (username: string) => signInPage(chromium.browser, chromium.portal.origin, username);

  it('saves a stored sign-in only for a person the search shows, and names them', async () => {
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'Stored sign-ins' }).click();
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Reading Garden' });
    const search = page.getByLabel('Person (name or username)');
    await search.fill('demo.student.g4');
    await page.getByRole('radio', { name: /\(demo\.student\.g4\)/ }).check();
    // The search changes to someone else: the earlier choice must not survive, hidden.
    await search.fill('demo.student.g8');
    await page.getByRole('radio', { name: /\(demo\.student\.g8\)/ }).waitFor();
    expect(await page.getByRole('radio', { name: /\(demo\.student\.g4\)/ }).count()).toBe(0);
    await page.getByLabel('Username', { exact: true }).fill('rg-someone');
    await page.getByLabel('Password', { exact: true }).fill('Garden-Pass-7');
    await page.getByRole('button', { name: 'Save stored sign-in' }).click();
    await page.getByRole('alert').getByText('Choose a person from the list.').waitFor();
    const userEntries = async () =>
      (
        await getJson<{ entries: { scope: string; person: PersonSummary | null }[] }>(
          page,
          '/api/admin/vault/entries?app=app-reading-garden',
        )
      ).entries.filter((entry) => entry.scope === 'user');
    expect(await userEntries()).toEqual([]);

    await page.getByRole('radio', { name: /\(demo\.student\.g8\)/ }).check();
    await page.getByRole('button', { name: 'Save stored sign-in' }).click();
    const g8 = await personNamed(page, 'demo.student.g8');
    await page
      .getByRole('status')
      .getByText(`Saved for ${g8.displayName} (demo.student.g8) in Reading Garden.`)
      .waitFor();
    expect((await userEntries()).map((entry) => entry.person?.username)).toEqual(['demo.student.g8']);

    // Another kind and back: the search is empty again, and so is the choice.
    await page.getByRole('radio', { name: 'Shared by a campus' }).check();
    await page.getByRole('radio', { name: 'One person' }).check();
    await page.getByLabel('Username', { exact: true }).fill('rg-someone-else');
    await page.getByLabel('Password', { exact: true }).fill('Garden-Pass-8');
    await page.getByRole('button', { name: 'Save stored sign-in' }).click();
    await page.getByRole('alert').getByText('Choose a person from the list.').waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('explains only a person the search shows', async () => {
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'Explain access' }).click();
    const search = page.getByLabel('Person (name or username)');
    await search.fill('demo.teacher.nosch');
    await page.getByRole('radio', { name: /demo\.teacher\.noschedule/ }).check();
    await page.getByLabel('App').selectOption({ label: 'Clever' });
    await search.fill('demo.student.g4');
    await page.getByRole('radio', { name: /\(demo\.student\.g4\)/ }).waitFor();
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByRole('alert').getByText('Choose a person from the list.').waitFor();
    expect(await page.locator('.explanation').count()).toBe(0);

    await page.getByRole('radio', { name: /\(demo\.student\.g4\)/ }).check();
    await page.getByRole('button', { name: 'Explain' }).click();
    const g4 = await personNamed(page, 'demo.student.g4');
    await page
      .locator('.explanation .summary')
      .getByText(new RegExp(`^${g4.displayName} `))
      .waitFor();
    await page.close();
  });

  it('offers the district’s campuses as a list for a shared sign-in, and saves for the one chosen', async () => {
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'Stored sign-ins' }).click();
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Code Cove' });
    await page.getByRole('radio', { name: 'Shared by a campus' }).check();
    const campus = page.getByLabel('Campus', { exact: true });
    expect(await campus.evaluate((element) => element.tagName)).toBe('SELECT');
    await expect
      .poll(() => campus.locator('option').allTextContents())
      .toEqual(['Choose a campus', 'Lakeside Elementary', 'Lakeside Middle School', 'Lakeside High School']);
    await page.getByLabel('Username', { exact: true }).fill('cove-ms');
    await page.getByLabel('Password', { exact: true }).fill('Cove-Pass-9');
    await page.getByRole('button', { name: 'Save stored sign-in' }).click();
    await page.getByRole('alert').getByText('Choose a campus').waitFor();

    await campus.selectOption({ label: 'Lakeside Middle School' });
    await page.getByRole('button', { name: 'Save stored sign-in' }).click();
    await page.getByRole('status').getByText('Saved for everyone at Lakeside Middle School in Code Cove.').waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('fits a 390 px phone: the sign-in card, and every IT page reachable from a navigation on screen', async () => {
    await chromium.browser.clearCookies();
    const page = await chromium.browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(chromium.portal.origin);
    const pageWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
    const card = (await page.locator('.sign-in-card').boundingBox())!;
    expect(card.x).toBeGreaterThanOrEqual(0);
    expect(card.x + card.width).toBeLessThanOrEqual(390);
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    expect(await wcagViolations(page)).toEqual([]);

    await fillSignIn(page, 'demo.it');
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    // The menu grows once the portal has said what IT may do (a second answer after the sign-in's own).
    await links.getByText('Extension', { exact: true }).waitFor();
    const names = await links.allTextContents();
    expect(names).toEqual([
      'My apps',
      'Badges',
      'Student sign-ins',
      'Why can’t … get in?',
      'People',
      'Delegation',
      'Explain access',
      'Roster',
      'Audit log',
      'Apps',
      'Connectors',
      'Stored sign-ins',
      'App health',
      'Extension',
    ]);
    for (const name of names) {
      const link = links.getByText(name, { exact: true });
      const box = (await link.boundingBox())!;
      expect(box.x, name).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, name).toBeLessThanOrEqual(390);
      await link.click();
      await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
      await page.waitForLoadState('networkidle');
      expect(await pageWidth(), name).toBeLessThanOrEqual(390);
      expect(await wcagViolations(page), name).toEqual([]);
    }
    await page.close();
  });

  it('speaks Spanish in the Spanish UI: a sign-in problem, re-worded when the language changes, and app descriptions', async () => {
    await chromium.browser.clearCookies();
    const page = await chromium.browser.newPage();
    await page.goto(chromium.portal.origin);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const alert = page.getByRole('alert');

    // A wrong password in English, then the language changes: the problem shown changes with it.
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/sign-in'));
    await fillSignIn(page, 'demo.student.g4', 'definitely-wrong');
    expect(((await (await answer).json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
    await expect
      .poll(() => alert.textContent())
      .toBe('That username and password don’t match. Check them and try again.');
    await page.getByLabel('Language').selectOption('es');
    await expect.poll(() => alert.textContent()).toBe(es['error.invalid_credentials']);

    // Spanish from the start: the same problem, in Spanish.
    await page.reload();
    await page.getByLabel('Nombre de usuario').fill('demo.student.g4');
    await page.getByLabel('Contraseña').fill('still-wrong');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect.poll(() => alert.textContent()).toBe(es['error.invalid_credentials']);

    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Tus aplicaciones' }).waitFor();
    const description = (slug: string) => page.locator(`[data-app=${slug}] .tile-description`).textContent();
    expect(await description('reading-garden')).toBe('Lee cuentos y haz crecer tu propio jardín');
    expect(await description('lexia-core5')).toBe('Práctica de lectura');
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  // Last before the origin check: the fake clock it installs stays on the browser context.
  it('shows a child without the extension calm, honest tiles, and a status line that clears', async () => {
    await chromium.browser.clearCookies();
    const page = await chromium.browser.newPage();
    await page.clock.install();
    await page.goto(chromium.portal.origin);
    await fillSignIn(page, 'demo.student.g4');
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    await page.locator('[data-app=reading-garden]').getByText('Ready. Click it to see how to sign in.').waitFor();
    // No extension answered, so nothing promises that the portal signs the child in.
    expect(await page.getByText(/signs you in/).count()).toBe(0);
    // Descriptions are for children, not developers.
    for (const text of await page.locator('.tile-description').allTextContents())
      expect(text).not.toMatch(/practice app|shadow root|login form|frame|POST|React/i);
    // An app IT has not finished is said calmly, not in the alarm colour of an error.
    const notSetUp = page.locator('[data-app=lexia-core5] .tile-state');
    await notSetUp.getByText('Not set up yet.').waitFor();
    const alarm = await page.evaluate(() => {
      const probe = document.body.appendChild(Object.assign(document.createElement('p'), { className: 'error' }));
      const color = getComputedStyle(probe).color;
      probe.remove();
      return color;
    });
    expect(await notSetUp.evaluate((element) => getComputedStyle(element).color)).not.toBe(alarm);
    expect(await wcagViolations(page)).toEqual([]);

    const saved = page.getByText('Your sign-in for Math Meadow was saved.');
    const saveOwnSignIn = async () => {
      await page.getByRole('button', { name: 'Use my own sign-in (Math Meadow)' }).click();
      const panel = page.getByRole('region', { name: 'Use my own sign-in for Math Meadow' });
      await panel.getByLabel('Username').fill('g4-at-home');
      await panel.getByLabel('Password').fill('Meadow-Pass-42');
      await panel.getByRole('button', { name: 'Save my sign-in' }).click();
      await saved.waitFor();
    };
    // The result clears after a while…
    await saveOwnSignIn();
    await page.clock.fastForward(11_000);
    await expect.poll(() => saved.count()).toBe(0);
    // …or at the next action.
    await saveOwnSignIn();
    await page.getByRole('button', { name: /^Reading Garden\b/ }).click();
    await page.getByRole('region', { name: 'How to sign in to Reading Garden' }).waitFor();
    expect(await saved.count()).toBe(0);
    await page.close();
  });

  it('made no request to any other origin', () => {
    expect(chromium.foreignRequests).toEqual([]);
  });
});
