// Delegation as a principal and a teacher walk it: the principal gives a teacher of her campus the right to reset
// passwords until the end of today, on the Delegation page at phone width; the teacher, who teaches none of the
// campus's students, resets one on the Student sign-ins page (the grant's use audited); once the day is over the
// teacher's next reset is refused on the same page, with the refusal said in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CAMPUS } from '../../server/demo/lakeside';
import { wcagViolations } from '../helpers/axe';
import { launchChromium, signedInPage, startPortal } from '../helpers/browser';

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const pad = (n: number) => String(n).padStart(2, '0');

// The portal's clock starts at 23:30 of today (this machine's zone, which the browser shares): the grant given
// "until today" runs out half an hour later, while the sessions (idle limit: an hour) still hold.
const today = new Date();
const TODAY = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
let clock = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 23, 30).getTime();

describe('delegating resets in Chromium', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let coach: { username: string; name: string };
  let student: { id: string; username: string; name: string };

  beforeAll(async () => {
    portal = await startPortal({ now: () => clock });
    browser = await launchChromium({ args: ['--lang=en-US'] });
    // The middle school's instructional coach: a teacher with no class, so no student of her own.
    const staff = await portal.directory.staffOnCampus(CAMPUS.middle, '', 50);
    const found = staff.find((person) => person.role === 'teacher' && person.classCount === 0)!;
    coach = { username: found.username, name: `${found.givenName} ${found.familyName}` };
    const first = (await portal.directory.studentsOnCampus(CAMPUS.middle))[0]!;
    student = { id: first.id, username: first.username, name: `${first.givenName} ${first.familyName}` };
  });
  afterAll(async () => {
    await browser?.cleanup();
    await portal?.close();
  });

  it('a principal delegates, the teacher resets, and not after the last day', async () => {
    const principal = await signedInPage(browser, portal.origin, 'demo.principal');
    await principal.setViewportSize({ width: 390, height: 844 });
    await principal.getByRole('link', { name: 'Delegation' }).click();
    await principal.getByRole('heading', { name: 'Delegation', level: 1 }).waitFor();
    await principal.getByText('Nobody holds rights here yet.').waitFor();
    await principal.getByLabel('Last day').waitFor();
    expect(await principal.getByLabel('Last day').inputValue()).toMatch(/^\d{4}-06-30$/);
    expect(await wcagViolations(principal)).toEqual([]);
    expect(await fitsWidth(principal)).toBe(true);

    // Giving without choosing what they may do is refused beside the rights.
    await principal.getByLabel('Find staff (name or username)').fill(coach.username);
    await principal.getByRole('radio', { name: new RegExp(`^${coach.name} \\(`) }).check();
    await principal.getByRole('button', { name: 'Give these rights' }).click();
    await principal.getByText('Choose at least one thing they may do.').waitFor();
    expect(await wcagViolations(principal)).toEqual([]);

    await principal.getByRole('checkbox', { name: 'Reset the campus’s students’ passwords' }).check();
    await principal.getByLabel('Last day').fill(TODAY);
    await principal.getByRole('button', { name: 'Give these rights' }).click();
    await principal.getByRole('status').getByText(`${coach.name} holds these rights now, until`).waitFor();
    const card = principal.locator('.grant-card', { hasText: coach.name });
    await card.getByText('Campus delegate: reset passwords').waitFor();
    await card.getByRole('button', { name: `Revoke ${coach.name}’s rights` }).waitFor();
    expect(await wcagViolations(principal)).toEqual([]);
    expect(await fitsWidth(principal)).toBe(true);
    // In Spanish at the same width.
    await principal.locator('header').getByLabel('Language').selectOption('es');
    await principal.getByRole('heading', { name: 'Delegación', level: 1 }).waitFor();
    expect(await wcagViolations(principal)).toEqual([]);
    await principal.locator('header').getByLabel('Idioma').selectOption('en');
    await principal.close();

    // The teacher, who teaches none of them, resets a student of the campus.
    const teacher = await signedInPage(browser, portal.origin, coach.username);
    await teacher.setViewportSize({ width: 390, height: 844 });
    await teacher.getByRole('link', { name: 'Student sign-ins' }).click();
    await teacher.getByRole('link', { name: 'Lakeside Middle School' }).click();
    await teacher.getByRole('heading', { name: 'Lakeside Middle School' }).waitFor();
    await teacher.getByLabel('Find a student (name or username)').fill(student.username);
    const row = teacher.getByRole('row', { name: new RegExp(`\\(${student.username.replace(/\./g, '\\.')}\\)`) });
    const reset = async () => {
      await row.getByRole('button', { name: 'Reset password' }).click();
      await teacher.getByRole('button', { name: 'Reset the password' }).click();
    };
    await reset();
    const dialog = teacher.getByRole('dialog', { name: `New sign-in for ${student.name}` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const used = (await portal.audit.list({ limit: 50 })).filter((entry) => entry.action === 'grant.used');
    expect(used.filter((entry) => entry.detail?.right === 'reset_passwords')).toEqual([
      expect.objectContaining({ subjectUserId: student.id, actorUsername: coach.username }),
    ]);

    // The day is over: the next reset, on the same page, is refused and says so.
    clock += 31 * 60_000;
    await reset();
    await teacher.getByRole('alert').getByText('You don’t have access to this page.').waitFor();
    expect(await dialog.isVisible()).toBe(false);
    const denied = (await portal.audit.list({ limit: 50 })).filter((entry) => entry.action === 'access.denied');
    expect(denied[0]).toMatchObject({ actorUsername: coach.username, subjectUserId: student.id });
    await teacher.close();

    // The principal's page lists it as ended only when asked.
    const again = await signedInPage(browser, portal.origin, 'demo.principal');
    await again.goto(`${portal.origin}/grants`);
    await again.getByText('Nobody holds rights here yet.').waitFor();
    await again.getByRole('checkbox', { name: 'Show grants that have ended too' }).check();
    await again
      .locator('.grant-card', { hasText: coach.name })
      .getByText(/^Ended on /)
      .waitFor();
    await again.close();
  });

  it('IT gives a district grant without an end, and revokes it after a confirmation', async () => {
    const it_ = await signedInPage(browser, portal.origin, 'demo.it');
    await it_.setViewportSize({ width: 390, height: 844 });
    await it_.getByRole('link', { name: 'Delegation' }).click();
    await it_.getByLabel('Kind of rights').selectOption({ label: 'Help desk' });
    await it_.getByLabel('Find a person (name or username)').fill('demo.teacher.noschedule');
    await it_.getByRole('radio', { name: /\(demo\.teacher\.noschedule\)/ }).check();
    await it_.getByRole('checkbox', { name: 'No end date (until revoked)' }).check();
    expect(await it_.getByLabel('Last day').count()).toBe(0);
    await it_.getByRole('button', { name: 'Give these rights' }).click();
    await it_.getByRole('status').getByText('holds these rights now, until they are revoked.').waitFor();
    const card = it_.locator('.grant-card', { hasText: 'demo.teacher.noschedule' });
    await card.getByText('The whole district').waitFor();
    await card.getByText('Until revoked').waitFor();
    const holder = (await portal.directory.findByUsername('demo.teacher.noschedule'))!;
    expect((await portal.authority.rightsOf(holder)).district).toContain('reset_passwords');

    await card.getByRole('button', { name: /^Revoke .+’s rights$/ }).click();
    const confirm = it_.getByRole('region', { name: /^Revoke .+’s rights\?$/ });
    await confirm.getByText('loses these rights at once: Help desk.').waitFor();
    expect(await wcagViolations(it_)).toEqual([]);
    expect(await fitsWidth(it_)).toBe(true);
    await confirm.getByRole('button', { name: 'Revoke now' }).click();
    await it_.getByRole('status').getByText('’s rights were revoked.').waitFor();
    await card.waitFor({ state: 'detached' });
    expect((await portal.authority.rightsOf(holder)).district).toEqual([]);
    await it_.close();
  });
});
