// Turns a printed badge sheet into what Chromium's fake camera shows: page 1 rendered by poppler (as a printer
// would), one label cropped out, padded onto a white 640×480 frame and written as a one-frame Y4M video.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { badgeSlots, rectInPixels } from '../../server/badges/badge-sheet';

export const CAMERA_WIDTH = 640;
export const CAMERA_HEIGHT = 480;
const DPI = 150;

interface RgbImage {
  width: number;
  height: number;
  /** 3 bytes a pixel, rows top to bottom. */
  pixels: Buffer;
}

/** Page 1 of a PDF as poppler renders it (pdftoppm's default PPM: a raw RGB image behind a short text header). */
export function renderFirstPage(pdf: Uint8Array): RgbImage {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-sheet-'));
  try {
    fs.writeFileSync(path.join(dir, 'sheet.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(DPI), '-f', '1', '-l', '1', 'sheet.pdf', 'page'], { cwd: dir });
    const rendered = fs.readdirSync(dir).find((name) => name.endsWith('.ppm'))!;
    return readPpm(fs.readFileSync(path.join(dir, rendered)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readPpm(file: Buffer): RgbImage {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(file.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PPM with 8-bit samples');
  const [whole, width, height] = header;
  return { width: Number(width), height: Number(height), pixels: file.subarray(whole.length) };
}

/** Where label `index` of a labels sheet sits on page 1, in the render's pixels: the sheet's own geometry. */
export function labelInPixels(index: number) {
  return rectInPixels(badgeSlots('labels').slots[index]!.badge, DPI);
}

/** A white camera frame with `area` of `image` in its middle. */
export function frameWith(image: RgbImage, area: { left: number; top: number; width: number; height: number }) {
  const pixels = Buffer.alloc(CAMERA_WIDTH * CAMERA_HEIGHT * 3, 0xff);
  const offsetX = Math.floor((CAMERA_WIDTH - area.width) / 2);
  const offsetY = Math.floor((CAMERA_HEIGHT - area.height) / 2);
  for (let y = 0; y < area.height; y++) {
    const from = ((area.top + y) * image.width + area.left) * 3;
    image.pixels.copy(pixels, ((offsetY + y) * CAMERA_WIDTH + offsetX) * 3, from, from + area.width * 3);
  }
  return { width: CAMERA_WIDTH, height: CAMERA_HEIGHT, pixels };
}

/** One frame as a YUV4MPEG2 file (full-range BT.601, 4:2:0), which Chromium's file-fed fake camera plays. */
export function y4mOf(frame: RgbImage): Buffer {
  const { width, height, pixels } = frame;
  const luma = Buffer.alloc(width * height);
  const chromaU = Buffer.alloc((width / 2) * (height / 2));
  const chromaV = Buffer.alloc((width / 2) * (height / 2));
  const rgb = (x: number, y: number) => {
    const at = (y * width + x) * 3;
    return [pixels[at]!, pixels[at + 1]!, pixels[at + 2]!] as const;
  };
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgb(x, y);
      luma[y * width + x] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
    }
  for (let y = 0; y < height / 2; y++)
    for (let x = 0; x < width / 2; x++) {
      let [r, g, b] = [0, 0, 0];
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const [pr, pg, pb] = rgb(2 * x + dx, 2 * y + dy);
        [r, g, b] = [r + pr / 4, g + pg / 4, b + pb / 4];
      }
      chromaU[y * (width / 2) + x] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      chromaV[y * (width / 2) + x] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  const header = `YUV4MPEG2 W${width} H${height} F1:1 Ip A1:1 C420jpeg\nFRAME\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), luma, chromaU, chromaV]);
}

const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));
