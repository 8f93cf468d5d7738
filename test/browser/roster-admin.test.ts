// IT's roster page in real Chromium: a .zip chosen in the file input is previewed (nothing applied), applied,
// and shows in the history; a sync that would deactivate too many people is held and applied on approval.
// axe-core finds no WCAG 2.1 A/AA violation at each step, and the page fits a 390 px phone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDirectory } from '../../server/directory/directory';
import { portalInChromium, signedInPage } from '../helpers/browser';
import { wcagViolations } from '../helpers/axe';
import { smallDistrict, zipOf } from '../helpers/roster-district';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-roster-page-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function zipFile(name: string, files: Record<string, string>) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, await zipOf(files));
  return file;
}

describe('the roster page in Chromium', () => {
  const chromium = portalInChromium();
  const person = (username: string) => createDirectory(chromium.portal.storage).findByUsername(username);

  it('previews an uploaded .zip, applies it, and lists it in the history, on a 390 px phone', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.it');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roster' }).click();
    await page.getByRole('heading', { name: 'Roster sync' }).waitFor();
    // The demo district arrived as a roster: its first start's import is the first sync.
    await page.getByText(/^Last good sync: /).waitFor();
    await page
      .getByRole('region', { name: 'Sync history' })
      .getByRole('row', { name: /lakeside-isd-demo/ })
      .filter({ hasText: 'Demo district' })
      .waitFor();
    expect(await wcagViolations(page)).toEqual([]);

    // Preview with nothing chosen says what to do.
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    await page.getByRole('alert').getByText('Choose a .zip file or the .csv files first.').waitFor();

    await page
      .getByLabel('Roster files (.zip, or .csv files)')
      .setInputFiles(await zipFile('district.zip', smallDistrict({ students: 4, mode: 'delta' })));
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    const preview = page.getByRole('region', { name: 'Preview of district.zip' });
    await preview.waitFor();
    await page.getByRole('status').getByText('The preview is ready. Nothing has been applied yet.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('roster-preview-title');
    const people = preview.getByRole('row', { name: /^People/ });
    expect(await people.getByRole('cell').allInnerTexts()).toEqual(['5', '0', '0', '0', '0']);
    await preview.getByText('Stu4 Dent (rs.student4)').waitFor();
    expect(await person('rs.student4')).toBeUndefined();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await wcagViolations(page)).toEqual([]);

    await preview.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'The roster was applied.' }).waitFor();
    expect((await person('rs.student4'))?.status).toBe('active');
    const history = page.getByRole('region', { name: 'Sync history' });
    // The preview is in the history too, as a preview.
    await history
      .getByRole('row', { name: /district\.zip/ })
      .filter({ hasText: 'Preview' })
      .waitFor();
    const row = history.getByRole('row', { name: /district\.zip/ }).filter({ hasText: 'Applied' });
    await row.waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      expect.any(String),
      'Upload',
      'district.zip',
      'Applied',
      expect.stringContaining('People: 5 added'),
      expect.any(String),
    ]);
    await page.getByText(/^Last good sync: /).waitFor();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('holds a sync that would deactivate most people, shows why, and applies it on approval', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.it');
    await page.goto(`${chromium.portal.origin}/admin/roster`);
    // A bulk users.csv without the demo district's people: they would all be deactivated.
    await page
      .getByLabel('Roster files (.zip, or .csv files)')
      .setInputFiles(await zipFile('bulk.zip', smallDistrict({ students: 4 })));
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    const preview = page.getByRole('region', { name: 'Preview of bulk.zip' });
    await preview.getByText('Held for approval:', { exact: true }).waitFor();
    await preview.getByText(/would be held for approval/).waitFor();
    await preview.getByRole('button', { name: 'Apply' }).click();

    await page.getByRole('heading', { name: 'The roster is held for approval. Nothing was applied.' }).waitFor();
    expect((await person('demo.student.g4'))?.status).toBe('active');
    expect(await wcagViolations(page)).toEqual([]);
    const approve = page.getByRole('button', { name: /^Approve and apply sync #\d+$/ }).first();
    await approve.click();
    await page.getByRole('heading', { name: 'The held roster was approved and applied.' }).waitFor();
    expect((await person('demo.student.g4'))?.status).toBe('disabled');
    await page.getByRole('region', { name: 'Sync history' }).getByRole('cell', { name: 'Approved' }).first().waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('names the file, line and column of a refused bundle, in Spanish too', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.it');
    await page.goto(`${chromium.portal.origin}/admin/roster`);
    const users = smallDistrict({ students: 4 })['users.csv'].replace(',role,', ',rank,');
    await page
      .getByLabel('Roster files (.zip, or .csv files)')
      .setInputFiles(await zipFile('broken.zip', smallDistrict({ students: 4, users })));
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    await page.getByRole('heading', { name: /^The roster was refused\./ }).waitFor();
    const errors = page.getByRole('table', { name: /^Errors/ });
    expect(await errors.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).toEqual([
      'users.csv',
      '1',
      'role',
      expect.stringContaining('A required column is missing.'),
    ]);
    expect(await wcagViolations(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: /^Se rechazó el padrón\./ }).waitFor();
    await page
      .getByRole('table', { name: /^Errores/ })
      .getByText('Falta una columna obligatoria.')
      .waitFor();
    await page.getByLabel('Idioma').selectOption('en');
    await page.close();
  });

  it('takes a .zip dropped on the form', async () => {
    const page = await signedInPage(chromium.browser, chromium.portal.origin, 'demo.it');
    await page.goto(`${chromium.portal.origin}/admin/roster`);
    const zip = await zipOf(smallDistrict({ students: 2, prefix: 'dd', mode: 'delta' }));
    const dataTransfer = await page.evaluateHandle(
      (bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.zip', { type: 'application/zip' }));
        return transfer;
      },
      [...zip],
    );
    await page.locator('form[aria-labelledby=roster-upload-title]').dispatchEvent('drop', { dataTransfer });
    await page.getByRole('status').getByText('Files chosen by dropping them: 1.').waitFor();
    await page.getByRole('button', { name: 'Preview the changes' }).click();
    await page.getByRole('region', { name: 'Preview of dropped.zip' }).waitFor();
    await page.close();
  });

  it('made no request to any other origin', () => {
    expect(chromium.foreignRequests).toEqual([]);
  });
});
