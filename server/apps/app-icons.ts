import { ICON_MAX_BYTES } from '../../shared/catalog-admin';

/** The pictures an uploaded icon may be, told by their first bytes (never by a name or a declared type). */
const SIGNATURES: { type: string; matches: (bytes: Uint8Array) => boolean }[] = [
  { type: 'image/png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    type: 'image/webp',
    matches: (b) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
];

const startsWith = (bytes: Uint8Array, prefix: number[]) =>
  bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);

export type IconCheck =
  { ok: true; dataUrl: string } | { ok: false; code: 'icon_empty' | 'icon_too_large' | 'icon_type'; problem: string };

/**
 * An uploaded icon as the `data:` URL it is stored as. SVG (and anything else) is refused: it can carry script,
 * and a PNG, JPEG or WebP cannot.
 */
export function iconDataUrl(bytes: Uint8Array): IconCheck {
  if (bytes.length === 0) return { ok: false, code: 'icon_empty', problem: 'the file is empty' };
  if (bytes.length > ICON_MAX_BYTES)
    return { ok: false, code: 'icon_too_large', problem: `must be at most ${ICON_MAX_BYTES / 1024} kB` };
  const type = SIGNATURES.find((signature) => signature.matches(bytes))?.type;
  if (!type) return { ok: false, code: 'icon_type', problem: 'must be a PNG, JPEG or WebP picture (not SVG)' };
  return { ok: true, dataUrl: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` };
}

/** The stored picture's type and bytes, to serve; undefined when there is none (or it is not one of ours). */
export function iconFromDataUrl(dataUrl: string): { type: string; bytes: Buffer } | undefined {
  const match = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  return match ? { type: match[1]!, bytes: Buffer.from(match[2]!, 'base64') } : undefined;
}

/** The tile's picture address, when IT uploaded one; the version makes a browser fetch a changed one. */
export const iconUrlOf = (app: { id: string; version: number; iconImage: string }) =>
  app.iconImage === '' ? null : `/api/apps/${encodeURIComponent(app.id)}/icon?v=${app.version}`;
