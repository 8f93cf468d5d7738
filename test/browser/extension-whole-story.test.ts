// The whole story as a district lives it: Chrome installs the extension by policy from the district's own
// update URL and gets its configuration by policy; old bookmarks to the portal are repaired (and IT sees
// how many); a student signs in at the portal, clicks a tile and lands signed in at the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionPolicies } from '../../server/extension/deployment/policy';
import { launchChromium, signedInPage, startPortal } from '../helpers/browser';
import {
  builtExtensionId,
  eventually,
  extensionSignedIn,
  extensionWorker,
  storedCredential,
  writePolicy,
} from '../helpers/extension-browser';
import { wcagViolations } from '../helpers/axe';
import { startFixtureApps, type FixtureApps } from '../fixtures/fixture-apps';

const STUDENT = 'demo.student.k';
const OLD_PORTAL_HOST = 'old-portal.lakeside.test';

/** A profile's bookmarks as Chrome stores them, seeded before first launch (BROWSER-TESTING.md §5). */
function bookmarksFile(urls: string[]) {
  const children = urls.map((url, index) => ({
    id: String(10 + index),
    name: `Bookmark ${index + 1}`,
    type: 'url',
    url,
    date_added: '13300000000000000',
  }));
  return JSON.stringify({
    version: 1,
    roots: {
      bookmark_bar: { id: '1', name: 'Bookmarks bar', type: 'folder', children },
      other: { id: '2', name: 'Other bookmarks', type: 'folder', children: [] },
      synced: { id: '3', name: 'Mobile bookmarks', type: 'folder', children: [] },
    },
  });
}

describe('a district deploys the extension and a kindergartner signs in with one click', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let fixtures: FixtureApps;
  let removePolicy: () => void;
  let seeded: Record<'alias' | 'stale' | 'unrelated', string>;

  beforeAll(async () => {
    fixtures = await startFixtureApps();
    portal = await startPortal();
    const policies = extensionPolicies({
      extensionId: builtExtensionId(),
      portalUrl: portal.origin,
      districtName: 'Lakeside ISD',
      bookmarkAliases: [OLD_PORTAL_HOST],
      deviceSecret: portal.deviceSecret,
    });
    // DevTools access lets the test drive the force-installed service worker; districts leave it off.
    removePolicy = writePolicy('gatehouse-test-whole-story.json', {
      ...policies.linuxPolicy,
      DeveloperToolsAvailability: 1,
    });
    const port = new URL(portal.origin).port;
    seeded = {
      alias: `http://${OLD_PORTAL_HOST}:${port}/index.php`,
      stale: `${portal.origin}/login?redirect=%2Fapps`,
      unrelated: `${fixtures.origin('reading-garden')}/login`,
    };
    browser = await launchChromium({
      policyInstalled: true,
      args: ['--lang=en-US'],
      profileFiles: { 'Default/Bookmarks': bookmarksFile(Object.values(seeded)) },
    });
  });
  afterAll(async () => {
    removePolicy?.();
    await browser?.cleanup();
    await portal?.close();
    await fixtures?.close();
  });

  it('installs by policy, repairs bookmarks, and signs the student in from a tile', async () => {
    const worker = await extensionWorker(browser, builtExtensionId());
    const self = await worker.evaluate(() => chrome.management.getSelf());
    expect(self).toMatchObject({ installType: 'admin', mayDisable: false });
    // The generated policy's PasswordManagerEnabled: false is in force: nothing, not even an extension, turns
    // Chrome's password saving back on.
    const saving = await worker.evaluate(() => chrome.privacy.services.passwordSavingEnabled.get({}));
    expect(saving).toEqual({ value: false, levelOfControl: 'not_controllable' });

    // The student signs in at once, most likely before the configuration has arrived (seconds after
    // install); the tile click pairs the extension then.
    const dashboard = await signedInPage(browser, portal.origin, STUDENT);

    // The bookmark repair follows the configuration.
    const bookmarkUrls = () =>
      worker.evaluate(() => chrome.bookmarks.getChildren('1').then((items) => items.map((item) => item.url)));
    const canonical = `${portal.origin}/`;
    const repaired = await eventually(
      'the seeded bookmarks to be repaired',
      async () => {
        const urls = await bookmarkUrls();
        return urls.filter((url) => url === canonical).length === 2 ? urls : null;
      },
      20_000,
    );
    expect(repaired).toEqual([canonical, canonical, seeded.unrelated]);

    const credential = await storedCredential(portal, STUDENT, 'app-reading-garden');

    const opened = browser.waitForEvent('page');
    await dashboard.getByRole('button', { name: /^Reading Garden/ }).click();
    const appPage = await opened;
    expect(await extensionSignedIn(worker)).toBe(STUDENT);
    const signInPost = await fixtures.waitForReceived((r) => r.path === '/login', 15_000);
    expect(signInPost.fields).toMatchObject({ username: credential.username, password: credential.password });
    await appPage.waitForURL(`${fixtures.origin('reading-garden')}/home`);
    expect(await appPage.locator('#signed-in').textContent()).toContain(credential.username);

    // IT sees the repairs the extension reported once the student was signed in.
    const itPage = await signedInPage(browser, portal.origin, 'demo.it');
    await itPage.goto(`${portal.origin}/admin/extension`);
    await itPage.getByText('Bookmarks repaired: 2 for 1 person').waitFor();
    // IT copies the managed-device secret inside the policy, and the student unit's hardening.
    expect(await itPage.locator('#extension-policy-json').inputValue()).toContain(portal.deviceSecret.id);
    await itPage.getByRole('heading', { name: 'Settings for the students’ organizational unit' }).waitFor();
    await itPage.getByText('Password manager: Never allow use of password manager', { exact: false }).waitFor();
    expect(await wcagViolations(itPage)).toEqual([]);
  });
});
