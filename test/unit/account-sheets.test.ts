// What a teacher prints so people can get in, read back the way anyone would read it: pdftotext (poppler, an
// independent reader) finds every name, username, password and claim code, in the sheet's language.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  groupedForReading,
  renderClaimLetters,
  renderCredentialsSheet,
  type ClaimLetter,
  type CredentialsRow,
} from '../../server/accounts/account-sheets';
import { newFixedPassword } from '../../server/accounts/fixed-password';
import { pdfText } from '../helpers/badge-pdf';

const NAMES = [
  'Łukasz Nowak',
  'Nguyễn Thị Ánh',
  'Дарья Иванова',
  'José Ñúñez',
  'Zoë O’Brien',
  'Ελένη Παπαδοπούλου',
  'Ana Li',
];
const PORTAL = 'https://sso.lakeside-isd.test';
const pages = async (pdf: Uint8Array) => (await PDFDocument.load(pdf)).getPageCount();

const classOf = (size: number): CredentialsRow[] =>
  Array.from({ length: size }, (_, i) => ({
    displayName: `${NAMES[i % NAMES.length]} ${i}`,
    username: `kid${i}.lakeside`,
    password: i % 5 === 4 ? null : newFixedPassword(),
    classTitle: 'Kindergarten – Room 4 (Ms. García)',
    campusName: 'Lakeside Elementary',
  }));

describe('a credentials sheet', () => {
  const rows = classOf(23);
  const render = (language: 'en' | 'es' = 'en') =>
    renderCredentialsSheet(rows, { portalUrl: PORTAL, language, title: 'Kindergarten – Room 4 (Ms. García)' });

  it('prints every child’s name, username and password on cards of 10 a page, the sign-in address on each', async () => {
    const pdf = await render();
    expect(await pages(pdf)).toBe(3);
    const text = pdfText(pdf);
    for (const row of rows) {
      expect(text).toContain(row.displayName);
      expect(text).toContain(row.username);
      // The two words are drawn in two inks but touch: the reader still sees the password as one word.
      if (row.password) expect(text.split(/\s+/)).toContain(row.password);
    }
    expect(text.match(/Sign in at https:\/\/sso\.lakeside-isd\.test/g)?.length).toBe(23 + 3);
    expect(text).toContain('Page 3 of 3');
    expect((await PDFDocument.load(pdf)).getTitle()).toBe('Kindergarten – Room 4 (Ms. García)');
  });

  it('says “You chose your own password” for a child who chose one, printing nothing in its place', async () => {
    const text = pdfText(await render());
    expect(text.match(/You chose your own password\./g)?.length).toBe(rows.filter((r) => !r.password).length);
    expect(text.match(/^Password$/gm)?.length).toBe(rows.filter((r) => r.password).length);
  });

  it('is in Spanish when asked', async () => {
    const text = pdfText(await render('es'));
    expect(text).toContain('Nombres de usuario y contraseñas');
    expect(text).toContain('Nombre de usuario');
    expect(text).toContain('Contraseña');
    expect(text).toContain('Tú elegiste tu propia contraseña.');
    expect(text).toContain(`Inicia sesión en ${PORTAL}`);
    expect(text).toContain('Página 1 de 3');
    expect(text).not.toContain('Username');
  });

  it('renders a class of 40 quickly, on 4 pages', async () => {
    const started = performance.now();
    const pdf = await renderCredentialsSheet(classOf(40), { portalUrl: PORTAL, language: 'en', title: 'Room 9' });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await pages(pdf)).toBe(4);
  });

  it('refuses an empty class', async () => {
    await expect(renderCredentialsSheet([], { portalUrl: PORTAL, language: 'en', title: 'x' })).rejects.toThrow(
      RangeError,
    );
  });
});

const DEC_16_1030_CHICAGO = Date.UTC(2026, 11, 16, 16, 30);

const lettersFor = (count: number): ClaimLetter[] =>
  Array.from({ length: count }, (_, i) => ({
    displayName: NAMES[i % NAMES.length]!,
    username: `student${i}.lakeside`,
    claimCode: `7KQ4M9XD2HP${'ABCDEFGHJ'[i]}`,
    expiresAt: DEC_16_1030_CHICAGO,
    classTitle: i % 2 ? null : 'Math 7 – Period 2',
    campusName: 'Lakeside Middle',
  }));

describe('claim letters', () => {
  const letters = lettersFor(5);
  const options = { portalUrl: PORTAL, language: 'en' as const, title: 'Claim letters', timeZone: 'America/Chicago' };

  it('print two a page, each with the name, username, grouped claim code, where and until when', async () => {
    const pdf = await renderClaimLetters(letters, options);
    expect(await pages(pdf)).toBe(3);
    const text = pdfText(pdf);
    for (const letter of letters) {
      expect(text).toContain(letter.displayName);
      expect(text).toContain(letter.username);
      expect(text).toContain(groupedForReading(letter.claimCode));
    }
    const count = (pattern: RegExp) => text.match(pattern)?.length;
    expect(count(/Claim your Gatehouse account/g)).toBe(5);
    expect(count(/1\. Go to https:\/\/sso\.lakeside-isd\.test\/claim/g)).toBe(5);
    // It stops at 10:30 on the 16th: the letter promises the whole days before, no more.
    expect(count(/This code works once, until the end of December 15, 2026\./g)).toBe(5);
    expect(count(/Nobody from the school will ever ask you for your password\./g)).toBe(5);
    expect(count(/Cut here/g)).toBe(3);
  });

  it('date the last whole day in the district’s time zone', async () => {
    // 03:00 UTC on the 16th is still the evening of the 15th in Chicago: the 14th is the last whole day there.
    const [late] = lettersFor(1).map((letter) => ({ ...letter, expiresAt: Date.UTC(2026, 11, 16, 3) }));
    const inChicago = pdfText(await renderClaimLetters([late!], options));
    expect(inChicago).toContain('until the end of December 14, 2026.');
    const inUtc = pdfText(await renderClaimLetters([late!], { ...options, timeZone: 'UTC' }));
    expect(inUtc).toContain('until the end of December 15, 2026.');
  });

  it('are in Spanish when asked, dates included', async () => {
    const text = pdfText(await renderClaimLetters(letters, { ...options, language: 'es' }));
    expect(text).toContain('Activa tu cuenta de Gatehouse');
    expect(text).toContain('Código de activación');
    expect(text).toContain(`1. Ve a ${PORTAL}/claim`);
    expect(text).toContain('Este código funciona una sola vez, hasta el 15 de diciembre de 2026 inclusive.');
    expect(text).toContain('Nadie de la escuela te pedirá nunca tu contraseña.');
    expect(text).not.toContain('Claim your');
  });

  it('group a code for reading, and leave one already grouped as it is', () => {
    expect(groupedForReading('7KQ4M9XD2HPT')).toBe('7KQ4-M9XD-2HPT');
    expect(groupedForReading('7KQ4M9XD2H')).toBe('7KQ4-M9XD-2H');
    expect(groupedForReading('7KQ4-M9XD-2HPT')).toBe('7KQ4-M9XD-2HPT');
  });
});

describe('names in any script', () => {
  it('print as their letters, not boxes: every letter has a glyph in the embedded fonts, and reads back', async () => {
    const dejaVu = (name: string) =>
      fontkit.create(fs.readFileSync(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`)));
    const fonts = [dejaVu('DejaVuSans.ttf'), dejaVu('DejaVuSans-Bold.ttf')] as {
      hasGlyphForCodePoint(c: number): boolean;
    }[];
    for (const name of NAMES)
      for (const character of name.normalize('NFC'))
        for (const font of fonts) expect(font.hasGlyphForCodePoint(character.codePointAt(0)!), character).toBe(true);
    const text = pdfText(await renderClaimLetters(lettersFor(7), { portalUrl: PORTAL, language: 'en', title: 't' }));
    for (const name of NAMES) expect(text).toContain(name);
  });
});
