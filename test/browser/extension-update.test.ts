// Chrome keeps the force-installed extension up to date from the district's own server: a higher version
// published at the portal replaces the running one (BROWSER-TESTING.md §3b).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { ensureExtensionKey } from '../../server/extension/deployment/extension-key';
import { packCrx } from '../../server/extension/deployment/pack-crx';
import { BUILD_INFO_FILE, CRX_FILE } from '../../server/extension/deployment/published-build';
import { extensionPolicies } from '../../server/extension/deployment/policy';
import { EXTENSION_BUILD, launchChromium, startPortal } from '../helpers/browser';
import { eventually, extensionWorker, writePolicy } from '../helpers/extension-browser';

describe('the portal publishes a new version and Chrome installs it', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-update-'));
  const distDir = path.join(work, 'dist');
  const key = ensureExtensionKey(loadConfig().extensionKeyFile);
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let removePolicy: () => void;

  /** Publishes the built extension as `version`, updating from this test's portal, as `npm run build` would. */
  async function publish(version: string) {
    const dir = path.join(work, version);
    fs.cpSync(EXTENSION_BUILD, dir, { recursive: true });
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    Object.assign(manifest, { version, update_url: `${portal.origin}/extension/updates.xml` });
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    fs.mkdirSync(distDir, { recursive: true });
    await packCrx(dir, key.file, path.join(distDir, CRX_FILE));
    fs.writeFileSync(path.join(distDir, BUILD_INFO_FILE), JSON.stringify({ id: key.extensionId, version }));
  }

  beforeAll(async () => {
    portal = await startPortal({ extensionDistDir: distDir });
    await publish('1.0.0');
    const { linuxPolicy } = extensionPolicies({
      extensionId: key.extensionId,
      portalUrl: portal.origin,
      districtName: 'Lakeside ISD',
      deviceSecret: portal.deviceSecret,
    });
    removePolicy = writePolicy('gatehouse-test-update.json', { ...linuxPolicy, DeveloperToolsAvailability: 1 });
    browser = await launchChromium({ policyInstalled: true });
  });
  afterAll(async () => {
    removePolicy?.();
    await browser?.cleanup();
    await portal?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('updates 1.0.0 to 1.0.1 from the portal’s update URL', async () => {
    const first = await extensionWorker(browser, key.extensionId);
    expect(await first.evaluate(() => chrome.runtime.getManifest().version)).toBe('1.0.0');

    await publish('1.0.1');
    const check = await first.evaluate(async () => {
      const ready = new Promise<string>((resolve) =>
        chrome.runtime.onUpdateAvailable.addListener((details) => resolve(details.version)),
      );
      const { status } = await chrome.runtime.requestUpdateCheck();
      return { status, downloaded: await ready };
    });
    expect(check).toEqual({ status: 'update_available', downloaded: '1.0.1' });

    // Chrome applies an update when the worker is idle; the test keeps it busy, so it restarts it.
    const restarted = browser.waitForEvent('serviceworker');
    await first.evaluate(() => void setTimeout(() => chrome.runtime.reload(), 50));
    const second = await restarted;
    expect(
      await eventually('version 1.0.1', () => second.evaluate(() => chrome.runtime.getManifest().version === '1.0.1')),
    ).toBe(true);
  });
});
