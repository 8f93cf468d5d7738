// TEMPORARY stand-in for helper P's read-files.ts, so the surfaces compile and run before it is merged.
// When main brings P's file, take main's side of any conflict here.
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { RosterFiles } from './roster-bundle';

const key = (name: string) => path.basename(name).toLowerCase();

export async function rosterFilesFromZip(bytes: Buffer, name: string): Promise<RosterFiles> {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || entry.name.startsWith('__MACOSX/') || key(entry.name).startsWith('.')) continue;
    files.set(key(entry.name), await entry.async('nodebuffer'));
  }
  return { name: path.basename(name), files };
}

export function rosterFilesFromUploads(uploads: { name: string; bytes: Buffer }[], name: string): RosterFiles {
  return { name: path.basename(name), files: new Map(uploads.map((upload) => [key(upload.name), upload.bytes])) };
}

export async function readRosterPath(target: string): Promise<RosterFiles> {
  if (fs.statSync(target).isFile()) return rosterFilesFromZip(fs.readFileSync(target), target);
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(target, { withFileTypes: true }))
    if (entry.isFile() && !entry.name.startsWith('.'))
      files.set(key(entry.name), fs.readFileSync(path.join(target, entry.name)));
  return { name: path.basename(target), files };
}
