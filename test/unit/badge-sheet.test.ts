// A printed badge sheet, read back the way a classroom would use it: an independent decoder (zbarimg, on pages
// rendered by poppler at 150 dpi) finds every badge and nothing else; names outside Latin-1 are in the text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BADGE_PICTURES, type BadgeLayout } from '../../shared/badges';
import { makeBadgeCode } from '../../server/badges/badge-code';
import { BADGE_PICTURE_DRAWINGS } from '../../shared/badge-pictures';
import { badgeSlots, rectInPixels, renderBadgeSheet, type BadgeToPrint } from '../../server/badges/badge-sheet';
import { BADGE_SCAN_DPI, decodeBadgeCrop, decodeBadgePages, pdfText, renderPage } from '../helpers/badge-pdf';

const NAMES = [
  'Łukasz Nowak',
  'Nguyễn Thị Ánh',
  'Дарья Иванова',
  'Ελένη Παπαδοπούλου',
  'Zoë O’Brien',
  'Maximiliano Alejandro de la Cruz Hernández',
  'Ana Li',
];

const badges: BadgeToPrint[] = Array.from({ length: 25 }, (_, i) => ({
  displayName: NAMES[i % NAMES.length]!,
  classTitle: 'Kindergarten – Room 4 (Ms. García)',
  campusName: 'Lakeside Elementary',
  text: makeBadgeCode().text,
  picture: BADGE_PICTURES[i % BADGE_PICTURES.length]!,
  expiresOn: '2027-06-12',
}));

const sheets = {} as Record<BadgeLayout, Uint8Array>;
const lookDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-badge-sheet-'));

beforeAll(async () => {
  for (const layout of ['labels', 'cards'] as const)
    sheets[layout] = await renderBadgeSheet(badges, layout, { title: 'Badges: Kindergarten', language: 'en' });
});
afterAll(() => fs.rmSync(lookDir, { recursive: true, force: true }));

describe.each([
  { layout: 'labels' as const, perPage: 12 },
  { layout: 'cards' as const, perPage: 10 },
])('a sheet of 25 $layout', ({ layout, perPage }) => {
  it(`has 3 pages of ${perPage}, and the decoder reads back exactly the 25 badges, in the order given`, async () => {
    const pdf = await PDFDocument.load(sheets[layout]);
    expect(pdf.getPageCount()).toBe(3);
    const pages = decodeBadgePages(sheets[layout]);
    const texts = badges.map((badge) => badge.text);
    expect(pages.map((page) => [...page].sort())).toEqual(
      [texts.slice(0, perPage), texts.slice(perPage, 2 * perPage), texts.slice(2 * perPage)].map((page) => page.sort()),
    );
  });

  it('puts each badge in its slot: cropping one QR out of the page reads that badge alone', () => {
    const { slots } = badgeSlots(layout);
    const last = 24 % perPage;
    for (const [page, slot, badge] of [
      [1, 0, 0],
      [2, perPage - 1, 2 * perPage - 1],
      [3, last, 24],
    ] as const) {
      const crop = rectInPixels(slots[slot]!.qr, BADGE_SCAN_DPI);
      expect(decodeBadgeCrop(sheets[layout], page, crop)).toEqual([badges[badge]!.text]);
    }
  });

  it('prints the names outside Latin-1 as text, and carries the title', async () => {
    const text = pdfText(sheets[layout]);
    for (const name of NAMES.slice(0, 5)) expect(text).toContain(name);
    expect((await PDFDocument.load(sheets[layout])).getTitle()).toBe('Badges: Kindergarten');
  });

  it('holds each badge text in its QR only: not as text, nor anywhere in the file', () => {
    const text = pdfText(sheets[layout]);
    const file = Buffer.from(sheets[layout]).toString('latin1');
    for (const badge of badges) {
      const secret = badge.text.split(':')[2]!;
      expect(text).not.toContain(secret);
      expect(file).not.toContain(secret);
    }
  });

  it('renders to a page a person can look at', () => {
    const png = path.join(lookDir, `${layout}.png`);
    renderPage(sheets[layout], 1, png);
    expect(fs.statSync(png).size).toBeGreaterThan(10_000);
  });
});

describe('the slots', () => {
  it.each(['labels', 'cards'] as const)('of %s fit on Letter without overlapping', (layout) => {
    const { pageWidth, pageHeight, slots } = badgeSlots(layout);
    expect([pageWidth, pageHeight]).toEqual([612, 792]);
    for (const { badge, qr } of slots) {
      expect(badge.x).toBeGreaterThanOrEqual(0);
      expect(badge.y).toBeGreaterThanOrEqual(0);
      expect(badge.x + badge.width).toBeLessThanOrEqual(pageWidth + 1e-9);
      expect(badge.y + badge.height).toBeLessThanOrEqual(pageHeight + 1e-9);
      expect(qr.x >= badge.x && qr.y >= badge.y).toBe(true);
      expect(qr.x + qr.width <= badge.x + badge.width && qr.y + qr.height <= badge.y + badge.height).toBe(true);
    }
    for (const [i, a] of slots.entries())
      for (const b of slots.slice(i + 1)) {
        const apart =
          a.badge.x + a.badge.width <= b.badge.x + 1e-9 ||
          b.badge.x + b.badge.width <= a.badge.x + 1e-9 ||
          a.badge.y + a.badge.height <= b.badge.y + 1e-9 ||
          b.badge.y + b.badge.height <= a.badge.y + 1e-9;
        expect(apart).toBe(true);
      }
  });

  // Measured: off the grid, zbarimg misses about one code in a hundred on a whole page (so would a cheap camera
  // more often); on it, none in 1,440. A single sheet rarely shows that, so the grid itself is checked.
  it.each(['labels', 'cards'] as const)(
    'of %s put the QR on a 1/150-inch grid: whole dots at 150, 300, 600 dpi',
    (layout) => {
      const onGrid = (points: number) => Math.abs(points / (72 / 150) - Math.round(points / (72 / 150))) < 1e-6;
      for (const { qr } of badgeSlots(layout).slots) {
        expect([qr.x, qr.y, qr.width].every(onGrid)).toBe(true);
        // 37 modules (a version-3 code and its quiet zone), each a whole number of grid steps.
        expect(onGrid(qr.width / 37)).toBe(true);
      }
    },
  );

  it('are Avery 22806 labels (2" squares, 12) and Avery 8371 cards (3.5" × 2", 10), with a code over 1.1"', () => {
    const labels = badgeSlots('labels').slots;
    const cards = badgeSlots('cards').slots;
    expect(labels).toHaveLength(12);
    expect(labels[0]!.badge).toMatchObject({ x: 45, width: 144, height: 144, y: 792 - 45 - 144 });
    expect(labels[11]!.badge.y).toBeCloseTo(45);
    expect(cards).toHaveLength(10);
    expect(cards[0]!.badge).toMatchObject({ x: 54, width: 252, height: 144, y: 792 - 36 - 144 });
    expect(cards[9]!.badge).toMatchObject({ x: 306, y: 36 });
    // A version-3 code is 29 modules wide, plus 4 quiet modules each side.
    for (const slots of [labels, cards]) expect((slots[0]!.qr.width * 29) / 37).toBeGreaterThan(1.1 * 72);
  });
});

describe('the words on a badge', () => {
  it('say when it expires, in the language asked for', async () => {
    const card = [{ ...badges[0]!, expiresOn: '2027-06-12' }];
    expect(pdfText(await renderBadgeSheet(card, 'cards', { title: 't', language: 'en' }))).toContain(
      'Expires Jun 12, 2027',
    );
    expect(pdfText(await renderBadgeSheet(card, 'cards', { title: 't', language: 'es' }))).toContain(
      'Caduca el 12 jun 2027',
    );
    const forever = [{ ...badges[0]!, expiresOn: null }];
    expect(pdfText(await renderBadgeSheet(forever, 'cards', { title: 't', language: 'en' }))).not.toContain('Expires');
  });

  it('shrink a long name to fit, and cut it short only past the smallest size', async () => {
    const long = {
      ...badges[0]!,
      displayName: 'Wolfeschlegelsteinhausenbergerdorff Ximena Bartholomew-Featherstonehaugh',
    };
    const text = pdfText(await renderBadgeSheet([long], 'labels', { title: 't', language: 'en' }));
    expect(text).toContain('…');
    const fits = { ...badges[0]!, displayName: 'Maximiliano Alejandro de la Cruz' };
    expect(pdfText(await renderBadgeSheet([fits], 'labels', { title: 't', language: 'en' }))).toContain(
      'Maximiliano Alejandro de la Cruz',
    );
  });

  it('print a name the SIS sent decomposed (letters and combining accents) with its accents', async () => {
    const decomposed = 'Nguyễn Thị Ánh'.normalize('NFD');
    const badge = { ...badges[0]!, displayName: `${decomposed}\u200b` };
    const text = pdfText(await renderBadgeSheet([badge], 'labels', { title: 't', language: 'en' }));
    expect(text).toContain('Nguyễn Thị Ánh'.normalize('NFC'));
  });

  it('print the given name large when there is one', async () => {
    const badge = { ...badges[0]!, displayName: 'Nguyễn Thị Ánh', givenName: 'Ánh' };
    const lines = pdfText(await renderBadgeSheet([badge], 'labels', { title: 't', language: 'en' })).split('\n');
    expect(lines).toContain('Ánh');
  });

  it('refuse to make an empty sheet', async () => {
    await expect(renderBadgeSheet([], 'labels', { title: 't', language: 'en' })).rejects.toThrow(RangeError);
  });
});

/** CIE L*a*b* of an sRGB `#RRGGBB` (D65). */
function lab(hex: string): [number, number, number] {
  const linear = (at: number) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
  };
  const [r, g, b] = [linear(1), linear(3), linear(5)];
  const f = (v: number) => (v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

describe('the pictures', () => {
  it('are 16, each in a colour a child can tell from every other one, dark enough to print', () => {
    const colours = BADGE_PICTURES.map((picture) => BADGE_PICTURE_DRAWINGS[picture].colour);
    for (const colour of colours) {
      expect(colour).toMatch(/^#[0-9A-F]{6}$/);
      expect(lab(colour)[0]).toBeLessThan(90);
    }
    const closest = Math.min(
      ...colours.flatMap((a, i) =>
        colours.slice(i + 1).map((b) => Math.hypot(...lab(a).map((v, k) => v - lab(b)[k]!))),
      ),
    );
    expect(closest).toBeGreaterThanOrEqual(20);
  });
});
