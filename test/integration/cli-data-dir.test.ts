// Run from the wrong folder (or with GATEHOUSE_DATA_DIR unset), the CLI used to create a new empty database
// and, for `backup`, report "integrity check: ok" on a backup of nothing. It now refuses, saying where it
// looked and how to point it at the portal's data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { runCli } from '../helpers/run-cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-datadir-'));
function folder(name: string) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  return dir;
}

const EVERY_COMMAND: string[][] = [
  ['explain', 'demo.teacher', 'clever'],
  ['apps'],
  ['backup', path.join(tmp, 'backup.sqlite')],
  ['connectors', 'export', path.join(tmp, 'connectors.json')],
  ['vault', 'export', path.join(tmp, 'vault.csv')],
  ['rotate-key'],
  ['rotate-signing-key'],
  ['rotate-oidc-keys'],
  ['extension-policy', '--portal-url', 'https://my.lakeside.org', '--district', 'Lakeside ISD'],
];

describe('the CLI refuses a data folder without the portal database', () => {
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('every command exits 2 naming the folder and GATEHOUSE_DATA_DIR, and creates nothing', () => {
    const empty = folder('empty');
    for (const args of EVERY_COMMAND) {
      const run = runCli(args, { GATEHOUSE_DATA_DIR: empty });
      expect(run.status, args[0]).toBe(2);
      expect(run.stdout, args[0]).toBe('');
      expect(run.stderr, args[0]).toContain(path.join(empty, 'gatehouse.sqlite'));
      expect(run.stderr, args[0]).toContain('GATEHOUSE_DATA_DIR');
    }
    expect(fs.readdirSync(empty)).toEqual([]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['empty']);
  });

  it('backup run in a folder without a data/ directory does not back up a new empty database', () => {
    const elsewhere = folder('elsewhere');
    const run = runCli(['backup', 'copy.sqlite'], {}, elsewhere);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(path.join(elsewhere, 'data', 'gatehouse.sqlite'));
    expect(run.stdout).not.toContain('integrity check: ok');
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses a file that is not a portal database, leaving it untouched', () => {
    const other = folder('other');
    const file = path.join(other, 'gatehouse.sqlite');
    const foreign = new Database(file);
    foreign.exec('CREATE TABLE notes (text TEXT)');
    foreign.close();
    const before = fs.readFileSync(file);
    const run = runCli(['apps'], { GATEHOUSE_DATA_DIR: other });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('is not a Gatehouse portal database');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('says a command about people or apps needs a district when the database has none', () => {
    const fresh = folder('fresh');
    openDatabase(path.join(fresh, 'gatehouse.sqlite')).$client.close();
    for (const args of [['apps'], ['explain', 'demo.teacher', 'clever'], ['connectors', 'export', 'x.json']]) {
      const run = runCli(args, { GATEHOUSE_DATA_DIR: fresh });
      expect(run.status, args[0]).toBe(2);
      expect(run.stderr, args[0]).toContain('holds no district');
    }
    const policy = runCli(['extension-policy', '--portal-url', 'https://my.lakeside.org'], {
      GATEHOUSE_DATA_DIR: fresh,
      GATEHOUSE_EXTENSION_KEY_FILE: path.join(tmp, 'extension-key.pem'),
    });
    expect(policy.status).toBe(2);
    expect(policy.stderr).toContain('--district is required');
    // A backup of a database without a district is still a backup of the portal's database.
    expect(runCli(['backup', path.join(fresh, 'copy.sqlite')], { GATEHOUSE_DATA_DIR: fresh }).status).toBe(0);
  });
});
