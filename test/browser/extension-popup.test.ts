// The built extension loads in Chromium, and with no district configuration it says so and does nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';

describe('extension without a district configuration', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium({ withExtension: true, args: ['--lang=en-US'] });
  });
  afterAll(async () => {
    await browser?.cleanup();
  });

  it('loads, and its popup says the district has not set it up', async () => {
    const worker = browser.serviceWorkers()[0] ?? (await browser.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.name).toBe('Gatehouse');
    expect(manifest.storage).toEqual({ managed_schema: 'managed-schema.json' });

    const popup = await browser.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.getByRole('status').getByText('Your district has not set up this extension yet').waitFor();
    expect(await popup.getByRole('heading').textContent()).toBe('Gatehouse');
  });
});
