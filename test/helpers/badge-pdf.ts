// Reads printed badge sheets the way an independent scanner would: poppler renders each page, zbar decodes it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DPI = 150;

/** Every QR text zbarimg finds, page by page (a page with none gives []). */
export function decodeBadgePages(pdf: Uint8Array | string): string[][] {
  return withPdf(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', file, path.join(dir, 'page')]);
    const pages = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.png'))
      .sort(byPageNumber);
    return pages.map((name) => zbar(path.join(dir, name)));
  });
}

/** The texts zbarimg reads in one rectangle of one page (pixels at 150 dpi, origin top-left). */
export function decodeBadgeCrop(
  pdf: Uint8Array | string,
  page: number,
  crop: { left: number; top: number; width: number; height: number },
): string[] {
  return withPdf(pdf, (file, dir) => {
    const out = path.join(dir, 'crop');
    const area = ['-x', crop.left, '-y', crop.top, '-W', crop.width, '-H', crop.height].map(String);
    execFileSync('pdftoppm', [
      '-r',
      String(DPI),
      '-png',
      '-singlefile',
      '-f',
      String(page),
      '-l',
      String(page),
      ...area,
      file,
      out,
    ]);
    return zbar(`${out}.png`);
  });
}

export const BADGE_SCAN_DPI = DPI;

/** The PDF's text as pdftotext extracts it. */
export function pdfText(pdf: Uint8Array | string): string {
  return withPdf(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

/** Renders one page to a PNG (to look at, or to feed a fake camera). */
export function renderPage(pdf: Uint8Array | string, page: number, pngPath: string, dpi = DPI): void {
  withPdf(pdf, (file) => {
    const base = pngPath.replace(/\.png$/, '');
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-png',
      '-singlefile',
      '-f',
      String(page),
      '-l',
      String(page),
      file,
      base,
    ]);
  });
}

function zbar(png: string): string[] {
  try {
    const output = execFileSync('zbarimg', ['--nodbus', '--raw', '-q', png], { encoding: 'utf8' });
    return output.split('\n').filter((line) => line.length > 0);
  } catch (error) {
    // zbarimg exits 4 when it finds no code at all.
    if ((error as { status?: number }).status === 4) return [];
    throw error;
  }
}

function withPdf<T>(pdf: Uint8Array | string, use: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-badge-pdf-'));
  try {
    const file = typeof pdf === 'string' ? pdf : path.join(dir, 'sheet.pdf');
    if (typeof pdf !== 'string') fs.writeFileSync(file, pdf);
    return use(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pageNumber = (name: string) => Number(/(\d+)\.png$/.exec(name)?.[1] ?? 0);
const byPageNumber = (a: string, b: string) => pageNumber(a) - pageNumber(b);
