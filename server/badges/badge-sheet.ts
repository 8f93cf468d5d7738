import fs from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PrintScaling, rgb, type Color, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { BadgeLayout, BadgePicture } from '../../shared/badges';
import { translate, type Locale } from '../../shared/i18n';
import { BADGE_PICTURE_DRAWINGS, PICTURE_BOX } from '../../shared/badge-pictures';

// A sheet of badges to print on US Letter: 2-inch square labels or wallet cards. Everything is vector (the QR's
// modules are filled squares), so the code stays sharp on any printer; names are in an embedded DejaVu Sans, so
// Łukasz, Nguyễn Thị Ánh, Дарья and Ελένη print as written (the PDF standard fonts stop at Latin-1).

export interface BadgeToPrint {
  displayName: string;
  /** The name the child knows, printed large; the first word of displayName when absent. */
  givenName?: string | null;
  classTitle: string | null;
  campusName: string;
  /** What the QR holds: the only thing in it. */
  text: string;
  picture: BadgePicture;
  /** `YYYY-MM-DD`, printed on cards as "Expires …". */
  expiresOn: string | null;
}

export interface SheetOptions {
  /** The PDF's title (shown in the viewer's title bar). */
  title: string;
  language: Locale;
}

/** PDF points (1/72 inch), origin at the page's bottom-left corner, as pdf-lib draws. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BadgeSlot {
  /** The label or card: what is cut out. */
  badge: Rect;
  /** The QR with its quiet zone (4 white modules each side): crop this to read one badge. */
  qr: Rect;
}

export interface SheetGeometry {
  pageWidth: number;
  pageHeight: number;
  /** In printing order: left to right, then top to bottom. */
  slots: BadgeSlot[];
}

const INCH = 72;
const LETTER = { width: 8.5 * INCH, height: 11 * INCH };
const QUIET_MODULES = 4;
/**
 * The QR is laid on a grid of 1/150 inch, and its modules are whole steps of it: whole dots at 150, 300 and 600
 * dpi. A module that straddles pixels blurs at its edges, and a decoder reading a whole page then misses about one
 * code in a hundred (measured with zbarimg at 150 dpi); on the grid it missed none in 1,440.
 */
const QR_GRID = INCH / 150;
/** A version-3 code (what a badge text makes at level M) is 29 modules, plus the quiet zone each side. */
const QR_SPAN = 29 + 2 * QUIET_MODULES;

interface Grid {
  columns: number;
  rows: number;
  width: number;
  height: number;
  left: number;
  top: number;
  columnGap: number;
  rowGap: number;
  /** The QR's box (quiet zone included), at least `inset` from the slot's top-left corner. */
  qr: { inset: number; size: number };
}

// Labels: Avery 22806 / 94107, 2" squares, 3 × 4. The side margins and column gaps are 0.625" (0.625·2 + 2·3 +
// 0.625·2 = 8.5); down the page, 0.625" margins leave 0.583" between rows (0.625·2 + 2·4 + 0.583·3 = 11).
// Cards: Avery 8371, 3.5" × 2", 2 × 5, touching, 0.75" side and 0.5" top and bottom margins.
const GRIDS: Record<BadgeLayout, Grid> = {
  labels: {
    columns: 3,
    rows: 4,
    width: 2 * INCH,
    height: 2 * INCH,
    left: 0.625 * INCH,
    top: 0.625 * INCH,
    columnGap: 0.625 * INCH,
    rowGap: (7 / 12) * INCH,
    // Modules of 6/150": the code itself is 1.16" wide.
    qr: { inset: 1, size: QR_SPAN * 6 * QR_GRID },
  },
  cards: {
    columns: 2,
    rows: 5,
    width: 3.5 * INCH,
    height: 2 * INCH,
    left: 0.75 * INCH,
    top: 0.5 * INCH,
    columnGap: 0,
    rowGap: 0,
    // Modules of 8/150": the code itself is 1.55" wide.
    qr: { inset: 0.5, size: QR_SPAN * 8 * QR_GRID },
  },
};

export function badgeSlots(layout: BadgeLayout): SheetGeometry {
  const grid = GRIDS[layout];
  const slots: BadgeSlot[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      const x = grid.left + column * (grid.width + grid.columnGap);
      const top = LETTER.height - grid.top - row * (grid.height + grid.rowGap);
      const badge = { x, y: top - grid.height, width: grid.width, height: grid.height };
      const { inset, size } = grid.qr;
      const qrTop = Math.floor((top - inset) / QR_GRID) * QR_GRID;
      const qrX = Math.ceil((x + inset) / QR_GRID) * QR_GRID;
      slots.push({ badge, qr: { x: qrX, y: qrTop - size, width: size, height: size } });
    }
  }
  return { pageWidth: LETTER.width, pageHeight: LETTER.height, slots };
}

/** A rectangle of the sheet in the pixels of a page rendered at `dpi` (origin top-left), for cropping. */
export function rectInPixels(rect: Rect, dpi: number): { left: number; top: number; width: number; height: number } {
  const scale = dpi / INCH;
  return {
    left: Math.round(rect.x * scale),
    top: Math.round((LETTER.height - rect.y - rect.height) * scale),
    width: Math.round(rect.width * scale),
    height: Math.round(rect.height * scale),
  };
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
const fontFiles = new Map<string, Buffer>();

/** A DejaVu font's bytes (`DejaVuSans.ttf`, `DejaVuSansMono-Bold.ttf`…), read once: every sheet embeds a subset. */
export function dejaVuFont(name: `DejaVu${string}.ttf`): Buffer {
  let bytes = fontFiles.get(name);
  if (!bytes) {
    bytes = fs.readFileSync(fontFile(name));
    fontFiles.set(name, bytes);
  }
  return bytes;
}

function loadFontBytes() {
  return { regular: dejaVuFont('DejaVuSans.ttf'), bold: dejaVuFont('DejaVuSans-Bold.ttf') };
}

export async function renderBadgeSheet(
  badges: readonly BadgeToPrint[],
  layout: BadgeLayout,
  options: SheetOptions,
): Promise<Uint8Array> {
  if (badges.length === 0) throw new RangeError('A badge sheet needs at least one badge.');
  const pdf = await PDFDocument.create();
  describe(pdf, options);
  pdf.registerFontkit(fontkit);
  const bytes = loadFontBytes();
  const fonts = {
    regular: await pdf.embedFont(bytes.regular, { subset: true }),
    bold: await pdf.embedFont(bytes.bold, { subset: true }),
  };
  const { pageWidth, pageHeight, slots } = badgeSlots(layout);
  let page: PDFPage | undefined;
  for (const [index, badge] of badges.entries()) {
    const slot = slots[index % slots.length]!;
    if (index % slots.length === 0) {
      // A campus's sheet takes seconds to draw: between pages the portal answers everyone else.
      await nextTurn();
      page = pdf.addPage([pageWidth, pageHeight]);
    }
    drawBadge(page!, slot, badge, layout, fonts, options.language);
  }
  return pdf.save({ objectsPerTick: OBJECTS_PER_TURN });
}

/** How many PDF objects pdf-lib writes before letting other requests run. */
const OBJECTS_PER_TURN = 200;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The PDF's title, language and maker, and printing at actual size. */
export function describe(pdf: PDFDocument, { title, language }: SheetOptions) {
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setLanguage(language);
  pdf.setCreator('Gatehouse');
  pdf.setProducer('Gatehouse');
  // A sheet shrunk to fit the printer's margins misses the label stock.
  pdf.catalog.getOrCreateViewerPreferences().setPrintScaling(PrintScaling.None);
}

const INK = rgb(0, 0, 0);
const SOFT_INK = rgb(0.25, 0.25, 0.25);
const CUT_LINE = rgb(0.78, 0.78, 0.78);
const WHITE = rgb(1, 1, 1);

function drawBadge(
  page: PDFPage,
  slot: BadgeSlot,
  badge: BadgeToPrint,
  layout: BadgeLayout,
  fonts: Fonts,
  language: Locale,
) {
  const { badge: box } = slot;
  page.drawRectangle({ ...box, borderColor: CUT_LINE, borderWidth: 0.5 });
  drawQr(page, slot.qr, badge.text);
  if (layout === 'labels') drawLabelText(page, slot, badge, fonts);
  else drawCardText(page, slot, badge, fonts, language);
}

/** The code's dark modules as one path of horizontal runs, so neighbours leave no hairline between them. */
function drawQr(page: PDFPage, box: Rect, text: string) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  // Whole grid steps; a longer text (a larger version) gets smaller modules in the same box.
  const moduleSize = Math.floor(box.width / (count + 2 * QUIET_MODULES) / QR_GRID + 1e-9) * QR_GRID;
  let path = '';
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && modules.get(row, column)) column++;
      path += `M${start + QUIET_MODULES} ${row + QUIET_MODULES}h${column - start}v1h${start - column}Z`;
    }
  }
  page.drawSvgPath(path, { x: box.x, y: box.y + box.height, scale: moduleSize, color: INK, borderWidth: 0 });
}

function drawPicture(page: PDFPage, picture: BadgePicture, x: number, top: number, size: number) {
  const drawing = BADGE_PICTURE_DRAWINGS[picture];
  const colour = hexColour(drawing.colour);
  for (const part of drawing.parts) {
    page.drawSvgPath(part.d, {
      x,
      y: top,
      scale: size / PICTURE_BOX,
      color: part.fill === 'white' ? WHITE : colour,
      borderWidth: 0,
    });
  }
}

function hexColour(hex: string): Color {
  const channel = (at: number) => parseInt(hex.slice(at, at + 2), 16) / 255;
  return rgb(channel(1), channel(3), channel(5));
}

const givenNameOf = (badge: BadgeToPrint) =>
  badge.givenName?.trim() || printable(badge.displayName).split(' ')[0] || badge.displayName;

/** Labels: the code top-left, the picture beside it, the first name large and the full name under them. */
function drawLabelText(page: PDFPage, { badge: box, qr }: BadgeSlot, badge: BadgeToPrint, fonts: Fonts) {
  const top = box.y + box.height;
  const column = { x: qr.x + qr.width, width: box.x + box.width - (qr.x + qr.width) - 2 };
  const pictureSize = Math.min(column.width, 38);
  drawPicture(page, badge.picture, column.x + (column.width - pictureSize) / 2, top - 14, pictureSize);
  const textWidth = box.width - 12;
  drawLine(page, givenNameOf(badge), fonts.bold, {
    x: box.x + 6,
    y: box.y + 17,
    maxSize: 18,
    minSize: 9,
    width: textWidth,
  });
  drawLine(page, badge.displayName, fonts.regular, {
    x: box.x + 6,
    y: box.y + 6,
    maxSize: 8,
    minSize: 5,
    width: textWidth,
    color: SOFT_INK,
  });
}

/** Cards: the code on the left; on the right the first name, full name, class, campus, picture and expiry. */
function drawCardText(
  page: PDFPage,
  { badge: box, qr }: BadgeSlot,
  badge: BadgeToPrint,
  fonts: Fonts,
  language: Locale,
) {
  const top = box.y + box.height;
  const x = qr.x + qr.width + 2;
  const width = box.x + box.width - x - 8;
  drawLine(page, givenNameOf(badge), fonts.bold, { x, y: top - 30, maxSize: 22, minSize: 10, width });
  drawLine(page, badge.displayName, fonts.regular, { x, y: top - 45, maxSize: 9, minSize: 6, width });
  const details = [badge.classTitle, badge.campusName].filter((line): line is string => Boolean(line));
  details.forEach((line, index) =>
    drawLine(page, line, fonts.regular, {
      x,
      y: top - 58 - index * 10,
      maxSize: 7.5,
      minSize: 5,
      width,
      color: SOFT_INK,
    }),
  );
  const pictureSize = 44;
  drawPicture(page, badge.picture, box.x + box.width - 8 - pictureSize, box.y + 8 + pictureSize, pictureSize);
  if (badge.expiresOn) {
    const expires = translate(language, 'badgeSheet.expires', { date: printedDate(badge.expiresOn, language) });
    drawLine(page, expires, fonts.regular, {
      x,
      y: top - 60 - details.length * 10,
      maxSize: 7.5,
      minSize: 5,
      width,
    });
  }
}

const DATE_FORMATS = new Map<Locale, Intl.DateTimeFormat>();

/** `2027-06-12` as the reader writes dates: "Jun 12, 2027", "12 jun 2027". */
function printedDate(day: string, language: Locale): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  let format = DATE_FORMATS.get(language);
  if (!format) {
    // Made once: a campus sheet has hundreds of dates, and making a format costs far more than using one.
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    DATE_FORMATS.set(language, format);
  }
  return format.format(date);
}

export interface LineBox {
  x: number;
  /** The baseline. */
  y: number;
  width: number;
  maxSize: number;
  minSize: number;
  color?: Color;
}

/** One line of text, shrunk to fit its width, and cut short with an ellipsis when even the smallest size does not. */
export function drawLine(page: PDFPage, text: string, font: PDFFont, line: LineBox) {
  const fitted = fitText(printable(text), font, line);
  if (!fitted.text) return;
  page.drawText(fitted.text, { x: line.x, y: line.y, size: fitted.size, font, color: line.color ?? INK });
}

/**
 * Composed characters (an SIS export may hold "A" + a combining accent, which the PDF would draw without the
 * accent), without invisible format or control characters, on one line.
 */
const printable = (text: string) =>
  text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

function fitText(text: string, font: PDFFont, line: LineBox): { text: string; size: number } {
  const widthAt = (value: string, size: number) => font.widthOfTextAtSize(value, size);
  // A hair under the exact fit, so rounding never sends a line that fits to the ellipsis.
  const fitting = (0.995 * line.maxSize * line.width) / Math.max(widthAt(text, line.maxSize), 1);
  const size = Math.max(line.minSize, Math.min(line.maxSize, fitting));
  if (widthAt(text, size) <= line.width) return { text, size };
  const characters = Array.from(text);
  while (characters.length > 1 && widthAt(`${characters.join('')}…`, size) > line.width) characters.pop();
  return { text: `${characters.join('').trimEnd()}…`, size };
}
