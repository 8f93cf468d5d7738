// A kindergartner's printed credentials, as the K teacher prints them from the Student sign-ins page and the child
// types them: the card read back from the PDF with pdftotext signs the child in through the sign-in page. And the
// page is hers alone: another teacher opening her class by its address, or a student, is refused kindly.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { wcagViolations } from '../helpers/axe';
import { fillSignIn, portalInChromium, signedInPage } from '../helpers/browser';
import { DEMO_PASSWORD, signIn } from '../helpers/test-portal';
import type { AccountGroup, AccountGroupResponse } from '../../shared/accounts';

/** Each card's username and password as pdftotext reads them in drawing order ("Username x" / "Password y"). */
function cardsOn(sheetFile: string): Map<string, string> {
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', sheetFile, '-'], { encoding: 'utf8' });
  const cards = new Map<string, string>();
  for (const [, username, password] of text.matchAll(/^Username (\S+)\nPassword (\S+)$/gm))
    cards.set(username!, password!);
  return cards;
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('a kindergartner’s printed credentials in Chromium', () => {
  const chromium = portalInChromium();
  let kClass: AccountGroup;

  beforeAll(async () => {
    const teacher = await signIn(chromium.portal, 'demo.teacher.k');
    const answer = await chromium.portal.request.get('/api/accounts/groups', teacher);
    kClass = ((await answer.json()) as { groups: AccountGroup[] }).groups.find((group) => group.kind === 'class')!;
  });

  async function students() {
    const teacher = await signIn(chromium.portal, 'demo.teacher.k');
    const answer = await chromium.portal.request.get(`/api/accounts/groups/class/${kClass.id}`, teacher);
    return ((await answer.json()) as AccountGroupResponse).students;
  }

  it('lets the K teacher print her class’s sheet, and a child signs in with the card', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.teacher.k');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Student sign-ins' }).click();
    await page.getByRole('heading', { name: 'Student sign-ins' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('link', { name: kClass.title }).click();
    await page.getByRole('heading', { name: kClass.title }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Print the class’s credentials' }).click();
    const sheetFile = (await (await download).path())!;
    expect(fs.readFileSync(sheetFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('The credentials sheet is downloaded. Print it and keep it somewhere safe.');

    // Every child of the class has a card, with a password from the school and nothing else.
    const cards = cardsOn(sheetFile);
    const children = await students();
    expect(children.length).toBeGreaterThan(0);
    expect([...cards.keys()].sort()).toEqual(children.map((child) => child.username).sort());
    expect(
      [...cards.values()].every((password) => /^[a-z]{6,10}\d\d$/.test(password) || password === DEMO_PASSWORD),
    ).toBe(true);
    // Every card opens its child's account.
    for (const [username, password] of cards) {
      const answer = await chromium.portal.request.post('/api/auth/sign-in', { username, password });
      expect(answer.status, username).toBe(200);
    }
    expect(children.every((child) => child.account.status === 'fixed')).toBe(true);
    // A child with a password of two words and two digits (the README's demo.student.k keeps the demo password).
    const child = children.find((someone) => someone.username !== 'demo.student.k')!;
    const row = page.getByRole('row', { name: new RegExp(`\\(${child.username.replace(/\./g, '\\.')}\\)`) });
    expect(await row.locator('td.state').textContent()).toBe('Password from the school');

    // A lost card, printed again on its own: that child's card alone, with the same password.
    const oneCard = page.waitForEvent('download');
    await row.getByRole('button', { name: 'Print their credentials' }).click();
    const reprinted = cardsOn((await (await oneCard).path())!);
    expect([...reprinted]).toEqual([[child.username, cards.get(child.username)]]);

    // The page in Spanish, on the same phone-sized screen.
    await page.locator('header').getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Estudiantes' }).waitFor();
    expect(await row.locator('td.state').textContent()).toBe('Contraseña de la escuela');
    // The sheet follows the page's language.
    const spanishSheet = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Imprimir los accesos de la clase' }).click();
    const spanish = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', (await (await spanishSheet).path())!, '-'], {
      encoding: 'utf8',
    });
    expect(spanish).toContain('Nombres de usuario y contraseñas');
    expect(spanish).toContain(`Contraseña ${cards.get(child.username)}`);
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await page.locator('header').getByLabel('Idioma').selectOption('en');
    await page.close();

    // The child, at a Chromebook, types what the card says.
    await chromium.browser.clearCookies();
    const childPage = await chromium.browser.newPage();
    await childPage.goto(chromium.portal.origin);
    await fillSignIn(childPage, child.username, cards.get(child.username)!);
    await childPage.getByRole('heading', { name: 'Your apps' }).waitFor();
    await childPage.close();

    const printed = (await chromium.portal.audit.list({ limit: 50 })).filter(
      (entry) => entry.action === 'account.credentials_printed',
    );
    expect(printed.length).toBeGreaterThan(0);
    expect(JSON.stringify(printed)).not.toContain(cards.get(child.username)!);
  });

  it('refuses another teacher’s class opened by its address', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.teacher');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${chromium.portal.origin}/accounts/class/${encodeURIComponent(kClass.id)}`);
    await page.getByRole('heading', { name: 'These students are not yours to help' }).waitFor();
    expect(await page.getByRole('button', { name: 'Print the class’s credentials' }).count()).toBe(0);
    expect(await page.getByText(kClass.title).count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows a student neither the link nor the page', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.student.g11');
    expect(await page.getByRole('link', { name: 'Student sign-ins' }).count()).toBe(0);
    await page.goto(`${chromium.portal.origin}/accounts`);
    await page.getByRole('heading', { name: 'Student sign-ins are not for your account' }).waitFor();
    await page.close();
  });
});
