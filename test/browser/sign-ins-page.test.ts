// The Student sign-ins page's other tools, as their helpers use them: a teacher prints claim letters (told in
// words when nobody needs one; each letter's code replaces the one printed before), and IT resets a staff
// member's authenticator app, found by name, so the next sign-in no longer asks for its code. Where the district
// keeps resets from teachers, a teacher's list offers none.
import { execFileSync } from 'node:child_process';
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountGroup, AccountGroupResponse, SignedInAnswer, TotpEnrolment } from '../../shared/accounts';
import { wcagViolations } from '../helpers/axe';
import { portalInChromium, signedInPage, startPortal } from '../helpers/browser';
import { DEMO_PASSWORD, signIn } from '../helpers/test-portal';

const STUDENT = 'demo.student.g8';

/** Each letter's username and claim code as pdftotext reads them in drawing order. */
function lettersOn(file: string): Map<string, string> {
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const letters = new Map<string, string>();
  for (const [, username, code] of text.matchAll(/^Username (\S+)\nClaim code (\S+)$/gm)) letters.set(username!, code!);
  return letters;
}

describe('the Student sign-ins page’s tools in Chromium', () => {
  const chromium = portalInChromium();
  let mathClass: AccountGroup;

  beforeAll(async () => {
    const teacher = await signIn(chromium.portal, 'demo.teacher');
    const { groups } = (await (await chromium.portal.request.get('/api/accounts/groups', teacher)).json()) as {
      groups: AccountGroup[];
    };
    for (const group of groups) {
      const answer = await chromium.portal.request.get(`/api/accounts/groups/class/${group.id}`, teacher);
      const { students } = (await answer.json()) as AccountGroupResponse;
      if (students.some((student) => student.username === STUDENT)) mathClass = group;
    }
  });

  const claimCheck = async (code: string) =>
    (await chromium.portal.request.post('/api/auth/claim/check', { username: STUDENT, code })).status;

  it('prints claim letters: says when nobody needs one, and each new letter’s code replaces the last', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.teacher');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Student sign-ins' }).click();
    await page.getByRole('link', { name: mathClass.title }).click();
    await page.getByRole('heading', { name: mathClass.title }).waitFor();
    await page
      .getByText('Each letter has a new claim code: any code printed for that student before stops working at once.')
      .waitFor();
    const print = page.getByRole('button', { name: 'Print claim letters for the class' });

    // Everyone in the demo has a password already: "only the unclaimed" is nobody, said in words.
    await print.click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Nobody here needs a claim letter: everyone has claimed their account.');
    expect(await wcagViolations(page)).toEqual([]);

    await page.getByLabel('Every student here who claims their account').check();
    const status = page.getByRole('status').first();
    const printOnce = async (whileMaking?: () => Promise<void>) => {
      const download = page.waitForEvent('download');
      await print.click();
      await whileMaking?.();
      const letters = lettersOn((await (await download).path())!);
      await expect
        .poll(() => status.textContent())
        .toBe('The claim letters are downloaded. Print them and hand each student their own.');
      return letters;
    };
    // A long print says so while it is made: the letters are held back until the page has been looked at.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/accounts/claim-letters', async (route) => {
      await held;
      await route.continue();
    });
    const first = await printOnce(async () => {
      await expect.poll(() => status.textContent()).toBe('Making the claim letters… This can take a moment.');
      expect(await status.locator('.spinner').count()).toBe(1);
      release();
    });
    await page.unroute('**/api/accounts/claim-letters');
    expect(await status.locator('.spinner').count()).toBe(0);
    // The button keeps focus through the print, for the next one.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Print claim letters for the class');
    expect(first.get(STUDENT)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await claimCheck(first.get(STUDENT)!)).toBe(200);
    expect(await page.getByRole('alert').count()).toBe(0);

    const second = await printOnce();
    expect(second.get(STUDENT)).not.toBe(first.get(STUDENT));
    expect(await claimCheck(first.get(STUDENT)!)).toBe(401);
    expect(await claimCheck(second.get(STUDENT)!)).toBe(200);
    await page.close();
  });

  it('lets IT reset a staff member’s authenticator app, found by name', async () => {
    // The K teacher has set up an authenticator app (as her first sign-in's step would); from then on her
    // sign-in asks for its code.
    const teacher = (await chromium.portal.directory.findByUsername('demo.teacher.k'))!;
    const { secret } = await chromium.portal.accounts.startTotpEnrolment(teacher);
    await chromium.portal.accounts.confirmTotpEnrolment(teacher, await generate({ secret }), '127.0.0.1');
    const nextStep = async () => {
      const answer = await chromium.portal.request.post('/api/auth/sign-in', {
        username: 'demo.teacher.k',
        password: DEMO_PASSWORD,
      });
      return ((await answer.json()) as SignedInAnswer).next;
    };
    expect(await nextStep()).toBe('totp');

    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.it');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Student sign-ins' }).click();
    await page.getByLabel('Name or username').fill('demo.teacher.k');
    await page.getByRole('radio', { name: /demo\.teacher\.k/ }).check();
    await page.getByRole('button', { name: 'Reset authenticator' }).click();
    await page
      .getByText('The codes from their authenticator app and their recovery codes stop working at once.', {
        exact: false,
      })
      .waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reset the authenticator' }).click();
    await expect
      .poll(() => page.getByRole('status').last().textContent())
      .toMatch(/ sets up an authenticator app again at their next sign-in\.$/);
    expect(await nextStep()).toBeUndefined();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Reset authenticator');

    // A second reset has nothing left to reset, and says so.
    await page.getByRole('button', { name: 'Reset authenticator' }).click();
    await page.getByRole('button', { name: 'Reset the authenticator' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('This person has no authenticator app to reset.');
    await page.close();
  });

  it('offers a teacher no reset where the district keeps resets from teachers', async () => {
    const portal = await startPortal({ accounts: { teacherResets: false } });
    try {
      const page = await signedInPage(chromium.browser, portal.origin, 'demo.teacher');
      await page.getByRole('link', { name: 'Student sign-ins' }).click();
      await page.getByRole('link', { name: mathClass.title }).click();
      await page.getByRole('row', { name: new RegExp(`\\(${STUDENT.replace(/\./g, '\\.')}\\)`) }).waitFor();
      expect(await page.getByRole('button', { name: 'Reset password' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Print claim letters for the class' }).waitFor();
      await page.close();
    } finally {
      await portal.close();
    }
  });
});
