// Every page must work with a screen reader: axe-core (WCAG 2.1 A/AA rules) finds no violation on the
// sign-in page, the dashboard, explain access and the audit log, in English and in Spanish.
import { describe, expect, it } from 'vitest';
import { portalInChromium, signedInPage as signInPage } from '../helpers/browser';
import { wcagViolations } from '../helpers/axe';

describe('accessibility', () => {
  const chromium = portalInChromium();

  const signedInPage = (username: string) => signInPage(chromium.browser, chromium.portal.origin, username);

  it('has no violations on the sign-in page, with an error shown, in both languages', async () => {
    await chromium.browser.clearCookies();
    const page = await chromium.browser.newPage();
    await page.goto(chromium.portal.origin);
    await page.getByLabel('Username').fill('demo.teacher');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText(/match/).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('has no violations on the dashboard', async () => {
    const page = await signedInPage('demo.student.g4');
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('has no violations on explain access (with a result) and the audit log', async () => {
    await chromium.browser.clearCookies();
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'Explain access' }).click();
    await page.getByLabel('Person (name or username)').fill('demo.teacher');
    await page.getByRole('radio', { name: /demo\.teacher\.noschedule/ }).check();
    await page.getByLabel('App').selectOption({ label: 'Clever' });
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByText(/no rule grants it/).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('table').waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });
});
