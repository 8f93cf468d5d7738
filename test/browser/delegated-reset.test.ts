// A delegated reset as the principal and the student walk it: the principal resets a middle-school student's
// password from the Student sign-ins page and reads the temporary password from the dialog (shown once); the
// student signs in with it, is led only to "Choose a new password", chooses one and reaches the dashboard. The
// temporary password then no longer works, and the principal never sees the password the student chose. A teacher
// cannot reset a student of another class: the API refuses and the refusal is audited.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { wcagViolations } from '../helpers/axe';
import { fillSignIn, portalInChromium, signedInPage } from '../helpers/browser';
import { DEMO_PASSWORD, signIn } from '../helpers/test-portal';
import type { AccountGroup, AccountStudent } from '../../shared/accounts';

const STUDENT = 'demo.student.g8';
const CHOSEN_PASSWORD = 'Violet-Harbor-Lantern-58';

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('a principal’s reset in Chromium', () => {
  const chromium = portalInChromium();
  let campus: AccountGroup;
  let student: AccountStudent;

  beforeAll(async () => {
    const principal = await signIn(chromium.portal, 'demo.principal');
    const groups = (await (await chromium.portal.request.get('/api/accounts/groups', principal)).json()) as {
      groups: AccountGroup[];
    };
    campus = groups.groups.find((group) => group.kind === 'campus')!;
    const answer = await chromium.portal.request.get(`/api/accounts/groups/campus/${campus.id}`, principal);
    student = ((await answer.json()) as { students: AccountStudent[] }).students.find(
      (someone) => someone.username === STUDENT,
    )!;
  });

  const signInAnswer = (password: string) =>
    chromium.portal.request.post('/api/auth/sign-in', { username: STUDENT, password });

  /** The principal's campus page, narrowed to the student, on a phone-sized screen. */
  async function studentRow() {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.principal');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Student sign-ins' }).click();
    await page.getByRole('link', { name: campus.title }).click();
    await page.getByRole('heading', { name: campus.title }).waitFor();
    await page.getByLabel('Find a student (name or username)').fill(STUDENT);
    const row = page.getByRole('row', { name: new RegExp(`\\(${STUDENT.replace(/\./g, '\\.')}\\)`) });
    await row.waitFor();
    return { page, row };
  }

  it('gives the principal a temporary password that leads the student only to choosing their own', async () => {
    const { page, row } = await studentRow();
    expect(await wcagViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Reset password' }).click();
    await page.getByRole('heading', { name: `Reset ${student.displayName}’s password?` }).waitFor();
    await page
      .getByText('Their password stops working at once and they are signed out everywhere.', { exact: false })
      .waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reset the password' }).click();

    const dialog = page.getByRole('dialog', { name: `New sign-in for ${student.displayName}` });
    await dialog.waitFor();
    await dialog.getByText('It works once; they will choose their own right after.', { exact: false }).waitFor();
    const temporary = (await dialog.locator('.secret-value').textContent())!;
    expect(temporary.length).toBeGreaterThanOrEqual(8);
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    // Printed, the page is the dialog alone: no other student's name, no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await dialog.locator('.secret-value').isVisible()).toBe(true);
    expect(await row.isVisible()).toBe(false);
    expect(await dialog.getByRole('button', { name: 'Close' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Focus goes back where the helper was: the student's own Reset button.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Reset password');
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toBe(`${student.displayName}’s password was reset.`);
    // Closed is gone: nothing in the page holds the temporary password any more.
    expect(await page.content()).not.toContain(temporary);
    await expect
      .poll(() => row.locator('td.state').textContent())
      .toMatch(/^Temporary password — must choose a new one/);

    // The page in Spanish at the same width.
    await page.locator('header').getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Estudiantes' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.locator('header').getByLabel('Idioma').selectOption('en');
    await page.close();

    // The old password stopped at once.
    expect((await signInAnswer(DEMO_PASSWORD)).status).toBe(401);

    // The student signs in with the temporary password and is led only to choosing a new one.
    await chromium.browser.clearCookies();
    const studentPage = await chromium.browser.newPage();
    await studentPage.setViewportSize({ width: 390, height: 844 });
    await studentPage.goto(chromium.portal.origin);
    await fillSignIn(studentPage, STUDENT, temporary);
    await studentPage.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(new URL(studentPage.url()).pathname).toBe('/sign-in/new-password');
    const elsewhere = await studentPage.request.get(`${chromium.portal.origin}/api/apps/tiles`);
    expect(elsewhere.status()).toBe(403);
    expect(((await elsewhere.json()) as { error: { code: string } }).error.code).toBe('step_required');
    await studentPage.getByLabel('New password', { exact: true }).fill(CHOSEN_PASSWORD);
    await studentPage.getByLabel('Type the new password again').fill(CHOSEN_PASSWORD);
    await studentPage.getByRole('button', { name: 'Save my new password' }).click();
    await studentPage.getByRole('heading', { name: 'Your apps' }).waitFor();
    await studentPage.close();

    // The temporary password worked once; the chosen one works.
    expect((await signInAnswer(temporary)).status).toBe(401);
    expect((await signInAnswer(CHOSEN_PASSWORD)).status).toBe(200);

    // The principal sees that the student chose their own, and never the password itself.
    const again = await studentRow();
    await expect.poll(() => again.row.locator('td.state').textContent()).toMatch(/^Chose their own password/);
    expect(await again.page.content()).not.toContain(CHOSEN_PASSWORD);
    await again.page.close();

    // The student's own teacher sees on her class list that the principal reset it, and when.
    await teacherSeesReset();
    const audit = JSON.stringify(await chromium.portal.audit.list({ limit: 100 }));
    expect(audit).not.toContain(temporary);
    expect(audit).not.toContain(CHOSEN_PASSWORD);
  });

  /** The student's account as the principal's page lists it. */
  async function accountNow() {
    const principal = await signIn(chromium.portal, 'demo.principal');
    const answer = await chromium.portal.request.get(`/api/accounts/groups/campus/${campus.id}`, principal);
    return ((await answer.json()) as { students: AccountStudent[] }).students.find(
      (someone) => someone.id === student.id,
    )!.account;
  }

  /** The math teacher opens the class the student is in, and reads who reset the password. */
  async function teacherSeesReset() {
    const principalName = await displayNameOf('demo.principal');
    const teacher = await signIn(chromium.portal, 'demo.teacher');
    const { groups } = (await (await chromium.portal.request.get('/api/accounts/groups', teacher)).json()) as {
      groups: AccountGroup[];
    };
    const inClass = await Promise.all(
      groups.map(async (group) => {
        const answer = await chromium.portal.request.get(`/api/accounts/groups/class/${group.id}`, teacher);
        return ((await answer.json()) as { students: AccountStudent[] }).students.some((s) => s.id === student.id);
      }),
    );
    const theirClass = groups[inClass.indexOf(true)]!;
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.teacher');
    await page.goto(`${chromium.portal.origin}/accounts/class/${encodeURIComponent(theirClass.id)}`);
    const row = page.getByRole('row', { name: new RegExp(`\\(${STUDENT.replace(/\./g, '\\.')}\\)`) });
    await expect.poll(() => row.locator('td.state').textContent()).toContain(`reset by ${principalName} on `);
    await page.close();
  }

  async function displayNameOf(username: string) {
    const cookie = await signIn(chromium.portal, username);
    const me = (await (await chromium.portal.request.get('/api/auth/me', cookie)).json()) as {
      user: { displayName: string };
    };
    return me.user.displayName;
  }

  it('refuses a teacher a student of another class, and audits the refusal', async () => {
    const before = await accountNow();
    const teacher = await signIn(chromium.portal, 'demo.teacher.k');
    const lastEntry = (await chromium.portal.audit.list({ limit: 1 }))[0]?.id ?? 0;
    const refused = await chromium.portal.request.post('/api/accounts/reset', { userId: student.id }, teacher);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const since = (await chromium.portal.audit.list({ limit: 20 })).filter((entry) => entry.id > lastEntry);
    expect(since).toContainEqual(
      expect.objectContaining({ outcome: 'failure', actorUsername: 'demo.teacher.k', subjectUserId: student.id }),
    );
    // Nothing changed for the student.
    expect(await accountNow()).toEqual(before);
  });
});
