// Every page must work with a screen reader: axe-core (WCAG 2.1 A/AA rules) finds no violation on the
// sign-in page, the dashboard, explain access and the audit log, in English and in Spanish.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../helpers/test-portal';
import { launchChromium, startPortal } from '../helpers/browser';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page: Page) {
  // Evaluated over the DevTools protocol, which the portal's CSP (no inline scripts) does not apply to.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchChromium({ args: ['--lang=en-US'] });
  });
  afterAll(async () => {
    await browser?.cleanup();
    await portal?.close();
  });

  async function signedInPage(username: string) {
    const page = await browser.newPage();
    await page.goto(portal.origin);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    return page;
  }

  it('has no violations on the sign-in page, with an error shown, in both languages', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    await page.goto(portal.origin);
    await page.getByLabel('Username').fill('demo.teacher');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText(/match/).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('has no violations on the dashboard', async () => {
    const page = await signedInPage('demo.student.g4');
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('has no violations on explain access (with a result) and the audit log', async () => {
    await browser.clearCookies();
    const page = await signedInPage('demo.it');
    await page.getByRole('link', { name: 'Explain access' }).click();
    await page.getByLabel('Person (name or username)').fill('demo.teacher');
    await page.getByRole('radio', { name: /demo\.teacher\.noschedule/ }).check();
    await page.getByLabel('App').selectOption({ label: 'Clever' });
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByText(/no rule grants it/).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('table').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
