// A 7th grader's way in, walked in Chromium on a 390 px phone: the claim code from the letter (typed as a child
// types it, small letters and spaces) opens "Claim your account", she chooses a password (the server's reason
// is shown for a weak one) and three recovery questions and lands on her apps. Later she forgets the password:
// wrong answers say what to do instead, her own answers let her choose a new one and sign her in, and the old
// password stops working. She changes it from the menu; after a helper's reset, the temporary password leads only
// to "Choose a new password". A kindergartner's password, given by the school, cannot be changed; where the
// district turned recovery questions off, "Forgot your password?" says whom to ask instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ResetResult } from '../../shared/accounts';
import { wcagViolations } from '../helpers/axe';
import { pdfText } from '../helpers/badge-pdf';
import { fillSignIn, launchChromium, startPortal } from '../helpers/browser';
import { DEMO_PASSWORD, signIn } from '../helpers/test-portal';

const FIRST_PASSWORD = 'maple trail lantern';
const NEW_PASSWORD = 'orange kite harbor';
const CHANGED_PASSWORD = 'quiet river pebble';
const AFTER_RESET_PASSWORD = 'silver meadow compass';
const ANSWERS = [
  { question: 'What was the name of your first pet?', answer: 'Biscuit' },
  { question: 'What is your favourite food?', answer: 'Tamales' },
  { question: 'Which superpower would you choose?', answer: 'Flying' },
];

describe('claiming and recovering a 7th grader’s account in Chromium', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let student: { id: string; username: string; givenName: string };

  beforeAll(async () => {
    // IT's own sign-in stays a password here (the test portals' default): this file is about the student.
    portal = await startPortal({ accounts: { recoveryQuestions: 3 } });
    browser = await launchChromium({ args: ['--lang=en-US'] });
    student = await aSeventhGrader();
  });
  afterAll(async () => {
    await browser?.cleanup();
    await portal?.close();
  });

  /** A 7th grader just arrived from the roster: no password yet, as every new account starts. */
  async function aSeventhGrader() {
    const middle = (await portal.directory.campuses()).find((campus) => campus.name.includes('Middle'))!;
    const found = (await portal.directory.studentsOnCampus(middle.id)).find((person) => person.grade === 7)!;
    await portal.directory.setPasswordHash(found.id, null);
    return { id: found.id, username: found.username, givenName: found.givenName };
  }

  /** The claim code on the letter IT prints for the student, read off the PDF as a person reads it. */
  async function printedClaimCode(): Promise<string> {
    const it = await signIn(portal, 'demo.it');
    const answer = await portal.request.post('/api/accounts/claim-letters', { userId: student.id }, it);
    expect(answer.status).toBe(200);
    const text = pdfText(new Uint8Array(await answer.arrayBuffer()));
    expect(text).toContain(student.username);
    return text.match(/\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b/)![0];
  }

  /** What IT's reset hands over for the student (she has claimed: a temporary password). */
  async function itResets(): Promise<ResetResult> {
    const it = await signIn(portal, 'demo.it');
    const answer = await portal.request.post('/api/accounts/reset', { userId: student.id }, it);
    expect(answer.status).toBe(200);
    return (await answer.json()) as ResetResult;
  }

  const signInStatus = async (password: string) =>
    (await portal.request.post('/api/auth/sign-in', { username: student.username, password })).status;

  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  async function phonePage(): Promise<Page> {
    await browser.clearCookies();
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(portal.origin);
    return page;
  }

  async function checkAccessibility(page: Page, spanishHeading: string) {
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: spanishHeading }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await page.getByLabel('Idioma').selectOption('en');
  }

  it('claims the account with the printed code and lands on her apps', async () => {
    const typedFromLetter = (await printedClaimCode()).toLowerCase().replace(/-/g, ' ');

    const page = await phonePage();
    await page.getByRole('link', { name: 'New here? Claim your account' }).click();
    await page.getByRole('heading', { name: 'Claim your account' }).waitFor();
    await page.getByLabel('Username').fill(student.username);
    await page.getByLabel('Claim code').fill('ZZZZ ZZZZ ZZZZ');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .getByRole('alert')
      .getByText(/don’t match, or the code was used/)
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('claim-code');
    await checkAccessibility(page, 'Activa tu cuenta');

    await page.getByLabel('Claim code').fill(typedFromLetter);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: `Hi ${student.givenName}!` }).waitFor();

    // A question picked once is not offered again.
    await page.getByLabel('Question 1', { exact: true }).selectOption({ label: ANSWERS[0]!.question });
    const secondChoices = await page.getByLabel('Question 2', { exact: true }).locator('option').allTextContents();
    expect(secondChoices).not.toContain(ANSWERS[0]!.question);
    expect(secondChoices).toContain(ANSWERS[1]!.question);
    for (const [index, { question, answer }] of ANSWERS.entries()) {
      await page.getByLabel(`Question ${index + 1}`, { exact: true }).selectOption({ label: question });
      await page.getByLabel(`Your answer to question ${index + 1}`).fill(answer);
    }

    // The server's reason for a weak password is shown by the field, which gets focus.
    await page.getByLabel('New password', { exact: true }).fill(`${student.username}-2026`);
    await page.getByLabel('Type the new password again').fill(`${student.username}-2026`);
    await page.getByRole('button', { name: 'Claim my account' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Choose another password: it has your (user)?name in it\.$/)
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('new-password');
    await checkAccessibility(page, `¡Hola, ${student.givenName}!`);

    await page.getByLabel('New password', { exact: true }).fill(FIRST_PASSWORD);
    await page.getByLabel('Type the new password again').fill(FIRST_PASSWORD);
    await page.getByLabel('Show the passwords').check();
    expect(await page.getByLabel('New password', { exact: true }).getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Claim my account' }).click();
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await signInStatus(FIRST_PASSWORD)).toBe(200);
    await page.close();
  });

  it('recovers a forgotten password with her answers; the old one stops working', async () => {
    const page = await phonePage();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Username').fill(student.username);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Answer your questions' }).waitFor();

    // Wrong answers: what to do instead.
    for (const { question } of ANSWERS) await page.getByLabel(question).fill('no idea');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Type the new password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page
      .getByRole('alert')
      .getByText(/ask your teacher or the office/)
      .waitFor();
    await checkAccessibility(page, 'Responde tus preguntas');

    // Answers are forgiven their case and spacing, as typed on another day.
    for (const { question, answer } of ANSWERS) await page.getByLabel(question).fill(` ${answer.toUpperCase()} `);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    expect(await signInStatus(FIRST_PASSWORD)).toBe(401);
    expect(await signInStatus(NEW_PASSWORD)).toBe(200);
    await page.close();
  });

  it('changes her password from the menu; a wrong current password is named', async () => {
    const page = await phonePage();
    await fillSignIn(page, student.username, NEW_PASSWORD);
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(CHANGED_PASSWORD);
    await page.getByLabel('Type the new password again').fill(CHANGED_PASSWORD);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page.getByRole('alert').getByText('Your current password isn’t right.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('current-password');
    await checkAccessibility(page, 'Cambia tu contraseña');

    await page.getByLabel('Current password').fill(NEW_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(CHANGED_PASSWORD);
    await page.getByLabel('Type the new password again').fill('quiet river pebbles');
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page.getByRole('alert').getByText('The two new passwords are not the same. Type them again.').waitFor();
    await page.getByLabel('Type the new password again').fill(CHANGED_PASSWORD);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page.getByRole('status').getByText('Your password is changed.', { exact: false }).waitFor();
    expect(await signInStatus(NEW_PASSWORD)).toBe(401);
    expect(await signInStatus(CHANGED_PASSWORD)).toBe(200);
    await page.close();
  });

  it('after a helper’s reset, the temporary password leads only to choosing a new one', async () => {
    const reset = await itResets();
    if (reset.kind !== 'temporary_password') throw new Error(`expected a temporary password, got ${reset.kind}`);
    const page = await phonePage();
    await fillSignIn(page, student.username, reset.temporaryPassword);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in/new-password');
    expect(await page.getByLabel('Current password').count()).toBe(0);
    await page.goto(`${portal.origin}/account/password`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await checkAccessibility(page, 'Elige una contraseña nueva');

    await page.getByLabel('New password', { exact: true }).fill(AFTER_RESET_PASSWORD);
    await page.getByLabel('Type the new password again').fill(AFTER_RESET_PASSWORD);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    expect(await signInStatus(reset.temporaryPassword)).toBe(401);
    expect(await signInStatus(AFTER_RESET_PASSWORD)).toBe(200);
    await page.close();
  });

  it('tells a kindergartner that the school’s password cannot be changed', async () => {
    const page = await phonePage();
    await fillSignIn(page, 'demo.student.k');
    // The menu does not offer it; the page, reached by its address, says why.
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByRole('link', { name: 'Change password' }).count()).toBe(0);
    await page.goto(`${portal.origin}/account/password`);
    await page.getByLabel('Current password').fill(DEMO_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(CHANGED_PASSWORD);
    await page.getByLabel('Type the new password again').fill(CHANGED_PASSWORD);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page
      .getByRole('alert')
      .getByText(/given by your school and cannot be changed/)
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    expect(
      (await portal.request.post('/api/auth/sign-in', { username: 'demo.student.k', password: DEMO_PASSWORD })).status,
    ).toBe(200);
    await page.close();
  });

  it('says what to do instead where the district turned recovery questions off', async () => {
    const noQuestions = await startPortal({ accounts: { recoveryQuestions: 0 } });
    try {
      const page = await browser.newPage();
      await page.goto(`${noQuestions.origin}/forgot`);
      await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
      await page.getByLabel('Username').fill('demo.student.g11');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page
        .getByRole('alert')
        .getByText(
          'Your district doesn’t use recovery questions. Ask your teacher or the office to reset your password.',
        )
        .waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('recover-username');
      expect(await page.getByRole('heading', { name: 'Answer your questions' }).count()).toBe(0);
      await page.close();
    } finally {
      await noQuestions.close();
    }
  });
});
