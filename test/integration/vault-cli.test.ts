// District IT works from the command line too: the same all-or-nothing imports, the same audited export,
// and key rotation, with errors that say what to fix.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { seedDemoVault } from '../../server/demo/fixture-apps';
import { sqliteStorage } from '../../server/storage/sqlite-storage';
import { seedDemoDistrict } from '../../server/demo/seed';
import { createVaultCipher, ensureVaultKeyFile } from '../../server/vault/cipher';

const CLI = path.resolve('dist/server/cli.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-'));
const keyFile = path.join(dataDir, 'keys', 'vault-keys.json');

async function seed() {
  ensureVaultKeyFile(keyFile);
  const db = openDatabase(path.join(dataDir, 'gatehouse.sqlite'));
  await seedDemoDistrict(sqliteStorage(db), 'not-a-real-hash', Date.now());
  await seedDemoVault(sqliteStorage(db), createVaultCipher({ file: keyFile }), Date.now());
  db.$client.close();
}

/** The caller's environment minus GATEHOUSE_* settings, so a developer's shell cannot change the result. */
const withoutGatehouseSettings = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('GATEHOUSE_')));

let extraEnv: Record<string, string> = {};

function cli(...args: string[]) {
  if (!fs.existsSync(CLI))
    throw new Error('dist/server/cli.js is missing: run `npm run build:server` (npm test does it).');
  const run = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...withoutGatehouseSettings(process.env), GATEHOUSE_DATA_DIR: dataDir, ...extraEnv },
    encoding: 'utf8',
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('the vault and connector CLI', () => {
  beforeAll(seed);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exports connectors to a file that imports unchanged', () => {
    const file = path.join(dataDir, 'connectors.json');
    expect(cli('connectors', 'export', file)).toMatchObject({
      status: 0,
      out: expect.stringContaining('Wrote 7 connectors'),
    });
    expect(cli('connectors', 'import', file)).toMatchObject({ status: 0, out: expect.stringContaining('unchanged 7') });
  });

  it('imports no CSV row when one is bad, naming the line', () => {
    const file = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(
      file,
      'app,scope,owner,username,password,extra\nreading-garden,user,demo.student.g4,a,Pass-1234,\nnope,user,demo.student.g4,a,b,\n',
    );
    const run = cli('vault', 'import', file);
    expect(run.status).toBe(1);
    expect(run.out).toContain('line 3, app: "nope" is not an app in this district');
  });

  it('exports passwords only with a reason', () => {
    const file = path.join(dataDir, 'out.csv');
    const refused = cli('vault', 'export', file, '--with-secrets');
    expect(refused.status).toBe(2);
    expect(refused.out).toContain('--with-secrets needs --reason');
    expect(cli('vault', 'export', file, '--with-secrets', '--reason', 'Yearly vendor sync').status).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('spelling-star,group,org-lakeside-es,lakeside-elementary,Shared-');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('says what is wrong with the configuration, without a stack trace', () => {
    extraEnv = { GATEHOUSE_VAULT_KEYS: '' };
    const run = cli('apps');
    extraEnv = {};
    expect(run.status).toBe(1);
    expect(run.out).toContain('GATEHOUSE_VAULT_KEYS');
    expect(run.out).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('rotates the master key and re-seals every entry', () => {
    const run = cli('rotate-key');
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/New vault key k\d{8}-[0-9a-f]{6}: 8 entries re-sealed, 0 left on older keys/);
    expect(Object.keys(JSON.parse(fs.readFileSync(keyFile, 'utf8')).keys)).toHaveLength(2);
  });
});
