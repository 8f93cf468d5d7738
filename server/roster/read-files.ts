import { promises as fs } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { RosterProblem } from '../../shared/roster';
import type { RosterFiles } from './roster-bundle';

// A roster's CSV files, gathered from a folder, a `.zip` or an upload, with bounded sizes: a zip bomb or a
// runaway export is refused before it is inflated or read whole. Names are base names only, never a full path.

/** How much a bundle may hold. A 200k-student district is ~400 MB of CSV in all, its largest file under 300 MB. */
export interface RosterLimits {
  /** One CSV file, uncompressed (JavaScript strings stop at ~512 MiB). */
  fileBytes: number;
  /** All CSV files together, uncompressed. */
  totalBytes: number;
  /** Entries in an archive, files and folders. */
  entries: number;
}

export const ROSTER_LIMITS: RosterLimits = {
  fileBytes: 500 * 1024 * 1024,
  totalBytes: 800 * 1024 * 1024,
  entries: 10_000,
};

/** The bundle cannot be gathered (too large, not a zip, CSV files in several folders…); nothing was read. */
export class RosterFilesRefused extends Error {
  constructor(readonly problem: RosterProblem) {
    super(problem.message);
  }
}

/** A folder of CSV files, or a `.zip` of them. */
export async function readRosterPath(target: string, limits: RosterLimits = ROSTER_LIMITS): Promise<RosterFiles> {
  const name = path.basename(path.resolve(target)) || 'roster';
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) refuseFiles('unreadable_file', name, `${name}: no such file or folder`);
  if (stat.isDirectory()) return readFolder(target, name, limits);
  if (stat.size > limits.totalBytes) refuseTooLarge(name, stat.size, limits.totalBytes);
  const bytes = await readable(fs.readFile(target), name);
  if (!isZip(bytes)) refuseFiles('unknown_format', name, `${name} is neither a folder nor a .zip archive`);
  return rosterFilesFromZip(bytes, name, limits);
}

/** The CSV files of a `.zip`, at its root or in its one sub-folder; `__MACOSX/` and dot files are skipped. */
export async function rosterFilesFromZip(
  bytes: Buffer,
  name: string,
  limits: RosterLimits = ROSTER_LIMITS,
): Promise<RosterFiles> {
  const archiveName = baseName(name);
  const zip = await JSZip.loadAsync(bytes).catch(() =>
    refuseFiles('unreadable_file', archiveName, `${archiveName} is not a zip archive that can be read`),
  );
  const entries = Object.values(zip.files);
  if (entries.length > limits.entries) {
    refuseFiles('too_large', archiveName, `${archiveName} holds ${entries.length} entries (at most ${limits.entries})`);
  }
  const chosen = chooseCsvFiles(
    entries.filter((entry) => !entry.dir).map((entry) => ({ path: entry.name, item: entry })),
    archiveName,
  );
  let declared = 0;
  for (const { key, item } of chosen) {
    const size = declaredSize(item);
    declared += size;
    if (size > limits.fileBytes) refuseTooLarge(`${archiveName}: ${key}`, size, limits.fileBytes, key);
  }
  if (declared > limits.totalBytes) refuseTooLarge(archiveName, declared, limits.totalBytes);
  const files = new Map<string, Buffer>();
  const budget = { left: limits.totalBytes };
  for (const { key, item } of chosen) files.set(key, await inflateBounded(item, key, archiveName, limits, budget));
  return { name: archiveName, files };
}

/** Files sent from the admin page: one `.zip`, or the CSV files themselves. */
export async function rosterFilesFromUploads(
  uploads: { name: string; bytes: Buffer }[],
  name: string,
  limits: RosterLimits = ROSTER_LIMITS,
): Promise<RosterFiles> {
  const bundleName = baseName(name);
  const [only] = uploads;
  if (uploads.length === 1 && only && (isZip(only.bytes) || /\.zip$/i.test(only.name))) {
    return rosterFilesFromZip(only.bytes, only.name, limits);
  }
  const files = new Map<string, Buffer>();
  let total = 0;
  for (const upload of uploads) {
    const key = baseName(upload.name).toLowerCase();
    if (!key.endsWith('.csv') || key.startsWith('.')) continue;
    if (files.has(key)) refuseFiles('unreadable_file', key, `Two files are named ${key}`);
    if (upload.bytes.length > limits.fileBytes) refuseTooLarge(key, upload.bytes.length, limits.fileBytes, key);
    total += upload.bytes.length;
    files.set(key, upload.bytes);
  }
  if (total > limits.totalBytes) refuseTooLarge(bundleName, total, limits.totalBytes);
  return { name: bundleName, files };
}

async function readFolder(folder: string, name: string, limits: RosterLimits): Promise<RosterFiles> {
  const candidates: { path: string; item: string }[] = [];
  for (const entry of await readable(fs.readdir(folder, { withFileTypes: true }), name)) {
    if (entry.isFile()) candidates.push({ path: entry.name, item: path.join(folder, entry.name) });
    if (!entry.isDirectory() || skipped(entry.name)) continue;
    for (const inner of await readable(
      fs.readdir(path.join(folder, entry.name), { withFileTypes: true }),
      entry.name,
    )) {
      const inside = path.join(folder, entry.name, inner.name);
      if (inner.isFile()) candidates.push({ path: `${entry.name}/${inner.name}`, item: inside });
    }
  }
  const chosen = chooseCsvFiles(candidates, name);
  const sizes = await Promise.all(chosen.map(async ({ key, item }) => (await readable(fs.stat(item), key)).size));
  let total = 0;
  chosen.forEach(({ key }, index) => {
    const size = sizes[index]!;
    if (size > limits.fileBytes) refuseTooLarge(key, size, limits.fileBytes, key);
    total += size;
  });
  if (total > limits.totalBytes) refuseTooLarge(name, total, limits.totalBytes);
  const files = new Map<string, Buffer>();
  for (const { key, item } of chosen) files.set(key, await readable(fs.readFile(item), key));
  return { name, files };
}

/**
 * The CSV files of the shallowest folder that has any, keyed by lower-cased base name. CSV files in two
 * different folders at that depth, or two files whose names differ only in case, are refused: which to read?
 */
function chooseCsvFiles<T>(candidates: { path: string; item: T }[], bundleName: string) {
  const csv = candidates
    .map(({ path: entryPath, item }) => ({ parts: entryPath.split(/[\\/]+/).filter(Boolean), item }))
    .filter(({ parts }) => parts.length > 0 && !parts.some(skipped) && /\.csv$/i.test(parts.at(-1)!));
  if (csv.length === 0) return [];
  const depth = Math.min(...csv.map(({ parts }) => parts.length));
  const top = csv.filter(({ parts }) => parts.length === depth);
  const folders = new Set(top.map(({ parts }) => parts.slice(0, -1).join('/')));
  if (folders.size > 1) {
    const names = [...folders].map((folder) => folder.split('/').at(-1)).join(', ');
    refuseFiles(
      'unreadable_file',
      bundleName,
      `${bundleName} has CSV files in several folders (${names}): one roster at a time`,
    );
  }
  const chosen: { key: string; item: T }[] = [];
  const seen = new Set<string>();
  for (const { parts, item } of top) {
    const key = parts.at(-1)!.toLowerCase();
    if (seen.has(key)) refuseFiles('unreadable_file', key, `${bundleName} has two files named ${key}`);
    seen.add(key);
    chosen.push({ key, item });
  }
  return chosen.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Inflates one entry, stopping as soon as it grows past the bounds whatever its header declared. */
function inflateBounded(
  entry: JSZip.JSZipObject,
  key: string,
  archiveName: string,
  limits: RosterLimits,
  budget: { left: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stream = entry.nodeStream('nodebuffer');
    const stop = (error: Error) => {
      stream.removeAllListeners('data');
      stream.pause();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      budget.left -= chunk.length;
      if (size > limits.fileBytes) return stop(tooLarge(key, size, limits.fileBytes, key, 'at least '));
      if (budget.left < 0) return stop(tooLarge(archiveName, limits.totalBytes - budget.left, limits.totalBytes));
      chunks.push(chunk);
    });
    stream.on('error', () =>
      reject(new RosterFilesRefused(problem('unreadable_file', key, `${key} in ${archiveName} is damaged`))),
    );
    stream.on('end', () => resolve(Buffer.concat(chunks, size)));
  });
}

/** The uncompressed size the archive declares for an entry (JSZip keeps it on a private field). */
function declaredSize(entry: JSZip.JSZipObject): number {
  const size = (entry as unknown as { _data?: { uncompressedSize?: unknown } })._data?.uncompressedSize;
  if (typeof size !== 'number') return 0;
  // JSZip reads the 32-bit field as signed: 3 GB comes back negative.
  return size < 0 ? size + 2 ** 32 : size;
}

/** A file-system error as a refusal naming the file alone: Node's own messages carry the full path. */
async function readable<T>(operation: Promise<T>, file: string): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'it is gone' : code;
    return refuseFiles('unreadable_file', file, `${file} cannot be read (${why ?? 'unknown error'})`);
  }
}

const skipped = (part: string) => part.startsWith('.') || part === '__MACOSX';

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

/** The last component of a path from any system, for names that come from outside. */
const baseName = (name: string) =>
  name
    .split(/[\\/]+/)
    .filter(Boolean)
    .at(-1) ?? 'roster';

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

function problem(code: RosterProblem['code'], file: string, message: string): RosterProblem {
  return { code, file, message };
}

function refuseFiles(code: RosterProblem['code'], file: string, message: string): never {
  throw new RosterFilesRefused(problem(code, file, message));
}

function tooLarge(what: string, size: number, limit: number, file = what, atLeast = '') {
  return new RosterFilesRefused(
    problem(
      'too_large',
      file,
      `${what} is too large: ${atLeast}${megabytes(size)} uncompressed, at most ${megabytes(limit)}`,
    ),
  );
}

function refuseTooLarge(what: string, size: number, limit: number, file = what): never {
  throw tooLarge(what, size, limit, file);
}
