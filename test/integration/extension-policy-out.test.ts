// The README's recipe saved `extension-policy --policy-file > gatehouse.json`: when the command failed, the
// shell had already made an empty file, and the next step copied it into Chrome's policy folder. With
// `--out FILE` the command writes the file itself, and only once it has the whole policy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { sqliteStorage } from '../../server/storage/sqlite-storage';
import { seedDemoDistrict } from '../../server/demo/seed';
import { ensureExtensionKey } from '../../server/extension/deployment/extension-key';
import { extensionPolicies } from '../../server/extension/deployment/policy';
import { createManagedDeviceSecrets } from '../../server/extension/managed-device-secrets';
import { runCli } from '../helpers/run-cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-policy-out-'));
const dataDir = path.join(tmp, 'data');
const db = openDatabase(path.join(dataDir, 'gatehouse.sqlite'));
await seedDemoDistrict(sqliteStorage(db), 'not-a-real-hash', Date.now());
db.$client.close();
const env = { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_EXTENSION_DIST_DIR: path.join(tmp, 'dist') };

describe('extension-policy --out', () => {
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes the whole policy file and says where', () => {
    const file = path.join(tmp, 'gatehouse.json');
    const run = runCli(['extension-policy', '--policy-file', '--out', file], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Wrote ${file}`);
    // It holds the managed-device secret: the owner's only, until installed in Chrome's policy folder.
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const { extensionId } = ensureExtensionKey(path.join(dataDir, 'keys', 'extension-key.pem'));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(
      extensionPolicies({
        extensionId,
        portalUrl: 'http://127.0.0.1:8787',
        districtName: 'Lakeside ISD',
        deviceSecret: createManagedDeviceSecrets({
          file: path.join(dataDir, 'keys', 'managed-device-secrets.json'),
        }).current(),
      }).linuxPolicy,
    );
  });

  it('writes nothing when the command fails, and leaves an earlier file as it was', () => {
    const fresh = path.join(tmp, 'fresh.json');
    const refused = runCli(
      ['extension-policy', '--policy-file', '--portal-url', 'http://portal.org', '--out', fresh],
      env,
    );
    expect(refused.status).toBe(2);
    expect(fs.existsSync(fresh)).toBe(false);

    const earlier = path.join(tmp, 'earlier.json');
    fs.writeFileSync(earlier, '{"kept":true}\n');
    const wrongFolder = runCli(['extension-policy', '--policy-file', '--out', earlier], {
      GATEHOUSE_DATA_DIR: path.join(tmp, 'not-the-data-dir'),
    });
    expect(wrongFolder.status).toBe(2);
    expect(fs.readFileSync(earlier, 'utf8')).toBe('{"kept":true}\n');
    expect(fs.readdirSync(tmp).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('names --out when it has no value', () => {
    const run = runCli(['extension-policy', '--out'], env);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--out needs a value');
  });
});
