// A kindergartner holds their printed badge up to the camera and lands on their own dashboard. The sheet is
// printed through the API, rendered by poppler and one label is shown to Chromium's fake camera; nothing but
// the decoded text may leave the page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import type { BadgeGroupResponse, BadgeGroupsResponse, BadgeStudent } from '../../shared/badges';
import { wcagViolations } from '../helpers/axe';
import { frameWith, labelInPixels, renderFirstPage, y4mOf } from '../helpers/badge-camera';
import { launchChromium, startPortal } from '../helpers/browser';
import { signIn } from '../helpers/test-portal';

/** Opening the camera and the first decode take a second or two, more on a busy machine. */
const CAMERA_WAIT = { timeout: 15_000 };
const FAKE_CAMERA = '--use-fake-device-for-media-stream';
/** Answers the camera permission prompt with yes; without it, headless Chromium refuses the camera. */
const ALLOW_CAMERA = '--use-fake-ui-for-media-stream';

/** Every stream the page opens, so a test can check the camera was let go. */
function keepStreams() {
  const devices = navigator.mediaDevices;
  const open = devices.getUserMedia.bind(devices);
  const kept: MediaStream[] = [];
  Object.assign(window, { keptStreams: kept });
  devices.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    kept.push(stream);
    return stream;
  };
}

const liveTracks = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { keptStreams: MediaStream[] }).keptStreams
        .flatMap((stream) => stream.getTracks())
        .filter((track) => track.readyState === 'live').length,
  );

type Portal = Awaited<ReturnType<typeof startPortal>>;

/**
 * Prints the K homeroom's label sheet as its teacher, and films label 1 for the fake camera: whose badge it is
 * (the sheet prints the eligible students in the class list's order) and the video file.
 */
async function printFirstLabel(portal: Portal, dir: string) {
  const teacher = await signIn(portal, 'demo.teacher.k');
  const { groups } = (await (await portal.request.get('/api/badges/groups', teacher)).json()) as BadgeGroupsResponse;
  const kClass = groups.find((group) => group.kind === 'class')!;
  const printed = await portal.request.post('/api/badges/print', { classId: kClass.id, layout: 'labels' }, teacher);
  expect(printed.status).toBe(200);
  const listed = await portal.request.get(`/api/badges/groups/class/${kClass.id}`, teacher);
  const owner = ((await listed.json()) as BadgeGroupResponse).students.find((student) => student.eligible)!;
  const sheet = renderFirstPage(new Uint8Array(await printed.arrayBuffer()));
  const video = path.join(dir, 'badge.y4m');
  fs.writeFileSync(video, y4mOf(frameWith(sheet, labelInPixels(0))));
  return { owner, video };
}

/** A fresh Chromium for one case (the fake camera's picture is fixed at launch), closed after it. */
async function withChromium(args: string[], job: (browser: BrowserContext) => Promise<void>) {
  const browser = await launchChromium({ args: ['--lang=en-US', FAKE_CAMERA, ...args] });
  try {
    await job(browser);
  } finally {
    await browser.cleanup();
  }
}

/** What the page sent besides reading pages and data: method, path, content type and body. */
function recordSent(page: Page) {
  const sent: { method: string; path: string; type: string; body: string }[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'GET') return;
    sent.push({
      method: request.method(),
      path: new URL(request.url()).pathname,
      type: request.headers()['content-type'] ?? '',
      body: request.postData() ?? '',
    });
  });
  return sent;
}

describe('badge sign-in in Chromium', () => {
  let portal: Portal;
  let workDir: string;
  let badgeVideo: string;
  let owner: BadgeStudent;

  beforeAll(async () => {
    portal = await startPortal();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-badge-camera-'));
    ({ owner, video: badgeVideo } = await printFirstLabel(portal, workDir));
  });

  afterAll(async () => {
    await portal?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('signs the child in with the badge held up to the camera, sending only its text', async () => {
    await withChromium([ALLOW_CAMERA, `--use-file-for-fake-video-capture=${badgeVideo}`], async (browser) => {
      await browser.addInitScript(keepStreams);
      const page = await browser.newPage();
      const foreign: string[] = [];
      page.on('request', (request) => !request.url().startsWith(portal.origin) && foreign.push(request.url()));
      const sent = recordSent(page);
      await page.goto(portal.origin);
      await page.getByRole('link', { name: 'Sign in with my badge' }).click();
      await page.getByRole('heading', { name: 'Show your badge' }).waitFor();
      await page.getByRole('heading', { name: 'Your apps' }).waitFor(CAMERA_WAIT);

      await expect.poll(() => page.locator('.greeting').textContent()).toBe(`Hello, ${owner.displayName}`);
      // The same tiles a password sign-in gives the same child.
      const child = (await portal.directory.findByUsername(owner.username))!;
      const fixedPassword = (await portal.accounts.fixedPasswordsFor([child])).get(child.id);
      const withPassword = await portal.request.get(
        '/api/apps/tiles',
        await signIn(portal, owner.username, fixedPassword),
      );
      const expected = ((await withPassword.json()) as { tiles: { name: string }[] }).tiles.map((tile) => tile.name);
      expect(expected.length).toBeGreaterThan(0);
      await expect.poll(() => page.locator('.tiles .tile-name').allTextContents()).toEqual(expected);
      // The camera went off once the badge was accepted.
      expect(await liveTracks(page)).toBe(0);

      // Only the decoded text went to the portal: one small JSON body, no picture.
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ method: 'POST', path: '/api/auth/badge', type: 'application/json' });
      expect(Object.keys(JSON.parse(sent[0]!.body))).toEqual(['badge']);
      expect(JSON.parse(sent[0]!.body).badge).toMatch(/^G1:[0-9A-F]{16}:[0-9A-F]{40}$/);
      expect(foreign).toEqual([]);

      const audit = await portal.request.get('/api/admin/audit?limit=50', await signIn(portal, 'demo.it'));
      const { events } = (await audit.json()) as {
        events: { action: string; outcome: string; subjectUsername: string; detail: { method?: string } }[];
      };
      const badgeSignIns = events.filter((event) => event.action === 'sign_in' && event.detail?.method === 'badge');
      expect(badgeSignIns.map((event) => [event.outcome, event.subjectUsername])).toEqual([
        ['success', owner.username],
      ]);
      const me = await page.request.get(`${portal.origin}/api/auth/me`);
      expect(((await me.json()) as { user: { username: string } }).user.username).toBe(owner.username);
    });
  });

  it('waits as long as a throttled answer says, showing it, then tries the same badge again', async () => {
    await withChromium([ALLOW_CAMERA, `--use-file-for-fake-video-capture=${badgeVideo}`], async (browser) => {
      const page = await browser.newPage();
      const tries: number[] = [];
      // The portal's throttle is its own tests' subject; here the page meets its answer once, then the real one.
      await page.route('**/api/auth/badge', async (route) => {
        tries.push(Date.now());
        if (tries.length > 1) return route.continue();
        await route.fulfill({
          status: 429,
          headers: { 'retry-after': '3', 'content-type': 'application/json' },
          body: JSON.stringify({ error: { code: 'sign_in_throttled', message: 'Too many tries.' } }),
        });
      });
      await page.goto(`${portal.origin}/badge`);
      const status = page.getByRole('status');
      await expect.poll(() => status.textContent(), CAMERA_WAIT).toBe('Wait 3 seconds, then show your badge again.');
      await page.getByRole('heading', { name: 'Your apps' }).waitFor(CAMERA_WAIT);
      expect(tries).toHaveLength(2);
      expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(2_900);
    });
  });

  it('refuses a voided badge kindly, once, without sending the same text again and again', async () => {
    const teacher = await signIn(portal, 'demo.teacher.k');
    expect((await portal.request.post('/api/badges/void', { userId: owner.id }, teacher)).status).toBe(200);
    await withChromium([ALLOW_CAMERA, `--use-file-for-fake-video-capture=${badgeVideo}`], async (browser) => {
      const page = await browser.newPage();
      const sent = recordSent(page);
      await page.goto(`${portal.origin}/badge`);
      const status = page.getByRole('status');
      await expect.poll(() => status.textContent(), CAMERA_WAIT).toBe('That badge didn’t work. Ask your teacher.');
      // After the pause it looks again; the same card is still in view, and is not sent again.
      await expect.poll(() => status.textContent(), { timeout: 8_000 }).toBe('Looking for your badge…');
      await page.waitForTimeout(2_000);
      expect(sent.map((request) => request.path)).toEqual(['/api/auth/badge']);
      expect(await page.getByLabel('Username').count()).toBe(0);
    });
  });

  it('keeps looking at a camera with no badge in view, sends nothing, and lets the camera go on leaving', async () => {
    await withChromium([ALLOW_CAMERA], async (browser) => {
      await browser.addInitScript(keepStreams);
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const sent = recordSent(page);
      await page.goto(`${portal.origin}/badge`);
      const status = page.getByRole('status');
      await expect.poll(() => status.textContent(), CAMERA_WAIT).toBe('Looking for your badge…');
      // The test pattern is playing and frames are being read (several scans a second) while nothing is found.
      await expect.poll(() => page.evaluate(() => document.querySelector('video')?.videoWidth ?? 0)).toBeGreaterThan(0);
      await page.waitForTimeout(2_000);
      expect(await status.textContent()).toBe('Looking for your badge…');
      expect(sent).toEqual([]);
      expect(await liveTracks(page)).toBe(1);

      expect(await wcagViolations(page)).toEqual([]);
      const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      expect(await fitsWidth()).toBe(true);
      await page.getByLabel('Language').selectOption('es');
      await page.getByRole('heading', { name: 'Muestra tu tarjeta' }).waitFor();
      await expect.poll(() => status.textContent()).toBe('Buscando tu tarjeta…');
      expect(await wcagViolations(page)).toEqual([]);
      expect(await fitsWidth()).toBe(true);

      await page.getByRole('link', { name: 'Entrar con nombre de usuario' }).click();
      await page.getByLabel('Nombre de usuario').waitFor();
      expect(await liveTracks(page)).toBe(0);
    });
  });

  it('says what to do when the camera is refused, with the way back to the username sign-in', async () => {
    await withChromium([], async (browser) => {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const sent = recordSent(page);
      await page.goto(`${portal.origin}/badge`);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent(), CAMERA_WAIT).toContain('The camera is blocked.');
      expect(await alert.textContent()).toContain('site settings');
      expect(await wcagViolations(page)).toEqual([]);
      expect(sent).toEqual([]);
      await alert.getByRole('link', { name: 'Sign in with a username' }).click();
      await page.getByLabel('Username').waitFor();
    });
  });
});

describe('badge sign-in with the picture step', () => {
  let portal: Portal;
  let workDir: string;

  beforeAll(async () => {
    portal = await startPortal({ badges: { pictureGrades: { low: 0, high: 2 } } });
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-badge-pictures-'));
  });

  afterAll(async () => {
    await portal?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('goes back to the camera before the picture step runs out, so the next child never meets this grid', async () => {
    const { video } = await printFirstLabel(portal, workDir);
    await withChromium([ALLOW_CAMERA, `--use-file-for-fake-video-capture=${video}`], async (browser) => {
      const page = await browser.newPage();
      await page.clock.install();
      const sent = recordSent(page);
      await page.goto(`${portal.origin}/badge`);
      await page.getByRole('heading', { name: 'Pick your two pictures' }).waitFor(CAMERA_WAIT);
      expect(sent).toHaveLength(1);
      await page.clock.fastForward(100_000);
      expect(await page.getByRole('heading', { name: 'Pick your two pictures' }).count()).toBe(1);
      await page.clock.fastForward(11_000);
      // Back to looking: the card still in front of the camera is read again, for a fresh step.
      await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(2);
      expect(sent.map((request) => request.path)).toEqual(['/api/auth/badge', '/api/auth/badge']);
    });
  });

  it('asks the kindergartner for their two pictures after the scan, then signs them in', async () => {
    const { owner, video } = await printFirstLabel(portal, workDir);
    const pair = owner.badge.secretPictures!;
    expect(pair).toHaveLength(2);
    await withChromium([ALLOW_CAMERA, `--use-file-for-fake-video-capture=${video}`], async (browser) => {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const sent = recordSent(page);
      await page.goto(`${portal.origin}/badge`);
      await page.getByRole('heading', { name: 'Pick your two pictures' }).waitFor(CAMERA_WAIT);
      const choices = page.getByRole('group', { name: 'Pick your two pictures' }).getByRole('button');
      expect(await choices.count()).toBe(9);
      expect(await wcagViolations(page)).toEqual([]);
      // Another child's turn, or the wrong card: back to the camera, which finds the badge again.
      // (The grid may be gone and back between two looks, so what the page sent tells it.)
      await page.getByRole('button', { name: 'Start again' }).click();
      await expect.poll(() => sent.length, CAMERA_WAIT).toBe(2);
      await page.getByRole('heading', { name: 'Pick your two pictures' }).waitFor(CAMERA_WAIT);
      // The English names of the pictures are their ids, capitalised (cat → Cat).
      const button = (picture: string) =>
        page.getByRole('button', { name: picture.charAt(0).toUpperCase() + picture.slice(1), exact: true });
      await button(pair[0]).click();
      expect(await button(pair[0]).getAttribute('aria-pressed')).toBe('true');
      await button(pair[1]).click();
      await page.getByRole('heading', { name: 'Your apps' }).waitFor(CAMERA_WAIT);
      await expect.poll(() => page.locator('.greeting').textContent()).toBe(`Hello, ${owner.displayName}`);
      expect(sent.map((request) => request.path)).toEqual([
        '/api/auth/badge',
        '/api/auth/badge',
        '/api/auth/badge/pictures',
      ]);
      expect(Object.keys(JSON.parse(sent[2]!.body)).sort()).toEqual(['challenge', 'pictures']);
      expect(JSON.parse(sent[2]!.body).pictures).toEqual(pair);
    });
  });
});
