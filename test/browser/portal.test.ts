// The portal as a person uses it, in real Chromium against a real listening server.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../helpers/test-portal';
import { fillSignIn, portalInChromium } from '../helpers/browser';

describe('portal in Chromium', () => {
  const chromium = portalInChromium();

  async function freshPage(): Promise<Page> {
    await chromium.browser.clearCookies();
    const page = await chromium.browser.newPage();
    await page.goto(chromium.portal.origin);
    // A language chosen in an earlier test is remembered; start each test from the browser's own (English).
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    return page;
  }

  it('shows demo.teacher the Clever tile', async () => {
    const page = await freshPage();
    // isVisible() does not wait, and under load the page may not have rendered yet.
    await page.getByRole('heading', { name: 'Sign in to Lakeside ISD' }).waitFor();
    await fillSignIn(page, 'demo.teacher');
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    await page.getByRole('link', { name: /^Google Workspace\b/ }).waitFor();
    expect(await page.getByRole('link', { name: /^Clever\b/ }).count()).toBe(1);
    await page.close();
  });

  it('does not show demo.teacher.noschedule the Clever tile', async () => {
    const page = await freshPage();
    await fillSignIn(page, 'demo.teacher.noschedule');
    await page.getByRole('link', { name: /^Google Workspace\b/ }).waitFor();
    expect(await page.getByRole('link', { name: /^Clever\b/ }).count()).toBe(0);
    await page.close();
  });

  it('answers a wrong password exactly as it answers an unknown user', async () => {
    const page = await freshPage();
    const answers: { status: number; body: string; alert: string }[] = [];
    for (const username of ['demo.student.g8', 'no.such.student']) {
      const response = page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in'));
      await fillSignIn(page, username, 'definitely-wrong');
      const answer = await response;
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent()).not.toBe('');
      answers.push({ status: answer.status(), body: await answer.text(), alert: (await alert.textContent())! });
    }
    expect(answers[0]!.status).toBe(401);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]!.alert).toBe('That username and password don’t match. Check them and try again.');
    // The password field is emptied and focused for the next try.
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await page.close();
  });

  it('signs in with the keyboard alone and signs out again', async () => {
    const page = await freshPage();
    await page.getByLabel('Username').focus();
    await page.keyboard.type('demo.student.k');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /^Lexia Core5 Reading\b/ }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await page.request.get(`${chromium.portal.origin}/api/apps/tiles`)).status()).toBe(401);
    await page.close();
  });

  it('switches to Spanish and remembers it', async () => {
    const page = await freshPage();
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await page.reload();
    await page.getByLabel('Nombre de usuario').fill('demo.student.g4');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Tus aplicaciones' }).waitFor();
    await page.close();
  });

  it('lets IT explain why a teacher without a schedule has no Clever tile', async () => {
    const page = await freshPage();
    await fillSignIn(page, 'demo.it');
    await page.getByRole('link', { name: 'Explain access' }).click();
    await page.getByLabel('Person (name or username)').fill('demo.teacher.nosch');
    await page.getByRole('radio', { name: /demo\.teacher\.noschedule/ }).check();
    await page.getByLabel('App').selectOption({ label: 'Clever' });
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByText('teacher has no class schedule in the SIS').waitFor();
    await page.getByText(/does not see Clever: no rule grants it/).waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'Explained access' }).first().waitFor();
    await page.close();
  });

  it('made no request to any other origin', () => {
    expect(chromium.foreignRequests).toEqual([]);
  });
});
