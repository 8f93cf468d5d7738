// The built extension loads in Chromium; with no district configuration it says so and signs no one in
// anywhere: a tile click at the portal falls back to the how-to-sign-in help, and no app receives anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage, startPortal } from '../helpers/browser';
import { builtExtensionId, extensionWorker } from '../helpers/extension-browser';
import { startFixtureApps, type FixtureApps } from '../fixtures/fixture-apps';

describe('extension without a district configuration', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let fixtures: FixtureApps;
  beforeAll(async () => {
    fixtures = await startFixtureApps();
    portal = await startPortal();
    browser = await launchChromium({ withExtension: true, args: ['--lang=en-US'] });
  });
  afterAll(async () => {
    await browser?.cleanup();
    await portal?.close();
    await fixtures?.close();
  });

  it('loads, and its popup says the district has not set it up', async () => {
    const worker = await extensionWorker(browser, builtExtensionId());
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.name).toBe('Gatehouse');
    expect(manifest.storage).toEqual({ managed_schema: 'managed-schema.json' });
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();

    const popup = await browser.newPage();
    await popup.goto(`chrome-extension://${builtExtensionId()}/popup.html`);
    await popup.getByRole('status').getByText('Your district has not set up this extension yet').waitFor();
    expect(await popup.getByRole('heading').textContent()).toBe('Gatehouse');
    await popup.close();
  });

  it('fills nothing: a tile click shows how to sign in instead, and no app receives anything', async () => {
    const dashboard = await signedInPage(browser, portal.origin, 'demo.student.g4');
    const pagesBefore = browser.pages().length;
    await dashboard.getByRole('button', { name: /^Reading Garden/ }).click();
    await dashboard.getByRole('heading', { name: 'How to sign in to Reading Garden' }).waitFor();
    await dashboard.waitForTimeout(1_000);
    expect(browser.pages().length).toBe(pagesBefore);
    expect(fixtures.received).toEqual([]);
  });
});
