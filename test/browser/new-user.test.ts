// What a new user tripped on, in real Chromium against a real portal: a person picker that kept a choice
// the results no longer showed (a credential saved for the wrong child), a campus typed by hand (a 500), an
// IT menu off a phone's screen, tiles that promised a sign-in no extension would do, and English left in
// the Spanish UI. Chromium has no extension here and reaches loopback only.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fillSignIn, portalInChromium, signedInPage as signInPage } from '../helpers/browser';
import { wcagViolations } from '../helpers/axe';

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
    const names = await links.allTextContents();
    expect(names).toEqual([
      'My apps',
      'Explain access',
      'Audit log',
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

  it('made no request to any other origin', () => {
    expect(chromium.foreignRequests).toEqual([]);
  });
});
