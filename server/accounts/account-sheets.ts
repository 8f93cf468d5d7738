import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { translate, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
import { dejaVuFont, describe as describePdf, drawLine, type LineBox } from '../badges/badge-sheet';
import { fixedPasswordParts } from './fixed-password';

// What a teacher prints so people can get in: a class's credentials sheet (cards to cut out, one per PreK-5 child)
// and claim letters (one per half page, for everyone who chooses their own password). US Letter, names in an
// embedded DejaVu Sans so every script prints; usernames, passwords and codes in DejaVu Sans Mono, whose 0/O and
// 1/l/I cannot be taken for each other.

/** One child's line on a class's credentials sheet. `password` null: they chose their own (not printed). */
export interface CredentialsRow {
  displayName: string;
  username: string;
  password: string | null;
  classTitle: string | null;
  campusName: string;
}

/** One person's claim letter: what they need to claim their account, once. */
export interface ClaimLetter {
  displayName: string;
  username: string;
  claimCode: string;
  expiresAt: number;
  classTitle: string | null;
  campusName: string;
}

export interface SheetOptions {
  /** Where people sign in, printed on every sheet. */
  portalUrl: string;
  language: Locale;
  /** The sheet's heading: the class or campus, e.g. "Room 4 — Kindergarten". */
  title: string;
  /** The district's time zone (IANA), for the date a claim code stops; the server's own when absent. */
  timeZone?: string;
}

const INCH = 72;
const PAGE = { width: 8.5 * INCH, height: 11 * INCH };
const MARGIN = 0.5 * INCH;
const INK = rgb(0, 0, 0);
const SOFT_INK = rgb(0.3, 0.3, 0.3);
const CUT_LINE = rgb(0.7, 0.7, 0.7);
/** A fixed password's second word: still dark on a black-and-white printer, but plainly not the first word's ink. */
const SECOND_WORD_INK = rgb(0.05, 0.35, 0.75);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

interface Sheet {
  pdf: PDFDocument;
  fonts: Fonts;
  say: (key: MessageKey, params?: MessageParams) => string;
}

async function startSheet(options: SheetOptions): Promise<Sheet> {
  const pdf = await PDFDocument.create();
  describePdf(pdf, options);
  pdf.registerFontkit(fontkit);
  const embed = (name: Parameters<typeof dejaVuFont>[0]) => pdf.embedFont(dejaVuFont(name), { subset: true });
  const fonts = {
    regular: await embed('DejaVuSans.ttf'),
    bold: await embed('DejaVuSans-Bold.ttf'),
    mono: await embed('DejaVuSansMono-Bold.ttf'),
  };
  return { pdf, fonts, say: (key, params) => translate(options.language, key, params) };
}

/** How many PDF objects pdf-lib writes before letting other requests run. */
const OBJECTS_PER_TURN = 200;
/** A campus's letters take a while to draw: between pages the portal answers everyone else. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const pageCount = (items: number, perPage: number) => Math.max(1, Math.ceil(items / perPage));

// --- The credentials sheet: a heading, then 2 × 5 cards a page. ---

const CARD_COLUMNS = 2;
const CARD_ROWS = 5;
const CARDS_PER_PAGE = CARD_COLUMNS * CARD_ROWS;
const HEADER_HEIGHT = 0.95 * INCH;
const CARD = {
  width: (PAGE.width - 2 * MARGIN) / CARD_COLUMNS,
  height: (PAGE.height - 2 * MARGIN - HEADER_HEIGHT) / CARD_ROWS,
};
const CARD_PADDING = 12;
/** Where the username and password values start: after their labels, in a column of their own. */
const VALUE_INSET = 1.15 * INCH;

/** A class's credentials sheet (PDF): name, username and password for each child, large enough to copy. */
export async function renderCredentialsSheet(
  rows: readonly CredentialsRow[],
  options: SheetOptions,
): Promise<Uint8Array> {
  if (rows.length === 0) throw new RangeError('A credentials sheet needs at least one child.');
  const sheet = await startSheet(options);
  const pages = pageCount(rows.length, CARDS_PER_PAGE);
  let page: PDFPage | undefined;
  for (const [index, row] of rows.entries()) {
    const slot = index % CARDS_PER_PAGE;
    if (slot === 0) {
      await nextTurn();
      page = sheet.pdf.addPage([PAGE.width, PAGE.height]);
      drawCredentialsHeader(page, sheet, options, index / CARDS_PER_PAGE + 1, pages);
    }
    drawCard(page!, sheet, options, row, slot);
  }
  return sheet.pdf.save({ objectsPerTick: OBJECTS_PER_TURN });
}

function drawCredentialsHeader(page: PDFPage, { fonts, say }: Sheet, options: SheetOptions, at: number, of: number) {
  const top = PAGE.height - MARGIN;
  const width = PAGE.width - 2 * MARGIN;
  const pageLabel = say('sheet.page', { page: at, pages: of });
  const pageLabelWidth = fonts.regular.widthOfTextAtSize(pageLabel, 9);
  drawLine(page, options.title, fonts.bold, {
    x: MARGIN,
    y: top - 16,
    width: width - pageLabelWidth - 12,
    maxSize: 16,
    minSize: 9,
  });
  page.drawText(pageLabel, { x: PAGE.width - MARGIN - pageLabelWidth, y: top - 16, size: 9, font: fonts.regular });
  const heading = `${say('sheet.credentials.heading')} · ${say('sheet.signInAt', { url: options.portalUrl })}`;
  drawLine(page, heading, fonts.regular, { x: MARGIN, y: top - 34, width, maxSize: 11, minSize: 7 });
  drawLine(page, say('sheet.credentials.howTo'), fonts.regular, {
    x: MARGIN,
    y: top - 50,
    width,
    maxSize: 9,
    minSize: 6,
    color: SOFT_INK,
  });
}

function drawCard(page: PDFPage, { fonts, say }: Sheet, options: SheetOptions, row: CredentialsRow, slot: number) {
  const column = slot % CARD_COLUMNS;
  const cardRow = Math.floor(slot / CARD_COLUMNS);
  const x = MARGIN + column * CARD.width;
  const top = PAGE.height - MARGIN - HEADER_HEIGHT - cardRow * CARD.height;
  page.drawRectangle({
    x,
    y: top - CARD.height,
    width: CARD.width,
    height: CARD.height,
    borderColor: CUT_LINE,
    borderWidth: 0.75,
    borderDashArray: [4, 3],
  });
  const left = x + CARD_PADDING;
  const width = CARD.width - 2 * CARD_PADDING;
  const line = linesIn(left, top, width);
  drawLine(page, row.displayName, fonts.bold, line(26, 18, { minSize: 9 }));
  const where = [row.classTitle, row.campusName].filter(Boolean).join(' · ');
  drawLine(page, where, fonts.regular, line(40, 8, { minSize: 5, color: SOFT_INK }));
  drawLabelledValue(page, fonts, say('sheet.username'), [row.username], { left, top: top - 66, width });
  if (row.password === null) drawLine(page, say('sheet.ownPassword'), fonts.regular, line(94, 11, { x: left, width }));
  else
    drawLabelledValue(page, fonts, say('sheet.password'), fixedPasswordParts(row.password), {
      left,
      top: top - 94,
      width,
    });
  drawLine(page, say('sheet.signInAt', { url: options.portalUrl }), fonts.regular, {
    x: left,
    y: top - CARD.height + 10,
    width,
    maxSize: 8,
    minSize: 5,
    color: SOFT_INK,
  });
}

/** "Username   ana.ortiz": the label small on the left, the value (in parts) large in the mono font beside it. */
function drawLabelledValue(
  page: PDFPage,
  fonts: Fonts,
  label: string,
  value: readonly string[],
  at: { left: number; top: number; width: number },
) {
  drawLine(page, label, fonts.regular, {
    x: at.left,
    y: at.top,
    width: VALUE_INSET - 6,
    maxSize: 9,
    minSize: 6,
    color: SOFT_INK,
  });
  drawInParts(page, fonts.mono, value, {
    x: at.left + VALUE_INSET,
    y: at.top,
    width: at.width - VALUE_INSET,
    maxSize: 17,
    minSize: 8,
  });
}

/** Parts of one word drawn touching (a reader or pdftotext still sees one word), every other one in a second ink. */
function drawInParts(page: PDFPage, font: PDFFont, parts: readonly string[], line: LineBox) {
  const text = parts.join('');
  const fitting = (0.995 * line.maxSize * line.width) / Math.max(font.widthOfTextAtSize(text, line.maxSize), 1);
  const size = Math.min(line.maxSize, fitting);
  if (parts.length === 1 || size < line.minSize) return drawLine(page, text, font, line);
  let x = line.x;
  parts.forEach((part, index) => {
    const color = index % 2 === 1 ? SECOND_WORD_INK : INK;
    page.drawText(part, { x, y: line.y, size, font, color });
    x += font.widthOfTextAtSize(part, size);
  });
}

// --- Claim letters: two a page, a dashed cut line between them. ---

const LETTERS_PER_PAGE = 2;
const LETTER_HEIGHT = PAGE.height / LETTERS_PER_PAGE;
const LETTER_MARGIN = 0.75 * INCH;

/** Claim letters (PDF), one per person, to hand out and keep private: username, claim code, where and by when. */
export async function renderClaimLetters(letters: readonly ClaimLetter[], options: SheetOptions): Promise<Uint8Array> {
  if (letters.length === 0) throw new RangeError('Claim letters need at least one person.');
  const sheet = await startSheet(options);
  const lastDay = lastFullDayFormat(options);
  let page: PDFPage | undefined;
  for (const [index, letter] of letters.entries()) {
    const half = index % LETTERS_PER_PAGE;
    if (half === 0) {
      await nextTurn();
      page = sheet.pdf.addPage([PAGE.width, PAGE.height]);
      drawCutLine(page, sheet);
    }
    drawLetter(page!, sheet, options, letter, PAGE.height - half * LETTER_HEIGHT, lastDay);
  }
  return sheet.pdf.save({ objectsPerTick: OBJECTS_PER_TURN });
}

function drawCutLine(page: PDFPage, { fonts, say }: Sheet) {
  const label = `✂ ${say('sheet.claim.cutHere')}`;
  const size = 7;
  const labelWidth = fonts.regular.widthOfTextAtSize(label, size);
  const y = LETTER_HEIGHT;
  const dashed = { thickness: 0.75, color: CUT_LINE, dashArray: [5, 4] };
  page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE.width - MARGIN - labelWidth - 8, y }, ...dashed });
  page.drawText(label, { x: PAGE.width - MARGIN - labelWidth, y: y - 2.5, size, font: fonts.regular, color: SOFT_INK });
}

function drawLetter(
  page: PDFPage,
  { fonts, say }: Sheet,
  options: SheetOptions,
  letter: ClaimLetter,
  top: number,
  lastDay: (expiresAt: number) => string,
) {
  const left = LETTER_MARGIN;
  const width = PAGE.width - 2 * LETTER_MARGIN;
  const line = linesIn(left, top, width);
  drawLine(page, say('sheet.claim.title'), fonts.bold, line(62, 20));
  drawLine(page, letter.displayName, fonts.bold, line(92, 16, { minSize: 9 }));
  const where = [letter.classTitle, letter.campusName].filter(Boolean).join(' · ');
  drawLine(page, where, fonts.regular, line(107, 9, { minSize: 6, color: SOFT_INK }));

  const valueX = left + 1.6 * INCH;
  const label = (text: string, y: number) =>
    drawLine(page, text, fonts.regular, line(y, 11, { width: valueX - left - 8, color: SOFT_INK }));
  label(say('sheet.username'), 142);
  drawLine(page, letter.username, fonts.mono, line(142, 18, { x: valueX, width: left + width - valueX, minSize: 8 }));
  label(say('sheet.claim.code'), 180);
  const code = groupedForReading(letter.claimCode);
  drawLine(page, code, fonts.mono, line(180, 26, { x: valueX, width: left + width - valueX, minSize: 10 }));

  const claimUrl = `${options.portalUrl.replace(/\/+$/, '')}/claim`;
  const steps: [MessageKey, MessageParams?][] = [
    ['sheet.claim.stepGo', { url: claimUrl }],
    ['sheet.claim.stepType'],
    ['sheet.claim.stepChoose'],
  ];
  steps.forEach(([key, params], index) => drawLine(page, say(key, params), fonts.regular, line(216 + index * 18, 12)));
  drawLine(page, say('sheet.claim.expires', { date: lastDay(letter.expiresAt) }), fonts.bold, line(284, 12));
  let y = 310;
  for (const text of wrap(say('sheet.claim.private'), fonts.regular, 10.5, width)) {
    drawLine(page, text, fonts.regular, line(y, 10.5));
    y += 14;
  }
}

/** A claim code in groups of four (`7KQ4M9XD2HPT` → `7KQ4-M9XD-2HPT`); one already grouped is left as it is. */
export function groupedForReading(code: string): string {
  if (!/^[A-Za-z0-9]{6,}$/.test(code)) return code;
  return code.match(/.{1,4}/g)!.join('-');
}

/**
 * The last whole day a code works, in the district's time zone: a code that stops at 10:30 on the 16th is
 * printed "until the end of the 15th", so nobody plans to use it on a day it may already have stopped.
 */
function lastFullDayFormat({ language, timeZone }: SheetOptions): (expiresAt: number) => string {
  const dayOf = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  const printed = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
  return (expiresAt) => {
    const parts = dayOf.formatToParts(expiresAt);
    const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
    // Noon UTC of the day before, printed in UTC: the calendar day itself, whatever the zone.
    return printed.format(Date.UTC(part('year'), part('month') - 1, part('day') - 1, 12));
  };
}

/** Words on as few lines as fit `width` at `size`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

/** Boxes for the lines of one card or letter: `y` points down from its top, shrinking to fit from `maxSize`. */
function linesIn(left: number, top: number, width: number) {
  return (y: number, maxSize: number, extra: Partial<LineBox> = {}): LineBox => ({
    x: left,
    y: top - y,
    width,
    maxSize,
    minSize: Math.min(maxSize, 7),
    ...extra,
  });
}
