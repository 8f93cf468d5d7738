// The database holds the whole directory and the sealed vault. Like the key files, it and its WAL and shared
// memory files must be readable by the portal's account only, whatever the umask, and so must its folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { ensureExtensionKey } from '../../server/extension/deployment/extension-key';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-modes-'));
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const databaseFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];

describe('database file modes', () => {
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('creates a fresh data folder 0700 and gatehouse.sqlite, -wal and -shm 0600, even with umask 022', () => {
    const dataDir = path.join(tmp, 'fresh', 'data');
    const file = path.join(dataDir, 'gatehouse.sqlite');
    const umask = process.umask(0o022);
    try {
      const db = openDatabase(file);
      expect(databaseFiles(file).map(modeOf)).toEqual([0o600, 0o600, 0o600]);
      expect(modeOf(dataDir)).toBe(0o700);
      db.$client.close();
    } finally {
      process.umask(umask);
    }
  });

  it('keeps the data folder 0700 when the extension build created it first, for its key', () => {
    const dataDir = path.join(tmp, 'built-first', 'data');
    ensureExtensionKey(path.join(dataDir, 'keys', 'extension-key.pem'));
    openDatabase(path.join(dataDir, 'gatehouse.sqlite')).$client.close();
    expect([dataDir, path.join(dataDir, 'keys')].map(modeOf)).toEqual([0o700, 0o700]);
  });

  it('tightens a database left readable by everyone by an older version', () => {
    const file = path.join(tmp, 'older', 'gatehouse.sqlite');
    openDatabase(file).$client.close();
    fs.chmodSync(file, 0o644);
    const db = openDatabase(file);
    expect(databaseFiles(file).map(modeOf)).toEqual([0o600, 0o600, 0o600]);
    db.$client.close();
  });
});
