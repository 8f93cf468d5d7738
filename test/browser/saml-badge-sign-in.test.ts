// A kindergartner signs in with her printed badge, clicks the practice SAML app's tile, and arrives there
// signed in: the portal posted her signed assertion to the app's registered ACS (an independent node-saml SP
// on a `*.test` name). What the app received is checked, not just what the page says. A refusal page is
// checked for accessibility once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_SAML_APP_ID, practiceSamlRegistration } from '../../server/demo/practice-saml';
import type { BadgeGroupResponse, BadgeGroupsResponse, BadgeStudent } from '../../shared/badges';
import { wcagViolations } from '../helpers/axe';
import { frameWith, labelInPixels, renderFirstPage, y4mOf } from '../helpers/badge-camera';
import { launchChromium, startPortal } from '../helpers/browser';
import { signIn } from '../helpers/test-portal';
import { startPracticeSaml, type PracticeSaml } from '../fixtures/fixture-apps/practice-saml';

const CAMERA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

type Portal = Awaited<ReturnType<typeof startPortal>>;

/** The first eligible child of the K homeroom and a one-frame video of her printed badge. */
async function filmKindergartnerBadge(portal: Portal, dir: string) {
  const teacher = await signIn(portal, 'demo.teacher.k');
  const { groups } = (await (await portal.request.get('/api/badges/groups', teacher)).json()) as BadgeGroupsResponse;
  const kClass = groups.find((group) => group.kind === 'class')!;
  const printed = await portal.request.post('/api/badges/print', { classId: kClass.id, layout: 'labels' }, teacher);
  const listed = await portal.request.get(`/api/badges/groups/class/${kClass.id}`, teacher);
  const owner = ((await listed.json()) as BadgeGroupResponse).students.find((student) => student.eligible)!;
  const video = path.join(dir, 'badge.y4m');
  fs.writeFileSync(
    video,
    y4mOf(frameWith(renderFirstPage(new Uint8Array(await printed.arrayBuffer())), labelInPixels(0))),
  );
  return { owner, video };
}

describe('a kindergartner reaches the practice SAML app from her badge sign-in', () => {
  let portal: Portal;
  let sp: PracticeSaml;
  let workDir: string;
  let owner: BadgeStudent;
  let video: string;

  beforeAll(async () => {
    portal = await startPortal();
    sp = await startPracticeSaml({
      idpMetadataUrl: `${portal.origin}/saml/metadata`,
      origin: (port) => `http://practice-saml.test:${port}`,
    });
    await portal.registrations.save({
      fields: practiceSamlRegistration(sp.origin),
      change: 'edited',
      actor: null,
      now: Date.now(),
    });
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-saml-badge-'));
    ({ owner, video } = await filmKindergartnerBadge(portal, workDir));
  });

  afterAll(async () => {
    await sp?.close();
    await portal?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('badge, tile click, and the app shows her name from the assertion it received', async () => {
    const browser = await launchChromium({
      args: ['--lang=en-US', ...CAMERA, `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const page = await browser.newPage();
      await page.goto(portal.origin);
      await page.getByRole('link', { name: 'Sign in with my badge' }).click();
      await page.getByRole('heading', { name: 'Your apps' }).waitFor({ timeout: 15_000 });

      const tile = page.getByRole('link', { name: /Practice SAML app/ });
      expect(await tile.getAttribute('href')).toBe(`/sso/launch/${PRACTICE_SAML_APP_ID}`);
      await tile.click();
      await page.waitForURL(`${sp.origin}/acs`);
      const child = (await portal.directory.findByUsername(owner.username))!;
      await expect
        .poll(() => page.locator('#signed-in').textContent())
        .toBe(`Signed in as ${child.givenName} ${child.familyName}`);

      const received = await sp.waitForReceived(1);
      expect(received).toMatchObject({ ok: true, nameId: child.username });
      expect(received.attributes).toEqual({
        firstName: child.givenName,
        lastName: child.familyName,
        grade: 'KG',
        role: 'student',
        campus: expect.any(String),
      });
      const audited = (await portal.audit.list({ limit: 10 })).find((row) => row.action === 'sso.assertion');
      expect(audited).toMatchObject({
        actorUserId: child.id,
        appId: PRACTICE_SAML_APP_ID,
        detail: { flow: 'idp-initiated' },
      });

      // An app the rules do not give her: a page in words, readable at 390 px, that passes axe.
      await page.setViewportSize({ width: 390, height: 844 });
      const refused = await page.goto(`${portal.origin}/sso/launch/app-canvas`);
      expect(refused?.status()).toBe(403);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByRole('link', { name: 'Back to your apps' }).count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await wcagViolations(page)).toEqual([]);

      // Without script, the page that carries the Response waits for Continue, fits 390 px and passes axe.
      await page.route('**/sso/launch/**', async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(/<script[\s\S]*?<\/script>/, '');
        await route.fulfill({ response, body });
      });
      await page.goto(`${portal.origin}/sso/launch/${PRACTICE_SAML_APP_ID}`);
      const proceed = page.getByRole('button', { name: 'Continue to Practice SAML app' });
      await proceed.waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await wcagViolations(page)).toEqual([]);
      await proceed.click();
      expect(await sp.waitForReceived(2)).toMatchObject({ ok: true, nameId: child.username });
    } finally {
      await browser.cleanup();
    }
  });
});
