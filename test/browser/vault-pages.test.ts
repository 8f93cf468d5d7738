// IT's connector and stored sign-in pages and a student's vault tiles, in real Chromium against a real portal.
// A refused change names its field or CSV line and saves nothing; a reveal needs a reason and is audited; a
// student sees each practice app's state in words and, without the extension, how to sign in by hand; and
// axe-core (WCAG 2.1 A/AA rules) finds no violation on any of these pages. Chromium reaches loopback only.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { portalInChromium, signedInPage as signInPage } from '../helpers/browser';
import { launchesOf } from '../helpers/launch-rows';
import { wcagViolations } from '../helpers/axe';

/** A GET from inside the page, with its session cookie, as the UI itself would make it. */
function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => (await fetch(url)).json(), path) as Promise<T>;
}

const PRACTICE_APPS = [
  'Reading Garden',
  'Math Meadow',
  'Science Sprouts',
  'Spelling Star',
  'Story Steps',
  'Typing Trail',
  'Code Cove',
];

interface EntrySummary {
  id: string;
  scope: string;
  version: number;
}

describe('vault pages in Chromium', () => {
  const chromium = portalInChromium();

  const signedInPage = (username: string) => signInPage(chromium.browser, chromium.portal.origin, username);

  it('names the field when IT saves a connector whose launch URL is off its origins, and saves nothing', async () => {
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'Connectors' }).click();
    await page.getByRole('button', { name: 'Edit (Reading Garden)' }).click();
    await page.getByText('Advanced: the connector as JSON').click();
    const editor = page.getByLabel('Connector definition (JSON)');
    await expect.poll(() => editor.inputValue()).toContain('reading-garden.test');
    expect(await wcagViolations(page)).toEqual([]);

    const definition = JSON.parse(await editor.inputValue());
    definition.launchUrl = 'http://elsewhere.test:8790/login';
    await editor.fill(JSON.stringify(definition, null, 2));
    await page.getByRole('button', { name: 'Save as a new version' }).click();

    const alert = page.getByRole('alert');
    await alert.getByText('The connector was not saved').waitFor();
    expect(await alert.getByRole('listitem').allTextContents()).toEqual([
      'launchUrl: must be on one of the listed origins',
    ]);
    // Focus goes to the field the problem names, which says it beside it, so it can be fixed at once.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('connector-launchUrl');
    expect(await page.getByLabel('Sign-in page address').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('This must be on one of the listed origins.').waitFor();
    const { versions } = await getJson<{ versions: unknown[] }>(page, '/api/admin/connectors/app-reading-garden');
    expect(versions).toHaveLength(1);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('edits a connector through its form: the JSON view follows, and the server holds the change', async () => {
    const page = await signedInPage('demo.it');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Connectors' }).click();
    await page.getByRole('button', { name: 'Edit (Typing Trail)' }).click();
    // A POST connector: the form shows its address and field names.
    expect(await page.getByLabel('Address the sign-in is sent to').inputValue()).toMatch(/\/session$/);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('pass');
    const successElement = page.getByRole('group', { name: /^Signed in/ }).getByLabel('Element (CSS selector)');
    await successElement.fill('#welcome-banner');
    // Words the site's error must show before the password is blamed (the lockout guard).
    await page.getByLabel('Words in the error (optional)').fill('Wrong username or password');
    await page.getByLabel('People’s own sign-ins').selectOption('it_wins');
    await page.getByText('Advanced: the connector as JSON').click();
    const json = JSON.parse(await page.getByLabel('Connector definition (JSON)').inputValue());
    expect(json.success.element).toBe('#welcome-banner');
    expect(json.failure).toMatchObject({ element: '.login-error', text: 'Wrong username or password' });
    expect(json.userEntries).toBe('it_wins');
    expect(await wcagViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // A change in the JSON shows in the form.
    json.extraFieldLabel = 'School code';
    await page.getByLabel('Connector definition (JSON)').fill(JSON.stringify(json, null, 2));
    expect(await page.getByLabel('Name of the extra field, as people see it').inputValue()).toBe('School code');

    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page
      .getByRole('status')
      .getByText(/^Saved as version \d+\.$/)
      .waitFor();
    const { versions } = await getJson<{ versions: { definition: Record<string, unknown> }[] }>(
      page,
      '/api/admin/connectors/app-typing-trail',
    );
    expect(versions[0]!.definition).toMatchObject({
      success: { element: '#welcome-banner' },
      failure: { text: 'Wrong username or password' },
      userEntries: 'it_wins',
      extraFieldLabel: 'School code',
    });
    await page.close();
  });

  it('rejects a vault CSV with one bad row, naming its line, and imports nothing', async () => {
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'Stored sign-ins' }).click();
    const entriesUrl = '/api/admin/vault/entries?app=app-math-meadow';
    const before = await getJson<{ entries: EntrySummary[] }>(page, entriesUrl);

    await page.getByText('Columns: app,scope,owner,username,password,extra').waitFor();
    await page
      .getByLabel('CSV to import')
      .fill(
        [
          'app,scope,owner,username,password,extra',
          'math-meadow,user,demo.student.g4,g4-math,Garden-Pass-1,',
          'math-meadow,user,no.such.person,someone,Garden-Pass-2,',
        ].join('\n'),
      );
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    const alert = page.getByRole('alert');
    await alert.getByText('Nothing was imported').waitFor();
    const rejected = alert.getByRole('table', { name: 'Rejected rows' });
    expect(await rejected.getByRole('row').allInnerTexts()).toEqual([
      expect.stringMatching(/^Line\s+Column\s+Problem$/),
      expect.stringMatching(/^3\s+owner\s+is not a username in this district$/),
    ]);
    expect(await getJson(page, entriesUrl)).toEqual(before);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('reveals a stored sign-in only with a reason, and the audit log has a vault.reveal row with it', async () => {
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'Stored sign-ins' }).click();
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Code Cove' });
    await page
      .getByRole('button', { name: /^Reveal/ })
      .first()
      .click();

    const dialog = page.getByRole('dialog', { name: /^Reveal the sign-in for .* in Code Cove$/ });
    const reasonField = dialog.getByLabel('Why do you need to see it?');
    await reasonField.fill('curious');
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await dialog.getByRole('alert').getByText('at least 10 characters').waitFor();
    expect(await wcagViolations(page)).toEqual([]);

    const reason = 'Reading the school code to a parent on the phone';
    await reasonField.fill(reason);
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await dialog.getByText('LAKESIDE-01').waitFor();
    await dialog.getByRole('status').getByText('recorded in the audit log').waitFor();
    expect(await wcagViolations(page)).toEqual([]);

    const { events } = await getJson<{ events: { action: string; detail: { reason?: string } | null }[] }>(
      page,
      '/api/admin/audit?limit=50',
    );
    expect(events.filter((event) => event.action === 'vault.reveal').map((event) => event.detail?.reason)).toEqual([
      reason,
    ]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator('dialog').count()).toBe(0);
    await page.close();
  });

  it('shows a student every practice tile with its state, and how to sign in without the extension', async () => {
    const page = await signedInPage('demo.student.g4');
    for (const name of PRACTICE_APPS) {
      await page.getByRole('button', { name: new RegExp(`^${name}\\b`) }).waitFor();
    }
    const readingGarden = page.locator('[data-app=reading-garden]');
    await readingGarden.getByText('Ready. Click it to see how to sign in.').waitFor();
    expect(await wcagViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^Reading Garden\b/ }).click();

    const panel = page.getByRole('region', { name: 'How to sign in to Reading Garden' });
    await panel.getByText('demo.student.g4', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('How to sign in to Reading Garden');
    const link = panel.getByRole('link', { name: 'Open Reading Garden (in a new tab)' });
    expect(await link.getAttribute('href')).toBe('http://reading-garden.test:8790/login');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // The click made a launch, which no extension picked up.
    const launches = await launchesOf(chromium.portal.storage, 'app-reading-garden');
    expect(launches.map((launch) => launch.releasedAt)).toEqual([null]);
    expect(await wcagViolations(page)).toEqual([]);

    // Closing returns focus to the tile that opened the panel.
    await panel.getByRole('button', { name: 'Close' }).click();
    expect(await page.evaluate(() => document.activeElement?.closest('[data-app]')?.getAttribute('data-app'))).toBe(
      'reading-garden',
    );
    await page.close();
  });

  it('lets a student store their own Math Meadow sign-in, which then wins, and show its password', async () => {
    const page = await signedInPage('demo.student.g4');
    const tile = page.locator('[data-app=math-meadow]');
    await tile.getByText('IT’s sign-in is used until you add your own.').waitFor();
    await tile.getByRole('button', { name: 'Use my own sign-in (Math Meadow)' }).click();

    const panel = page.getByRole('region', { name: 'Use my own sign-in for Math Meadow' });
    await panel.getByLabel('Username').fill('g4-at-home');
    await panel.getByLabel('Password').fill('Meadow-Pass-42');
    expect(await wcagViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Save my sign-in' }).click();
    await page.getByRole('status').getByText('Your sign-in for Math Meadow was saved.').waitFor();
    await tile.getByText('Your own sign-in is used.').waitFor();

    await page.getByRole('button', { name: /^Math Meadow\b/ }).click();
    const help = page.getByRole('region', { name: 'How to sign in to Math Meadow' });
    await help.getByText('g4-at-home', { exact: true }).waitFor();
    await help.getByRole('button', { name: 'Show password' }).click();
    await help.getByText('Meadow-Pass-42', { exact: true }).waitFor();
    await page.close();
  });

  it('shows IT each app’s launches on the health page', async () => {
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'App health' }).click();
    const row = page.getByRole('row', { name: /^Reading Garden\b/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      '1',
      '0',
      '0',
      'No results reported yet',
      'password 0, connector 0, site 0',
      'None',
      '0',
    ]);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('made no request to any other origin', () => {
    expect(chromium.foreignRequests).toEqual([]);
  });
});
