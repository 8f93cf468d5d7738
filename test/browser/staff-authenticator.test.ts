// A teacher sets up Google Authenticator as she would at her first sign-in, with the codes computed by otplib
// the way her phone would: she is sent to the set-up page and nowhere else, scans (reads) the key, confirms a
// code, saves her recovery codes and reaches her apps; the next day she signs in with password + code, a
// wrong or replayed code is refused with words she can act on, and a recovery code gets her in instead.
import fs from 'node:fs';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { wcagViolations } from '../helpers/axe';
import { fillSignIn, launchChromium, startPortal } from '../helpers/browser';
import { DEMO_PASSWORD, manualClock } from '../helpers/test-portal';

const TEACHER = 'demo.teacher';
const WRONG_CODE_TEXT = /That code didn’t work/;

describe('a teacher and her authenticator app in Chromium', () => {
  // Near the real time: the session cookie's expiry follows the portal's clock, and Chromium drops a cookie
  // that has already expired.
  const clock = manualClock(Date.now());
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    portal = await startPortal({ now: clock.now, accounts: { staffSecondFactor: 'required' } });
    browser = await launchChromium({ args: ['--lang=en-US'] });
  });
  afterAll(async () => {
    await browser?.cleanup();
    await portal?.close();
  });

  /** What her phone shows now for the key. */
  const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(clock.now() / 1000) });
  /** Six digits that are not the code of this moment (nor of the step before, which is accepted too). */
  async function wrongCode(secret: string) {
    const accepted = [await codeNow(secret), await generate({ secret, epoch: Math.floor(clock.now() / 1000) - 30 })];
    return ['000000', '111111', '222222'].find((code) => !accepted.includes(code))!;
  }

  async function freshPage(): Promise<Page> {
    await browser.clearCookies();
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(portal.origin);
    return page;
  }

  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  let secret = '';
  let recoveryCodes: string[] = [];

  it('sends her to set up the app at her first sign-in, and nowhere else until she has', async () => {
    const page = await freshPage();
    await fillSignIn(page, TEACHER);
    await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in/authenticator');
    const qr = page.getByRole('img', { name: 'QR code to scan with your authenticator app' });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const shownKey = (await page.locator('.totp-secret').textContent())!;
    expect(shownKey).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    secret = shownKey.replace(/\s+/g, '');
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    // The apps are not reachable: by the API (step_required, naming the step) nor by typing an address.
    const tiles = await page.evaluate(async () => {
      const answer = await fetch('/api/apps/tiles');
      return { status: answer.status, body: await answer.json() };
    });
    expect(tiles).toMatchObject({
      status: 403,
      body: { error: { code: 'step_required', details: { next: 'enrol_totp' } } },
    });
    await page.goto(`${portal.origin}/account/password`);
    await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in/authenticator');
    // Each visit makes a new key: the one on the page now is the one to use.
    secret = (await page.locator('.totp-secret').textContent())!.replace(/\s+/g, '');
    // In Spanish too; a new language re-words the page but keeps the key.
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Configura tu aplicación de autenticación' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    expect((await page.locator('.totp-secret').textContent())!.replace(/\s+/g, '')).toBe(secret);
    await page.getByLabel('Idioma').selectOption('en');

    await page.getByLabel('Type the 6-digit code the app shows').fill(await wrongCode(secret));
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    await page.getByRole('alert').getByText(WRONG_CODE_TEXT).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('totp-enrol-code');

    await page.getByLabel('Type the 6-digit code the app shows').fill(await codeNow(secret));
    await page.getByRole('button', { name: 'Finish setting up' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    recoveryCodes = await page.locator('.recovery-code-list code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await wcagViolations(page)).toEqual([]);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    const file = fs.readFileSync((await (await download).path())!, 'utf8');
    for (const code of recoveryCodes) expect(file).toContain(code);

    const continueButton = page.getByRole('button', { name: 'Continue' });
    expect(await continueButton.isDisabled()).toBe(true);
    await page.getByLabel('I have saved these codes').check();
    await continueButton.click();
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  it('asks her for a code at the next sign-in, refuses a wrong one and a replayed one', async () => {
    expect(secret).not.toBe('');
    // The code she confirmed with is used up: her phone shows the next one half a minute later.
    clock.advance(30_000);
    const page = await freshPage();
    await fillSignIn(page, TEACHER);
    await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in/code');
    const codeField = page.getByLabel('Code from your authenticator app');
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await wcagViolations(page)).toEqual([]);

    await codeField.fill(await wrongCode(secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText(WRONG_CODE_TEXT).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('totp-code');
    expect(await wcagViolations(page)).toEqual([]);

    // With the keyboard alone: the step's title has focus, the code field is the next stop, Enter sends it.
    const code = await codeNow(secret);
    await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('totp-code');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();

    // Signing in again in another tab leaves the browser's session waiting for a code: the first tab, at its
    // next call to the server, shows the step too instead of a page that no longer loads.
    await browser.clearCookies();
    const otherTab = await browser.newPage();
    await otherTab.goto(portal.origin);
    await fillSignIn(otherTab, TEACHER);
    await otherTab.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
    // Its next call to the server (here a reload, which asks who is signed in) shows the step.
    await page.reload();
    await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in/code');
    await otherTab.close();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    // The same code a second time (someone who watched her type it) is refused.
    await fillSignIn(page, TEACHER);
    await page.getByLabel('Code from your authenticator app').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText(WRONG_CODE_TEXT).waitFor();
    await page.close();
  });

  it('lets her in with a recovery code instead, once, and lets her leave the step with Sign out', async () => {
    expect(recoveryCodes).toHaveLength(10);
    const page = await freshPage();
    await fillSignIn(page, TEACHER);
    await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
    // Sign out is there on the step: a shared computer is left signed out.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);

    await fillSignIn(page, TEACHER, DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    const recoveryField = page.getByLabel('Recovery code');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('totp-code');
    // As typed from a printout: small letters, spaces for dashes.
    await recoveryField.fill(recoveryCodes[0]!.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await fillSignIn(page, TEACHER);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText(WRONG_CODE_TEXT).waitFor();

    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Escribe el código de tu aplicación de autenticación' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });
});
