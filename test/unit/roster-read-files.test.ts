// Gathering a roster's files from a folder, a zip or an upload. The threat: a zip bomb or a runaway export
// exhausting the server's memory, so sizes are checked before inflating and again while inflating.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseRoster } from '../../server/roster/parse-roster';
import {
  readRosterPath,
  ROSTER_LIMITS,
  RosterFilesRefused,
  rosterFilesFromUploads,
  rosterFilesFromZip,
  type RosterLimits,
} from '../../server/roster/read-files';
import { POLICY, rosterFixture } from '../helpers/roster-files';

const SMALL: RosterLimits = { fileBytes: 1024 * 1024, totalBytes: 2 * 1024 * 1024, entries: 50 };
const district = rosterFixture('lakeview-oneroster');
let scratch: string;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'gatehouse-roster-files-'));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

async function zipOf(entries: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function districtEntries(prefix = ''): Promise<Record<string, Buffer>> {
  const entries: Record<string, Buffer> = {};
  for (const name of await fs.readdir(district))
    entries[`${prefix}${name}`] = await fs.readFile(path.join(district, name));
  return entries;
}

/** Rewrites the uncompressed size every header declares for the archive's entries. */
function declareSize(zip: Buffer, size: number): Buffer {
  const patched = Buffer.from(zip);
  for (let at = 0; at < patched.length - 4; at++) {
    const signature = patched.readUInt32LE(at);
    if (signature === 0x04034b50) patched.writeUInt32LE(size, at + 22);
    if (signature === 0x02014b50) patched.writeUInt32LE(size, at + 24);
  }
  return patched;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RosterFilesRefused);
  return (error as RosterFilesRefused).problem;
}

describe('roster files', () => {
  it('read a folder into lower-cased base names, named by the folder alone', async () => {
    const files = await readRosterPath(district);
    expect(files.name).toBe('lakeview-oneroster');
    expect([...files.files.keys()]).toEqual([
      'academicsessions.csv',
      'classes.csv',
      'courses.csv',
      'demographics.csv',
      'enrollments.csv',
      'manifest.csv',
      'orgs.csv',
      'users.csv',
    ]);
  });

  it('give the same bundle and hash from a folder, a zip, a zip in a sub-folder and an upload', async () => {
    const fromFolder = parseRoster(await readRosterPath(district), POLICY);
    const zipPath = path.join(scratch, 'lakeview.zip');
    await fs.writeFile(zipPath, await zipOf(await districtEntries()));
    const nested = await zipOf({
      ...(await districtEntries('Lakeview Export 2024/')),
      '__MACOSX/Lakeview Export 2024/._users.csv': 'mac resource fork',
      'Lakeview Export 2024/.DS_Store': 'finder',
      'Lakeview Export 2024/README.txt': 'not a roster file',
    });
    const uploads = Object.entries(await districtEntries()).map(([name, bytes]) => ({ name, bytes }));
    const others = [
      parseRoster(await readRosterPath(zipPath), POLICY),
      parseRoster(await rosterFilesFromZip(nested, 'nested.zip'), POLICY),
      parseRoster(await rosterFilesFromUploads(uploads, 'upload'), POLICY),
    ];
    expect(fromFolder.ok).toBe(true);
    for (const other of others) expect(other).toEqual(fromFolder);
    expect(fromFolder.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('change the hash when one byte of one file changes', async () => {
    const files = await readRosterPath(district);
    const before = parseRoster(files, POLICY).fileHash;
    const users = files.files.get('users.csv')!;
    files.files.set('users.csv', Buffer.concat([users, Buffer.from('\r\n')]));
    expect(parseRoster(files, POLICY).fileHash).not.toBe(before);
  });

  it('refuse a zip whose entries declare more than the bound, before inflating anything', async () => {
    const bomb = declareSize(await zipOf({ 'users.csv': 'sourcedId\r\nu1\r\n' }), 0xf0000000);
    const problem = await refusal(rosterFilesFromZip(bomb, 'bomb.zip'));
    expect(problem).toMatchObject({ code: 'too_large', file: 'users.csv' });
    expect(problem.message).toMatch(/too large/);
  });

  it('refuse a zip bomb that lies about its size, stopping as soon as it inflates past the bound', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024, 0x30);
    const liar = declareSize(await zipOf({ 'users.csv': zeros }), 100);
    expect(liar.length).toBeLessThan(100 * 1024);
    const problem = await refusal(rosterFilesFromZip(liar, 'liar.zip', SMALL));
    expect(problem).toMatchObject({ code: 'too_large', file: 'users.csv' });
    expect(problem.message).toMatch(/at least 2 MB/);
  });

  it('refuse files that are together too large, from a zip, a folder or an upload', async () => {
    const piece = Buffer.alloc(900 * 1024, 0x30);
    const entries = { 'users.csv': piece, 'classes.csv': piece, 'enrollments.csv': piece };
    expect(await refusal(rosterFilesFromZip(await zipOf(entries), 'big.zip', SMALL))).toMatchObject({
      code: 'too_large',
    });
    const folder = path.join(scratch, 'big-folder');
    await fs.mkdir(folder);
    for (const [name, bytes] of Object.entries(entries)) await fs.writeFile(path.join(folder, name), bytes);
    const fromFolder = await refusal(readRosterPath(folder, SMALL));
    expect(fromFolder).toMatchObject({ code: 'too_large', file: 'big-folder' });
    expect(JSON.stringify(fromFolder)).not.toContain(scratch);
    const uploads = Object.entries(entries).map(([name, bytes]) => ({ name, bytes }));
    expect(await refusal(rosterFilesFromUploads(uploads, 'upload', SMALL))).toMatchObject({ code: 'too_large' });
  });

  it('refuse one file over the bound, naming it by its base name', async () => {
    const folder = path.join(scratch, 'one-big-file');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'Enrollments.CSV'), Buffer.alloc(SMALL.fileBytes + 1, 0x30));
    const problem = await refusal(readRosterPath(folder, SMALL));
    expect(problem).toMatchObject({ code: 'too_large', file: 'enrollments.csv' });
    expect(problem.message).not.toContain(scratch);
  });

  it('allow a 200k-student district: about 400 MB of CSV in all', () => {
    expect(ROSTER_LIMITS.totalBytes).toBeGreaterThanOrEqual(400 * 1024 * 1024);
    expect(ROSTER_LIMITS.fileBytes).toBeGreaterThanOrEqual(300 * 1024 * 1024);
  });

  it('refuse CSV files in two different folders of one archive: which roster is it?', async () => {
    const zip = await zipOf({ 'fall/users.csv': 'sourcedId\n', 'spring/users.csv': 'sourcedId\n' });
    expect(await refusal(rosterFilesFromZip(zip, 'two.zip'))).toMatchObject({
      code: 'unreadable_file',
      file: 'two.zip',
    });
  });

  it('refuse two files whose names differ only in case', async () => {
    const zip = await zipOf({ 'users.csv': 'sourcedId\n', 'Users.csv': 'sourcedId\n' });
    expect(await refusal(rosterFilesFromZip(zip, 'twice.zip'))).toMatchObject({ code: 'unreadable_file' });
  });

  it('refuse what is not a zip, and a path that does not exist, by base name', async () => {
    const notZip = path.join(scratch, 'roster.zip');
    await fs.writeFile(notZip, 'sourcedId\n');
    expect(await refusal(readRosterPath(notZip))).toMatchObject({ code: 'unknown_format', file: 'roster.zip' });
    expect(await refusal(rosterFilesFromZip(Buffer.from('PK\u0003\u0004garbage'), 'broken.zip'))).toMatchObject({
      code: 'unreadable_file',
      file: 'broken.zip',
    });
    const missing = await refusal(readRosterPath(path.join(scratch, 'nowhere')));
    expect(missing).toMatchObject({ code: 'unreadable_file', file: 'nowhere' });
    expect(missing.message).not.toContain(scratch);
  });

  it('turn a file-system error into a refusal naming the file alone, never its full path', async () => {
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${district}/users.csv'`), {
      code: 'EACCES',
    });
    const readFile = vi.spyOn(fs, 'readFile').mockRejectedValueOnce(denied);
    try {
      const problem = await refusal(readRosterPath(district));
      expect(problem).toMatchObject({ code: 'unreadable_file' });
      expect(problem.message).toContain('permission denied');
      expect(JSON.stringify(problem)).not.toContain(district);
    } finally {
      readFile.mockRestore();
    }
  });

  it('key uploaded files by base name whatever path the browser sends, and skip what is not CSV', async () => {
    const files = await rosterFilesFromUploads(
      [
        { name: 'C:\\Users\\it\\Desktop\\Users.CSV', bytes: Buffer.from('sourcedId\n') },
        { name: 'export/orgs.csv', bytes: Buffer.from('sourcedId\n') },
        { name: 'notes.txt', bytes: Buffer.from('hello') },
      ],
      '/home/it/uploads/roster',
    );
    expect(files.name).toBe('roster');
    expect([...files.files.keys()]).toEqual(['users.csv', 'orgs.csv']);
  });

  it('read nothing but an unknown format from files that are neither OneRoster nor Clever', async () => {
    const files = await rosterFilesFromUploads([{ name: 'people.csv', bytes: Buffer.from('id\n') }], 'upload');
    const parsed = parseRoster(files, POLICY);
    expect(parsed).toMatchObject({ ok: false, errors: [{ code: 'unknown_format', file: 'upload' }] });
    expect(!parsed.ok && parsed.errors[0]!.message).toContain('people.csv');
  });
});
