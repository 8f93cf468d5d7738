// The people pages as helpers use them. A kindergarten teacher opens My classes and finds the child whose badge
// was voided listed first, with the reason; asks "Why can't … get in?" by typing the child's name, reads the
// answer and prints a new badge from its button (the PDF downloads, its QR signs the child in). Another teacher
// searching for that child finds nobody. IT opens a person's page and releases the throttle that failed sign-ins
// made. axe on every page, at 390 px, and once in Spanish.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BadgeGroup, BadgeGroupResponse, BadgeGroupsResponse } from '../../shared/badges';
import type { PeopleSearchResponse } from '../../shared/people';
import { wcagViolations } from '../helpers/axe';
import { decodeBadgePages } from '../helpers/badge-pdf';
import { launchChromium, signedInPage, startPortal } from '../helpers/browser';
import { delayAfterFailures } from '../../server/auth/sign-in-throttle';
import { DEMO_PASSWORD, signIn } from '../helpers/test-portal';

const TEACHER = 'demo.teacher.k';
const OTHER_TEACHER = 'demo.teacher';
const CHILD = 'demo.student.k';
const THROTTLED = 'demo.student.g11';

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('people pages in Chromium', () => {
  // The portal's clock runs with the real one, and jumps ahead past each hold so that every failure counts.
  let ahead = 0;
  const chromium = {} as {
    portal: Awaited<ReturnType<typeof startPortal>>;
    browser: Awaited<ReturnType<typeof launchChromium>>;
  };
  beforeAll(async () => {
    chromium.portal = await startPortal({ now: () => Date.now() + ahead });
    chromium.browser = await launchChromium({ args: ['--lang=en-US'] });
  });
  afterAll(async () => {
    await chromium.browser?.cleanup();
    await chromium.portal?.close();
  });
  let kClass: BadgeGroup;
  let childName: string;
  let childId: string;

  const teacherCookie = () => signIn(chromium.portal, TEACHER);

  /** The child's badge as the badges page lists it now. */
  async function childBadge() {
    const answer = await chromium.portal.request.get(`/api/badges/groups/class/${kClass.id}`, await teacherCookie());
    return ((await answer.json()) as BadgeGroupResponse).students.find((student) => student.id === childId)!.badge;
  }

  beforeAll(async () => {
    const teacher = await teacherCookie();
    const groups = await chromium.portal.request.get('/api/badges/groups', teacher);
    kClass = ((await groups.json()) as BadgeGroupsResponse).groups.find((group) => group.kind === 'class')!;
    const listed = await chromium.portal.request.get(`/api/badges/groups/class/${kClass.id}`, teacher);
    const child = ((await listed.json()) as BadgeGroupResponse).students.find((s) => s.username === CHILD)!;
    childName = child.displayName;
    childId = child.id;
    // Everyone in the class has a badge; then the child's is voided (lost): only the child needs attention.
    const printed = await chromium.portal.request.post(
      '/api/badges/print',
      { classId: kClass.id, layout: 'labels' },
      teacher,
    );
    expect(printed.status).toBe(200);
    const voided = await chromium.portal.request.post('/api/badges/void', { userId: childId }, teacher);
    expect(voided.status).toBe(200);
  });

  it('leads a teacher from My classes to the voided badge, and prints a new one from the answer', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, TEACHER);
    await page.setViewportSize({ width: 390, height: 844 });
    // Her home says, below her apps, that one student needs her; My classes is one click away (and first in the menu).
    const summary = page.getByRole('region', { name: 'My classes' });
    await summary.getByText('1 of your students need your help to get in.').waitFor();
    expect(await page.getByRole('navigation').getByRole('link').first().textContent()).toBe('My classes');
    expect(await wcagViolations(page)).toEqual([]);
    await summary.getByRole('link', { name: 'Open My classes' }).click();
    await page.getByRole('heading', { name: 'My classes', level: 1 }).waitFor();
    const students = page.getByRole('list', { name: `Students of ${kClass.title}` });
    const first = students.locator(':scope > li').first();
    await expect.poll(() => first.getByRole('link').first().textContent()).toBe(childName);
    expect(await first.getByText('Badge was voided').count()).toBe(1);
    // Nobody else in the class is marked: they all have working badges.
    expect(await students.locator(':scope > li.needs-attention').count()).toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    // The same page in Spanish.
    await page.locator('header').getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Mis clases', level: 1 }).waitFor();
    const firstInSpanish = page
      .getByRole('list', { name: `Estudiantes de ${kClass.title}` })
      .locator(':scope > li')
      .first();
    expect(await firstInSpanish.getByText('Su tarjeta fue anulada').count()).toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await page.locator('header').getByLabel('Idioma').selectOption('en');

    // "Why can't … get in?": the name typed, the child picked from what the search found.
    await page.getByRole('link', { name: 'Why can’t … get in?' }).click();
    await page.getByRole('heading', { name: 'Why can’t … get in?', level: 1 }).waitFor();
    await page.getByLabel('Who can’t get in? (name or username)').fill(childName.split(' ')[0]!);
    await page.getByRole('radio', { name: new RegExp(`^${childName} \\(${CHILD.replace(/\./g, '\\.')}\\)`) }).check();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Find out why' }).click();
    const answer = page.getByRole('region', { name: `Why ${childName} can’t get in` });
    await answer.waitFor();
    expect(await answer.locator('.why-problem').textContent()).toMatch(/voided/i);
    // The answer's heading has focus, so a screen reader reads it next.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('why-answer-title');
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    await answer.getByRole('button', { name: 'Print a new badge' }).click();
    await page.getByRole('heading', { name: `Print a badge for ${childName}?` }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Print the badge' }).click();
    const sheet = fs.readFileSync((await (await download).path())!);
    expect(sheet.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect
      .poll(() => answer.getByRole('status').textContent())
      .toBe(`${childName}’s new badge is downloaded. Print it and cut it out; the old one no longer works.`);
    expect((await childBadge()).status).toBe('active');
    // The printed badge is the live one: its QR signs the child in (or asks for the child's pictures).
    const [codes] = decodeBadgePages(sheet);
    expect(codes).toHaveLength(1);
    const scanned = await chromium.portal.request.post('/api/auth/badge', { badge: codes![0] });
    expect(scanned.status).toBe(200);
    await page.close();
  });

  it('finds nobody for a teacher searching another teacher’s student', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, OTHER_TEACHER);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Why can’t … get in?' }).click();
    await page.getByLabel('Who can’t get in? (name or username)').fill(CHILD);
    await page.getByText(`No one matches “${CHILD}”.`).waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);

    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByLabel('Name or username').fill(childName);
    await page.getByText(`0 found for “${childName}”`).waitFor();
    expect(await page.getByRole('link', { name: childName }).count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);

    // By its address, the child's page is refused and says so kindly.
    await page.goto(`${chromium.portal.origin}/people/${encodeURIComponent(childId)}`);
    await page.getByRole('heading', { name: 'This is not yours to see' }).waitFor();
    expect(await page.content()).not.toContain(childName);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets IT release a throttle that failed sign-ins set, from the person’s page', async () => {
    const tryPassword = (password: string) =>
      chromium.portal.request.post('/api/auth/sign-in', { username: THROTTLED, password });
    // Fifteen failures in a row: the last holds sign-ins back for the longest delay (15 minutes).
    for (let failures = 1; failures <= 15; failures += 1) {
      expect((await tryPassword('not-their-password')).status).toBe(401);
      if (failures < 15) ahead += delayAfterFailures(failures) * 1000 + 1000;
    }
    expect(await signInStatus()).toBe(429);

    const itCookie = await signIn(chromium.portal, 'demo.it');
    const found = await chromium.portal.request.get(`/api/people?q=${THROTTLED}`, itCookie);
    const person = ((await found.json()) as PeopleSearchResponse).people.find((p) => p.username === THROTTLED)!;

    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.it');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.getByLabel('Name or username').fill(THROTTLED);
    await page.getByRole('link', { name: person.displayName }).click();
    await page.getByRole('heading', { name: person.displayName, level: 1 }).waitFor();
    const held = page.getByRole('region', { name: 'Held back' });
    await held.getByText('Too many wrong passwords', { exact: false }).waitFor();
    await page.getByRole('region', { name: 'Recent sign-ins' }).getByText('Failed: wrong password').first().waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    await held.getByRole('button', { name: 'Let them try again now' }).click();
    await expect
      .poll(() => page.locator('.person-page > p[role=status]').textContent())
      .toBe(`${person.displayName} can try to sign in again now.`);
    await held.getByText('Nothing holds their sign-ins back.').waitFor();
    expect(await signInStatus()).toBe(200);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();

    async function signInStatus() {
      return (await tryPassword(DEMO_PASSWORD)).status;
    }
  });
});
