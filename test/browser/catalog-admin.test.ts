// IT's Apps page in Chromium against a real portal: IT adds an app for grade 4 at one campus; the preview's numbers
// are the server's own count of who the rule gives the tile to; a grade-4 student there gets the tile with its
// icon (and its Spanish name in Spanish) and a grade-5 student does not; narrowing the rule shows the loss before
// Save; an uploaded icon replaces the built-in one on the tile. axe on the list and the editor, at 390 px too.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { wcagViolations } from '../helpers/axe';
import { portalInChromium, signedInPage as signInPage } from '../helpers/browser';
import { DEMO_PASSWORD, signIn } from '../helpers/test-portal';
import { spMetadata } from '../helpers/sp-metadata-files';
import { createPasswordHasher } from '../../server/auth/password-hasher';
import type { AppDraft, CatalogPreview } from '../../shared/catalog-admin';

const ELEMENTARY = 'org-lakeside-es';
const SLUG = 'star-reader';
/** A 1×1 PNG, the smallest picture an upload can be. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The draft a rule "students in grade `grade` at the elementary campus" makes. */
const gradeDraft = (grade: number): AppDraft => ({
  slug: SLUG,
  name: 'Star Reader',
  nameEs: 'Lector Estrella',
  description: '',
  descriptionEs: '',
  launchUrl: 'https://star-reader.test/',
  signInKind: 'link',
  color: '#1464ff',
  icon: 'star',
  sortOrder: 0,
  rules: [
    {
      name: 'Grade 4 at Elementary',
      conditions: [
        { kind: 'role', anyOf: ['student'] },
        { kind: 'grade', min: grade, max: grade },
        { kind: 'campus', anyOf: [ELEMENTARY] },
      ],
    },
  ],
});

describe('IT’s Apps page in Chromium', () => {
  const chromium = portalInChromium();
  let itCookie: string;
  /** Who the server says a grade-4 rule gives the new app to, and a grade-5 student of the same campus. */
  let gradeFour: NonNullable<CatalogPreview['people']>;
  let gradeFiveStudent: string;

  const previewOf = async (draft: AppDraft, names: 'gains' | 'losses') => {
    const answer = await chromium.portal.request.post('/api/admin/catalog/preview', { draft, names }, itCookie);
    expect(answer.status).toBe(200);
    return (await answer.json()) as CatalogPreview;
  };

  beforeAll(async () => {
    itCookie = await signIn(chromium.portal, 'demo.it');
    const four = await previewOf(gradeDraft(4), 'gains');
    gradeFour = four.people!;
    expect(four.gains).toBe(gradeFour.length);
    expect(gradeFour.map((person) => person.username)).toContain('demo.student.g4');
    expect(gradeFour.every((person) => person.grade === 4 && person.role === 'student')).toBe(true);
    gradeFiveStudent = (await previewOf(gradeDraft(5), 'gains')).people![0]!.username;
    // The demo district's named students have no grade 5: this one signs in with the demo password too.
    const { directory } = chromium.portal;
    const demoHash = await createPasswordHasher({ concurrency: 1, maxQueue: 1 }).hash(DEMO_PASSWORD);
    await directory.setPasswordHash((await directory.findByUsername(gradeFiveStudent))!.id, demoHash);
  });

  const signedInPage = (username: string) => signInPage(chromium.browser, chromium.portal.origin, username);

  async function appsPage(width = 1280) {
    const page = await signedInPage('demo.it');
    await page.setViewportSize({ width, height: 900 });
    await page.getByRole('link', { name: 'Apps', exact: true }).click();
    await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();
    await page.getByRole('table').waitFor();
    return page;
  }

  it('adds an app for grade 4 at one campus, after a preview that matches the server’s count', async () => {
    const page = await appsPage(390);
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    await page.getByRole('button', { name: 'Add app' }).click();
    await page.getByRole('heading', { name: 'Add an app' }).waitFor();
    await page.getByLabel('Name (English)').fill('Star Reader');
    expect(await page.getByLabel('Short name for addresses and files').inputValue()).toBe(SLUG);
    await page.getByLabel('Name (Spanish)').fill('Lector Estrella');
    await page.getByLabel('Launch address').fill('https://star-reader.test/');
    // The icons are a radio group: a click on the picture picks it, the arrow keys move between them.
    const star = page.getByRole('radio', { name: 'Star' });
    await page.locator('.icon-choice').filter({ has: star }).click();
    expect(await star.isChecked()).toBe(true);
    await star.press('ArrowLeft');
    expect(await page.getByRole('radio', { name: 'Keyboard' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Keyboard' }).press('ArrowRight');
    expect(await star.isChecked()).toBe(true);
    await page.getByLabel('Rule name').fill('Grade 4 at Elementary');

    await page.getByLabel('New condition').selectOption({ label: 'Grade is between' });
    await page.getByRole('button', { name: /^Add the condition/ }).click();
    await page.getByLabel('From grade').selectOption({ label: '4' });
    await page.getByLabel('To grade').selectOption({ label: '4' });
    await page.getByLabel('New condition').selectOption({ label: 'Campus is one of' });
    await page.getByRole('button', { name: /^Add the condition/ }).click();
    await page.getByRole('checkbox', { name: 'Lakeside Elementary' }).check();

    // No Save before the preview; the preview's numbers are the server's.
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Preview the change' }).click();
    const summary = page.locator('.preview-summary');
    await expect
      .poll(() => summary.textContent())
      .toBe(
        `This change gives the tile to ${gradeFour.length} people and takes it from 0. ${gradeFour.length} people will have it.`,
      );
    await page.getByRole('button', { name: /^Show names/ }).click();
    await page.getByText(/\(demo\.student\.g4\) · student · grade 4/).waitFor();
    expect(await page.locator('.preview-people li').count()).toBe(gradeFour.length);
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Star Reader was saved.').waitFor();
    const row = page.getByRole('row', { name: /Star Reader/ });
    expect(await row.getByRole('cell').first().textContent()).toBe('Link');
    await page.close();
  });

  it('gives the tile, with its icon, to a grade-4 student of that campus and not to a grade-5 one', async () => {
    const page = await signedInPage('demo.student.g4');
    const tile = page.locator(`[data-app=${SLUG}]`);
    await tile.waitFor();
    expect(await tile.locator('.tile-icon svg').count()).toBe(1);
    await page.locator('header').getByLabel('Language').selectOption('es');
    await tile.getByText('Lector Estrella').waitFor();
    await page.locator('header').getByLabel('Idioma').selectOption('en');
    await page.close();

    const other = await signedInPage(gradeFiveStudent);
    await other.locator('.tiles').waitFor();
    expect(await other.locator(`[data-app=${SLUG}]`).count()).toBe(0);
    await other.close();
  });

  it('shows the loss before IT saves a narrower rule, and an uploaded icon on the tile', async () => {
    const page = await appsPage();
    await page.getByRole('button', { name: 'Edit (Star Reader)' }).click();
    await page.getByRole('heading', { name: 'Edit Star Reader' }).waitFor();
    await page.getByLabel('From grade').selectOption({ label: '5' });
    await page.getByLabel('To grade').selectOption({ label: '5' });
    await page.getByLabel('Or upload an image (PNG, JPEG or WebP)').setInputFiles({
      name: 'star.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await page.getByRole('button', { name: 'Preview the change' }).click();
    const fives = await previewOf(gradeDraft(5), 'gains');
    await expect
      .poll(() => page.locator('.preview-summary').textContent())
      .toBe(
        `This change gives the tile to ${fives.gains} people and takes it from ${gradeFour.length}. ${fives.gains} people will have it.`,
      );
    await page.getByRole('button', { name: /^Show names.*Lose the tile/ }).click();
    await page.getByText(/\(demo\.student\.g4\) · student · grade 4/).waitFor();
    expect(await wcagViolations(page)).toEqual([]);

    // A change after the preview asks for a new one before Save.
    await page.getByLabel('Name (Spanish)').fill('Lector Estrella 5');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Preview the change' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Star Reader was saved.').waitFor();
    await page.close();

    const student = await signedInPage(gradeFiveStudent);
    const icon = student.locator(`[data-app=${SLUG}] .tile-icon img`);
    await icon.waitFor();
    const src = (await icon.getAttribute('src'))!;
    const served = await student.evaluate(async (url) => {
      const answer = await fetch(url);
      return { status: answer.status, type: answer.headers.get('content-type') };
    }, src);
    expect(served).toEqual({ status: 200, type: 'image/png' });
    await student.close();

    const before = await signedInPage('demo.student.g4');
    await before.locator('.tiles').waitFor();
    expect(await before.locator(`[data-app=${SLUG}]`).count()).toBe(0);
    await before.close();
  });

  it('tells IT plainly when someone else saved the app first, and saves nothing', async () => {
    const page = await appsPage();
    await page.getByRole('button', { name: 'Edit (Star Reader)' }).click();
    await page.getByRole('heading', { name: 'Edit Star Reader' }).waitFor();
    // Someone else saves the app meanwhile.
    const list = (await (await chromium.portal.request.get('/api/admin/catalog/apps', itCookie)).json()) as {
      apps: { id: string; slug: string; version: number }[];
    };
    const app = list.apps.find((candidate) => candidate.slug === SLUG)!;
    const other = await chromium.portal.request.send(
      'PUT',
      `/api/admin/catalog/apps/${app.id}`,
      { draft: { ...gradeDraft(5), description: 'Changed elsewhere' }, version: app.version },
      itCookie,
    );
    expect(other.status).toBe(200);

    await page.getByLabel('Description (English)').fill('My change');
    await page.getByRole('button', { name: 'Preview the change' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/Someone else saved this app after you opened it/)
      .waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reload the app' }).click();
    await expect.poll(() => page.getByLabel('Description (English)').inputValue()).toBe('Changed elsewhere');
    await page.close();
  });

  it('retires and restores an app after a confirmation, and the tile goes and comes back', async () => {
    const page = await appsPage();
    await page.getByRole('button', { name: 'Retire (Star Reader)' }).click();
    await page.getByRole('heading', { name: 'Retire Star Reader?' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Retire the app' }).click();
    await page.getByRole('status').getByText('Star Reader was retired: nobody sees its tile now.').waitFor();
    await page.getByRole('row', { name: /Star Reader \(retired\)/ }).waitFor();

    const student = await signedInPage(gradeFiveStudent);
    await student.locator('.tiles').waitFor();
    expect(await student.locator(`[data-app=${SLUG}]`).count()).toBe(0);
    await student.close();

    const again = await appsPage();
    await again.getByRole('button', { name: 'Restore (Star Reader)' }).click();
    await again.getByRole('button', { name: 'Restore the app' }).click();
    await again
      .getByRole('status')
      .getByText(/^Star Reader was restored/)
      .waitFor();
    await again.close();
    await page.close();

    const back = await signedInPage(gradeFiveStudent);
    await back.locator(`[data-app=${SLUG}]`).waitFor();
    await back.close();
  });

  it('imports a catalog file all or nothing, naming each problem by app and field', async () => {
    const page = await appsPage();
    await page.getByLabel('Filter apps').fill('star reader');
    expect(await page.getByRole('row').count()).toBe(2);
    expect(await page.getByRole('link', { name: 'Export the whole catalog (JSON file)' }).getAttribute('href')).toBe(
      '/api/admin/catalog/export',
    );
    const exported = (await (await chromium.portal.request.get('/api/admin/catalog/export', itCookie)).json()) as {
      apps: (AppDraft & { retired: boolean })[];
    };
    const file = (apps: unknown[]) => ({
      name: 'catalog.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...exported, apps })),
    });
    const renamed = exported.apps.map((app) => (app.slug === SLUG ? { ...app, description: 'Imported words' } : app));
    const broken = [...renamed, { ...renamed.find((app) => app.slug === SLUG)!, slug: 'star-reader-two', name: '' }];

    const picker = page.getByLabel('Import a catalog from a JSON file');
    await picker.setInputFiles(file(broken));
    const alert = page.getByRole('alert');
    await alert.getByText(/Nothing was saved\.$/).waitFor();
    expect(await alert.getByRole('listitem').allTextContents()).toContainEqual(
      expect.stringMatching(/^star-reader-two · name: /),
    );
    expect(await wcagViolations(page)).toEqual([]);
    const unchanged = (await (await chromium.portal.request.get('/api/admin/catalog/export', itCookie)).json()) as {
      apps: AppDraft[];
    };
    expect(unchanged.apps.find((app) => app.slug === SLUG)!.description).toBe('Changed elsewhere');

    await picker.setInputFiles(file(renamed));
    await page.getByRole('status').getByText(`Imported. Added: none. Updated: ${SLUG}. Retired: none.`).waitFor();
    const after = (await (await chromium.portal.request.get('/api/admin/catalog/export', itCookie)).json()) as {
      apps: AppDraft[];
    };
    expect(after.apps.find((app) => app.slug === SLUG)!.description).toBe('Imported words');
    await page.close();
  });

  it('names a person as an exception, found by search, and the preview shows them losing the tile', async () => {
    const page = await appsPage(390);
    await page.getByRole('button', { name: 'Edit (Star Reader)' }).click();
    await page.getByRole('heading', { name: 'Edit Star Reader' }).waitFor();
    await page.getByLabel('New condition').selectOption({ label: 'Named people' });
    await page.getByRole('button', { name: /^Add the condition/ }).click();
    const named = page.getByRole('group', { name: 'Named people' });
    expect(await named.getByRole('radio', { name: /^These people never get the tile/ }).isChecked()).toBe(true);
    await named.getByLabel('Find a person (name or username)').fill(gradeFiveStudent);
    await named.getByRole('radio', { name: new RegExp(`\\(${gradeFiveStudent.replace('.', '\\.')}\\)`) }).check();
    await named.getByRole('button', { name: 'Add the person' }).click();
    await named.getByRole('list', { name: 'People named' }).getByText(`(${gradeFiveStudent})`).waitFor();
    await page.getByRole('button', { name: 'Preview the change' }).click();
    await expect.poll(() => page.locator('.preview-summary').textContent()).toMatch(/and takes it from 1\./);
    await page.getByRole('button', { name: /^Show names.*Lose the tile/ }).click();
    await page.getByText(new RegExp(`\\(${gradeFiveStudent.replace('.', '\\.')}\\) · student · grade 5`)).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await page.close();
  });

  it('registers a SAML app from pasted metadata, picks its attributes, and previews a test person’s assertion', async () => {
    const page = await appsPage(390);
    await page.getByRole('button', { name: 'Edit (Canvas)' }).click();
    const sso = page.getByRole('region', { name: 'SSO sign-in' });
    await sso.getByText('Not registered yet').waitFor();
    await sso.getByRole('radio', { name: 'SAML 2.0' }).check();
    await sso.getByLabel('SP metadata (XML)').fill(spMetadata({ entityId: 'https://canvas.example.test/saml' }));
    await sso.getByLabel('NameID format').selectOption({ label: 'Email address' });
    const claims = sso.getByRole('group', { name: 'What the app receives about each person' });
    await claims.getByRole('checkbox', { name: 'Family name' }).uncheck();
    await claims.getByRole('checkbox', { name: 'Role' }).check();
    await claims.getByLabel('SAML attribute name for Email address').fill('mail');
    await sso.getByRole('button', { name: 'Save the SSO registration' }).click();
    await sso.getByText('Registered as a SAML service provider, version 1.').waitFor();
    await sso.getByText('https://sp.example.test/acs').waitFor();
    const saved = (await chromium.portal.registrations.byAppId('app-canvas'))!;
    expect(saved).toMatchObject({ spEntityId: 'https://canvas.example.test/saml', nameIdFormat: 'emailAddress' });
    expect(saved.claims).toEqual(['email', 'given_name', 'role']);
    expect(saved.attributeNames).toEqual({ email: 'mail' });

    const teacher = (await chromium.portal.directory.findByUsername('demo.teacher'))!;
    await sso.getByRole('searchbox', { name: 'Person' }).fill('demo.teacher');
    await sso.getByRole('radio', { name: /\(demo\.teacher\)/ }).check();
    await sso.getByRole('button', { name: 'Show the assertion' }).click();
    const result = sso.locator('.sso-preview');
    const expected = (await (
      await chromium.portal.request.post('/api/admin/sso/app-canvas/preview', { person: teacher.id }, itCookie)
    ).json()) as { entitled: boolean };
    await result.getByText(expected.entitled ? /The access rules give/ : /The access rules do not give/).waitFor();
    await result.getByRole('row', { name: `mail ${teacher.email}` }).waitFor();
    expect(await result.locator('pre').textContent()).toContain(`>${teacher.email}</saml:NameID>`);
    expect(await wcagViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await page.close();
  });

  it('made no request to any other origin', () => {
    // The chosen icon's preview is a blob of the page's own origin: nothing that leaves the browser.
    const ownBlob = `blob:${chromium.portal.origin}/`;
    expect(chromium.foreignRequests.filter((url) => !url.startsWith(ownBlob))).toEqual([]);
  });
});
