// The badges page as a teacher uses it: print her class's sheet, void one lost badge; and the pages another
// teacher or a student reaches by URL refuse them kindly.
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BadgeGroup, BadgeGroupResponse, BadgeGroupsResponse } from '../../shared/badges';
import { wcagViolations } from '../helpers/axe';
import { portalInChromium, signedInPage } from '../helpers/browser';
import { signIn } from '../helpers/test-portal';

const LABELS_PER_PAGE = 12;

describe('badges page in Chromium', () => {
  const chromium = portalInChromium();
  let kClass: BadgeGroup;

  beforeAll(async () => {
    const teacher = await signIn(chromium.portal, 'demo.teacher.k');
    const answer = await chromium.portal.request.get('/api/badges/groups', teacher);
    kClass = ((await answer.json()) as BadgeGroupsResponse).groups.find((group) => group.kind === 'class')!;
  });

  /** The class's students as the server lists them now. */
  async function students() {
    const teacher = await signIn(chromium.portal, 'demo.teacher.k');
    const answer = await chromium.portal.request.get(`/api/badges/groups/class/${kClass.id}`, teacher);
    return ((await answer.json()) as BadgeGroupResponse).students;
  }

  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('lets a teacher print her class’s sheet and void one student’s badge', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.teacher.k');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Badges' }).click();
    await page.getByRole('heading', { name: 'QR badges' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('link', { name: kClass.title }).click();
    await page.getByRole('heading', { name: kClass.title }).waitFor();
    const eligible = (await students()).filter((student) => student.eligible);
    expect(eligible.length).toBeGreaterThan(0);
    const first = eligible[0]!;
    const firstRow = page.getByRole('row', { name: new RegExp(first.displayName) });
    expect(await firstRow.locator('td.state').textContent()).toBe('No badge');
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Print badges for the class' }).click();
    const sheet = fs.readFileSync((await (await download).path())!);
    expect(sheet.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(sheet);
    expect(pdf.getPageCount()).toBe(Math.ceil(eligible.length / LABELS_PER_PAGE));
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('The badge sheet is downloaded. Print it, cut the badges out and hand them to the students.');
    await expect.poll(() => firstRow.locator('td.state').textContent()).toMatch(/^Works/);
    expect((await students()).filter((student) => student.badge.status === 'active')).toHaveLength(eligible.length);

    await firstRow.getByRole('button', { name: 'Void' }).click();
    await page.getByRole('heading', { name: `Void ${first.displayName}’s badge?` }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Void the badge' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe(`${first.displayName}’s badge no longer works.`);
    await expect.poll(() => firstRow.locator('td.state').textContent()).toBe('No badge');
    const after = await students();
    expect(after.find((student) => student.id === first.id)!.badge.status).toBe('none');
    expect(after.filter((student) => student.badge.status === 'active')).toHaveLength(eligible.length - 1);

    // Wallet cards for whoever has no working badge: only the student just voided, on one card.
    const kept = new Map(after.map((student) => [student.id, student.badge.issuedAt]));
    await page.getByLabel('Wallet-sized cards').check();
    await page.getByLabel('Only students without a working badge (the others keep theirs)').check();
    const cardDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Print badges for the class' }).click();
    const cards = await PDFDocument.load(fs.readFileSync((await (await cardDownload).path())!));
    expect(cards.getPageCount()).toBe(1);
    await expect.poll(() => firstRow.locator('td.state').textContent()).toMatch(/^Works/);
    const reprinted = (await students()).filter((student) => student.badge.issuedAt !== kept.get(student.id));
    expect(reprinted.map((student) => student.id)).toEqual([first.id]);
    await page.close();
  });

  it('lets IT void every badge at year end only once the phrase is typed', async () => {
    const stillWorking = (await students()).filter((student) => student.badge.status === 'active').length;
    expect(stillWorking).toBeGreaterThan(0);
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.it');
    await page.getByRole('link', { name: 'Badges' }).click();
    await page.getByRole('link', { name: kClass.campusName }).waitFor();
    const submit = page.getByRole('button', { name: 'Void every badge' });
    expect(await submit.isDisabled()).toBe(true);
    await page.getByLabel('Type VOID ALL BADGES to confirm').fill('void all');
    expect(await submit.isDisabled()).toBe(true);
    expect((await students()).filter((student) => student.badge.status === 'active')).toHaveLength(stillWorking);
    await page.getByLabel('Type VOID ALL BADGES to confirm').fill('VOID ALL BADGES');
    await submit.click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`${stillWorking} badges no longer work.`);
    expect((await students()).filter((student) => student.badge.status === 'active')).toEqual([]);
    await page.close();
  });

  it('shows a principal her campus, with who may have a badge and who may not', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.principal');
    await page.getByRole('link', { name: 'Badges' }).click();
    await page.getByRole('heading', { name: 'QR badges' }).waitFor();
    await page.locator('.badge-groups a').first().click();
    await page.getByRole('button', { name: 'Print badges for the campus' }).waitFor();
    const sped = page.getByRole('row', { name: /demo\.student\.g8/ });
    expect(await sped.locator('td.state').textContent()).toBe('No badge');
    expect(
      await page.getByText('No badge: the district’s policy does not give this student one').count(),
    ).toBeGreaterThan(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('refuses another teacher’s class opened by its address', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.teacher');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${chromium.portal.origin}/badges/class/${encodeURIComponent(kClass.id)}`);
    await page.getByRole('heading', { name: 'These badges are not yours to print' }).waitFor();
    expect(await page.getByRole('button', { name: 'Print badges for the class' }).count()).toBe(0);
    expect(await page.getByText(kClass.title).count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows a student neither the link nor the page', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.student.g4');
    expect(await page.getByRole('link', { name: 'Badges' }).count()).toBe(0);
    await page.goto(`${chromium.portal.origin}/badges`);
    await page.getByRole('heading', { name: 'Badges are not for your account' }).waitFor();
    await page.close();
  });
});
