// The extension's life beside the portal: its popup says who is signed in and which policy is in force;
// "Sign me in" is a deliberate launch on an app's page; bookmarks are repaired as they are made and when
// the district's configuration changes; a bad configuration never replaces a good one or signs anyone
// out; signing out at the portal signs the extension out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import { launchChromium, signedInPage, startPortal } from '../helpers/browser';
import {
  builtExtensionId,
  districtConfig,
  eventually,
  extensionSignedIn,
  extensionWorker,
  managedConfigArrived,
  managedConfigPolicy,
  storedCredential,
  writePolicy,
} from '../helpers/extension-browser';
import { wcagViolations } from '../helpers/axe';
import { startFixtureApps, type FixtureApps } from '../fixtures/fixture-apps';

const STUDENT = 'demo.student.g8';
const POLICY_FILE = 'gatehouse-test-session.json';

describe('the extension beside the portal', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let fixtures: FixtureApps;
  let worker: Worker;
  let removePolicy: () => void;
  let dashboard: Page;
  const extensionId = builtExtensionId();
  const setPolicy = (config: object) =>
    (removePolicy = writePolicy(POLICY_FILE, managedConfigPolicy(extensionId, config as never)));

  beforeAll(async () => {
    fixtures = await startFixtureApps();
    portal = await startPortal();
    setPolicy(districtConfig(portal, { bookmarkAliases: ['old-portal.lakeside.test'] }));
    browser = await launchChromium({ withExtension: true, args: ['--lang=en-US'] });
    worker = await extensionWorker(browser, extensionId);
    await managedConfigArrived(worker);
  });
  afterAll(async () => {
    removePolicy?.();
    await browser?.cleanup();
    await portal?.close();
    await fixtures?.close();
  });

  async function openPopup(): Promise<Page> {
    const popup = await browser.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.getByRole('heading', { name: 'Gatehouse' }).waitFor();
    return popup;
  }

  it('the popup shows the district, who is signed in, and the policy in force', async () => {
    const before = await openPopup();
    await before.getByText('Set up by Lakeside ISD.').waitFor();
    await before.getByText('Not signed in yet').waitFor();
    await before.getByText('Diagnostics').click();
    const diagnostics = before.getByRole('definition');
    await expect
      .poll(() => diagnostics.allTextContents())
      .toEqual(expect.arrayContaining(['in force', portal.origin, extensionId, 'set (not shown)']));
    expect(await before.content()).not.toContain(portal.deviceSecret.secret);
    await before.close();

    // chrome://policy lists every policy value, but masks the secret (`sensitiveValue` in the schema).
    const policyPage = await browser.newPage();
    await policyPage.goto('chrome://policy');
    await policyPage.getByText('deviceSecretId', { exact: true }).first().waitFor();
    const shown = await policyPage.evaluate(`(() => {
      const text = (root) => [...root.querySelectorAll('*')].map((el) => (el.shadowRoot ? text(el.shadowRoot) : '')).join(' ') + root.textContent;
      return text(document);
    })()`);
    expect(shown).toContain(portal.deviceSecret.id);
    expect(shown).toContain('********');
    expect(shown).not.toContain(portal.deviceSecret.secret);
    await policyPage.close();

    dashboard = await signedInPage(browser, portal.origin, STUDENT);
    expect(await extensionSignedIn(worker)).toBe(STUDENT);
    const person = (await portal.directory.findByUsername(STUDENT))!;
    const after = await openPopup();
    await after.getByText(`Signed in as ${person.givenName}`, { exact: false }).waitFor();
    expect(await wcagViolations(after)).toEqual([]);
    await after.close();
  });

  it('"Sign me in" on an app page signs in there, and an ordinary visit alone fills nothing', async () => {
    fixtures.clear();
    const credential = await storedCredential(portal, STUDENT, fixtureAppId('reading-garden'));
    fixtures.accept('reading-garden', credential);

    const appPage = await browser.newPage();
    await appPage.goto(`${fixtures.origin('reading-garden')}/login`);
    await appPage.waitForTimeout(1_000);
    expect(fixtures.received).toEqual([]);

    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Sign me in to Reading Garden' }).click();
    await popup.getByText('Signing you in to Reading Garden').waitFor();
    const signIn = await fixtures.waitForReceived((r) => r.path === '/login', 10_000);
    expect(signIn.fields).toMatchObject({ username: credential.username, password: credential.password });
    await appPage.waitForURL(`${fixtures.origin('reading-garden')}/home`);
    await popup.close();
    await appPage.close();
  });

  it('keeps its token in session memory only, and its device key cannot be exported', async () => {
    const stored = await worker.evaluate(async () => ({
      local: JSON.stringify(await chrome.storage.local.get(null)),
      session: JSON.stringify(await chrome.storage.session.get(null)),
    }));
    expect(stored.session).toContain('"token"');
    expect(stored.local).not.toContain('token');
    // The managed-device secret stays in managed storage: no copy on disk, none in the session.
    expect(stored.local).toContain('lastGoodManagedConfig');
    expect(stored.local + stored.session).not.toContain(portal.deviceSecret.secret);
    const deviceKey = await worker.evaluate(
      () =>
        new Promise<{ type: string; extractable: boolean }>((resolve, reject) => {
          const opened = indexedDB.open('gatehouse-device');
          opened.onerror = () => reject(opened.error);
          opened.onsuccess = () => {
            const read = opened.result.transaction('keys').objectStore('keys').get('device');
            read.onsuccess = () => {
              const { privateKey } = read.result as { privateKey: CryptoKey };
              resolve({ type: privateKey.type, extractable: privateKey.extractable });
            };
          };
        }),
    );
    expect(deviceKey).toEqual({ type: 'private', extractable: false });
  });

  it('cannot be driven by pages: other sites cannot reach it, and the portal under another name is ignored', async () => {
    const appPage = await browser.newPage();
    await appPage.goto(`${fixtures.origin('reading-garden')}/login`);
    expect(
      await appPage.evaluate(() => typeof (globalThis as { chrome?: { runtime?: unknown } }).chrome?.runtime),
    ).toBe('undefined');
    await appPage.close();

    // localhost is in the development build's externally_connectable list, but it is not the configured portal.
    const impostor = await browser.newPage();
    await impostor.goto(portal.origin.replace('127.0.0.1', 'localhost'));
    const reply = await impostor.evaluate(
      (id) =>
        new Promise((resolve) =>
          (globalThis as unknown as { chrome: { runtime: { sendMessage: Function } } }).chrome.runtime.sendMessage(
            id,
            { type: 'signed-out' },
            resolve,
          ),
        ),
      extensionId,
    );
    expect(reply).toEqual({ ok: false, reason: 'bad_message' });
    expect(await extensionSignedIn(worker)).toBe(STUDENT);
    await impostor.close();
  });

  const bookmarkUrl = (id: string) =>
    worker.evaluate((bookmarkId) => chrome.bookmarks.get(bookmarkId).then(([b]) => b!.url), id);
  const createBookmark = (url: string) =>
    worker.evaluate(
      (bookmarkUrl) => chrome.bookmarks.create({ parentId: '1', title: 'Portal', url: bookmarkUrl }).then((b) => b.id),
      url,
    );

  it('repairs a bookmark to an old portal address as it is made or edited, and leaves others alone', async () => {
    const port = new URL(portal.origin).port;
    const old = await createBookmark(`http://old-portal.lakeside.test:${port}/login`);
    const other = await createBookmark(`${fixtures.origin('reading-garden')}/login`);
    await eventually('the old address to be repaired', async () => (await bookmarkUrl(old)) === `${portal.origin}/`);
    expect(await bookmarkUrl(other)).toBe(`${fixtures.origin('reading-garden')}/login`);

    // An edit that points a bookmark at an old address is repaired too.
    await worker.evaluate(
      ([id, url]) => chrome.bookmarks.update(id!, { url }),
      [other, `http://old-portal.lakeside.test:${port}/sso/start`],
    );
    await eventually(
      'the edited bookmark to be repaired',
      async () => (await bookmarkUrl(other)) === `${portal.origin}/`,
    );
  });

  it('applies a changed configuration without signing out, and keeps the last good one over a broken one', async () => {
    const port = new URL(portal.origin).port;
    const older = await createBookmark(`http://older-portal.lakeside.test:${port}/`);
    setPolicy(
      districtConfig(portal, {
        districtName: 'Lakeside Independent School District',
        bookmarkAliases: ['old-portal.lakeside.test', 'older-portal.lakeside.test'],
      }),
    );
    // Chrome re-reads policy files about 5 s after they change.
    await eventually(
      'the new alias to repair the bookmark',
      async () => (await bookmarkUrl(older)) === `${portal.origin}/`,
      20_000,
    );
    const changed = await openPopup();
    await changed.getByText('Set up by Lakeside Independent School District.').waitFor();
    expect(await extensionSignedIn(worker)).toBe(STUDENT);
    await changed.close();

    setPolicy({ ...districtConfig(portal), portalOrigin: 'not a url', districtName: '' });
    await eventually(
      'the broken policy to arrive',
      () =>
        worker.evaluate(() => chrome.storage.managed.get('portalOrigin').then((v) => v.portalOrigin === 'not a url')),
      20_000,
    );
    const broken = await openPopup();
    await broken.getByText('the last good ones stay in force').waitFor();
    expect(await extensionSignedIn(worker)).toBe(STUDENT);
    await broken.close();
    setPolicy(districtConfig(portal, { bookmarkAliases: ['old-portal.lakeside.test'] }));
  });

  it('signing out at the portal ends the extension session', async () => {
    const student = (await portal.directory.findByUsername(STUDENT))!;
    await dashboard.bringToFront();
    await dashboard.getByRole('button', { name: 'Sign out' }).click();
    await eventually('the extension to forget its session', () =>
      worker.evaluate(() =>
        chrome.storage.session.get('extensionSession').then((s) => s.extensionSession === undefined),
      ),
    );
    // Nothing is left for IT to end: the sign-out took the extension session with it.
    expect(await portal.extensionSessions.endAllFor(student.id)).toBe(0);
    const popup = await openPopup();
    await popup.getByText('Not signed in yet').waitFor();
    await popup.close();
  });

  it('signs no one in when the policy lacks the managed-device secret, and says why', async () => {
    const { deviceSecret: _secret, deviceSecretId: _id, ...unmanaged } = districtConfig(portal);
    setPolicy(unmanaged);
    await eventually(
      'the policy without the secret to arrive',
      () => worker.evaluate(() => chrome.storage.managed.get(null).then((v) => v.deviceSecret === undefined)),
      20_000,
    );
    const page = await signedInPage(browser, portal.origin, STUDENT);
    await page.waitForTimeout(2_000);
    const session = await worker.evaluate(() => chrome.storage.session.get('extensionSession'));
    expect(session.extensionSession).toBeUndefined();
    const popup = await openPopup();
    await popup.getByText('lack its device secret').waitFor();
    await popup.close();
    await page.close();
  });
});
