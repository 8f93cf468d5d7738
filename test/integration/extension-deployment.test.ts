// District IT force-installs the extension from the portal itself (Google Admin, "From a custom URL"). The id
// must be the one Chrome derives from the signing key, or no policy names the installed extension; Chrome
// must find the version and the CRX in the update manifest; the policies IT pastes must configure it; and
// a bad portal URL must be refused before IT deploys it. None of this needs a browser or a real build.
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../../server/storage/sqlite-storage';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/connection';
import { seedDemoDistrict } from '../../server/demo/seed';
import { BOOKMARKS_REPAIRED } from '../../server/extension/deployment/bookmark-repairs';
import { ensureExtensionKey } from '../../server/extension/deployment/extension-key';
import { packCrx } from '../../server/extension/deployment/pack-crx';
import { parsePolicyArgs, resolvePolicies } from '../../server/extension/deployment/policy-command';
import { extensionPolicies } from '../../server/extension/deployment/policy';
import { updateManifestXml } from '../../server/extension/deployment/update-manifest';
import { createManagedDeviceSecrets, ensureDeviceSecretFile } from '../../server/extension/managed-device-secrets';
import { managedConfigSchema } from '../../shared/managed-config';
import { createTestPortal, PUBLIC_URL, signIn } from '../helpers/test-portal';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-extension-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const keyFile = path.join(tmp, 'keys', 'extension-key.pem');

/** Chrome's algorithm, written apart from the code under test: SHA-256 of the SPKI, 16 bytes, nibble → a..p. */
function chromeExtensionId(pem: string): string {
  const spki = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
  const bytes = createHash('sha256').update(spki).digest().subarray(0, 16);
  const letter = (nibble: number) => 'abcdefghijklmnop'[nibble]!;
  return [...bytes].map((byte) => letter(byte >> 4) + letter(byte & 15)).join('');
}

describe('the extension signing key', () => {
  it('is created once (RSA 2048, PKCS#8, mode 600) and gives the id Chrome derives from it', () => {
    const newKeyFile = path.join(tmp, 'fresh', 'keys', 'extension-key.pem');
    const first = ensureExtensionKey(newKeyFile);
    expect(first.created).toBe(true);
    const pem = fs.readFileSync(newKeyFile, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(createPrivateKey(pem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(fs.statSync(newKeyFile).mode & 0o777).toBe(0o600);

    expect(first.extensionId).toMatch(/^[a-p]{32}$/);
    expect(first.extensionId).toBe(chromeExtensionId(pem));
    const spki = createPublicKey(pem).export({ type: 'spki', format: 'der' });
    expect(first.manifestKey).toBe(spki.toString('base64'));

    const again = ensureExtensionKey(newKeyFile);
    expect(again).toMatchObject({ created: false, extensionId: first.extensionId, manifestKey: first.manifestKey });
    expect(fs.readFileSync(newKeyFile, 'utf8')).toBe(pem);
  });
});

/** The length-delimited fields of a protobuf message, by field number (all a CRX3 header uses). */
function protobufFields(message: Buffer): Map<number, Buffer[]> {
  const fields = new Map<number, Buffer[]>();
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = message[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < message.length) {
    const tag = varint();
    if ((tag & 7) !== 2) throw new Error(`unexpected wire type in field ${tag >> 3}`);
    const length = varint();
    fields.set(Math.floor(tag / 8), [...(fields.get(Math.floor(tag / 8)) ?? []), message.subarray(at, at + length)]);
    at += length;
  }
  return fields;
}

describe('the packed CRX', () => {
  it('is a CRX3 that Chrome accepts for the key: its id, public key and RSA signature over header and zip', async () => {
    const dir = path.join(tmp, 'unpacked');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ manifest_version: 3, name: 'Test', version: '1.0.0' }),
    );
    fs.writeFileSync(path.join(dir, 'background.js'), 'self.ready = true;');
    const key = ensureExtensionKey(keyFile);
    const crxFile = path.join(tmp, 'test.crx');
    expect(await packCrx(dir, keyFile, crxFile)).toBe(key.extensionId);

    // components/crx_file/crx3.proto: "Cr24", version 3, header length, CrxFileHeader, then the zip.
    const crx = fs.readFileSync(crxFile);
    expect(crx.subarray(0, 4).toString('latin1')).toBe('Cr24');
    expect(crx.readUInt32LE(4)).toBe(3);
    const headerEnd = 12 + crx.readUInt32LE(8);
    const header = protobufFields(crx.subarray(12, headerEnd));
    const archive = crx.subarray(headerEnd);
    expect(archive.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));

    const signedData = header.get(10000)![0]!;
    const spki = createPublicKey(fs.readFileSync(keyFile, 'utf8')).export({ type: 'spki', format: 'der' });
    const crxId = protobufFields(signedData).get(1)![0]!;
    expect(crxId).toEqual(createHash('sha256').update(spki).digest().subarray(0, 16));

    const proof = protobufFields(header.get(2)![0]!); // sha256_with_rsa
    expect(proof.get(1)![0]).toEqual(spki);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(signedData.length);
    const signed = Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), length, signedData, archive]);
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify('sha256', signed, publicKey, proof.get(2)![0]!)).toBe(true);
  });
});

describe('the update manifest', () => {
  it('names the app, its version and where its CRX is, in the gupdate format', () => {
    const xml = updateManifestXml({
      extensionId: 'abcdefghijklmnopabcdefghijklmnop',
      version: '1.2.3',
      codebase: 'https://my.lakeside.org/extension/gatehouse.crx',
    });
    expect(xml).toMatch(/^<\?xml version='1\.0' encoding='UTF-8'\?>\n/);
    expect(xml).toContain("<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>");
    expect(xml).toContain("<app appid='abcdefghijklmnopabcdefghijklmnop'>");
    expect(xml).toContain("<updatecheck codebase='https://my.lakeside.org/extension/gatehouse.crx' version='1.2.3' />");
  });
});

/** The portal on the run's engine, publishing the build in `distDir`. */
async function portalServing(distDir: string) {
  const portal = await createTestPortal({ extensionDistDir: distDir });
  const get = (url: string, cookie?: string) => portal.request.get(url, cookie);
  // Not spread: the portal's `db` getter refuses on PostgreSQL.
  return Object.assign(portal, { get, signIn: (username: string) => signIn(portal, username) });
}

/** What `npm run build:extension` leaves behind, without running it. */
function writeBuild(distDir: string, id: string, version: string, crx: Buffer, mtime: Date) {
  fs.mkdirSync(distDir, { recursive: true });
  fs.writeFileSync(path.join(distDir, 'gatehouse.crx'), crx);
  fs.writeFileSync(path.join(distDir, 'extension.json'), JSON.stringify({ id, version }));
  for (const file of ['gatehouse.crx', 'extension.json']) fs.utimesSync(path.join(distDir, file), mtime, mtime);
}

describe('the portal publishes the build', () => {
  const distDir = path.join(tmp, 'dist-built');
  const id = ensureExtensionKey(keyFile).extensionId;
  const crx = Buffer.concat([Buffer.from('Cr24\x03\x00\x00\x00'), Buffer.alloc(64, 7)]);

  it('serves updates.xml, the CRX and extension.json without a session, never cached unchecked', async () => {
    writeBuild(distDir, id, '0.1.0', crx, new Date(Date.now() - 60_000));
    const portal = await portalServing(distDir);

    const updates = await portal.get('/extension/updates.xml');
    expect(updates.status).toBe(200);
    expect(updates.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(updates.headers.get('cache-control')).toBe('no-cache');
    const xml = await updates.text();
    expect(xml).toContain(`<app appid='${id}'>`);
    expect(xml).toContain(`<updatecheck codebase='${PUBLIC_URL}/extension/gatehouse.crx' version='0.1.0' />`);

    const download = await portal.get('/extension/gatehouse.crx');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/x-chrome-extension');
    expect(download.headers.get('cache-control')).toBe('no-cache');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(crx);

    const info = await portal.get('/extension/extension.json');
    expect(await info.json()).toEqual({ id, version: '0.1.0', updateUrl: `${PUBLIC_URL}/extension/updates.xml` });
  });

  it('publishes a rebuild at once, without a restart', async () => {
    writeBuild(distDir, id, '0.1.0', crx, new Date(Date.now() - 60_000));
    const portal = await portalServing(distDir);
    expect(await (await portal.get('/extension/updates.xml')).text()).toContain("version='0.1.0'");

    const newer = Buffer.concat([crx, Buffer.from('v2')]);
    writeBuild(distDir, id, '0.2.0', newer, new Date());
    expect(await (await portal.get('/extension/updates.xml')).text()).toContain("version='0.2.0'");
    expect(Buffer.from(await (await portal.get('/extension/gatehouse.crx')).arrayBuffer())).toEqual(newer);
  });

  it('answers 404 extension_not_built while there is no build', async () => {
    const portal = await portalServing(path.join(tmp, 'dist-never-built'));
    for (const file of ['updates.xml', 'gatehouse.crx', 'extension.json']) {
      const response = await portal.get(`/extension/${file}`);
      expect(response.status, file).toBe(404);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('extension_not_built');
      expect(error.message).toContain('npm run build');
    }
  });
});

describe('IT sees the deployment and the bookmark repairs', () => {
  const distDir = path.join(tmp, 'dist-admin');
  const id = ensureExtensionKey(keyFile).extensionId;

  it('refuses people who are not IT or district admins', async () => {
    const portal = await portalServing(distDir);
    expect((await portal.get('/api/admin/extension')).status).toBe(401);
    for (const username of ['demo.student.g4', 'demo.teacher', 'demo.principal']) {
      const response = await portal.get('/api/admin/extension', await portal.signIn(username));
      expect(response.status, username).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('shows the id, the policies to paste, and repairs in total, per person and the 10 latest', async () => {
    writeBuild(distDir, id, '0.3.0', Buffer.from('crx'), new Date());
    const portal = await portalServing(distDir);
    const person = async (username: string) => (await portal.directory.findByUsername(username))!.id;
    const student = await person('demo.student.g4');
    const teacher = await person('demo.teacher');
    const repaired = (userId: string, count: number, outcome: 'success' | 'failure' = 'success') =>
      portal.audit.record({
        action: BOOKMARKS_REPAIRED,
        outcome,
        actorUserId: userId,
        subjectUserId: userId,
        detail: { count },
      });
    // One after another: the order they are written in is the order the view lists them in.
    for (let i = 0; i < 10; i++) await repaired(student, 1);
    await repaired(teacher, 3);
    await repaired(student, 2);
    await repaired(teacher, 50, 'failure');
    await portal.audit.record({ action: 'sign_in', outcome: 'success', actorUserId: teacher, detail: { count: 9 } });

    for (const username of ['demo.it', 'demo.admin']) {
      const response = await portal.get('/api/admin/extension', await portal.signIn(username));
      expect(response.status, username).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const view = (await (await portal.get('/api/admin/extension', await portal.signIn('demo.it'))).json()) as {
      extensionId: string;
      version: string;
      updateUrl: string;
      portalUrlUsable: boolean;
      policies: ReturnType<typeof extensionPolicies>;
      bookmarkRepairs: {
        total: number;
        people: number;
        last: { userId: string; displayName: string; count: number }[];
      };
    };
    expect(view).toMatchObject({
      extensionId: id,
      version: '0.3.0',
      updateUrl: `${PUBLIC_URL}/extension/updates.xml`,
      portalUrlUsable: true,
    });
    expect(view.policies).toEqual(
      extensionPolicies({
        extensionId: id,
        portalUrl: PUBLIC_URL,
        districtName: 'Lakeside ISD',
        deviceSecret: portal.deviceSecret,
      }),
    );
    // The policy holds the managed-device secret: each view is on record, naming the secret seen.
    const viewed = (await portal.audit.list({ limit: 5 })).find((row) => row.action === 'extension.policy_viewed');
    expect(viewed).toMatchObject({ actorUsername: 'demo.it', detail: { deviceSecretId: portal.deviceSecret.id } });
    expect(view.bookmarkRepairs.total).toBe(15);
    expect(view.bookmarkRepairs.people).toBe(2);
    expect(view.bookmarkRepairs.last).toHaveLength(10);
    expect(view.bookmarkRepairs.last.slice(0, 2)).toEqual([
      expect.objectContaining({ userId: student, count: 2, displayName: expect.any(String) }),
      expect.objectContaining({ userId: teacher, count: 3 }),
    ]);
  });

  it('still shows the repairs before the extension is built', async () => {
    const portal = await portalServing(path.join(tmp, 'dist-never-built'));
    const response = await portal.get('/api/admin/extension', await portal.signIn('demo.it'));
    expect(await response.json()).toMatchObject({
      extensionId: null,
      version: null,
      policies: null,
      bookmarkRepairs: { total: 0, people: 0, last: [] },
    });
  });
});

describe('the policies IT sets', () => {
  const deviceSecret = { id: 'mds-2026-12-01-abcdef', secret: 'A'.repeat(43) };
  const policies = extensionPolicies({
    extensionId: 'abcdefghijklmnopabcdefghijklmnop',
    portalUrl: 'https://my.lakeside.org',
    districtName: 'Lakeside ISD',
    bookmarkAliases: ['old-portal.lakeside.org', 'lakesde.org'],
    deviceSecret,
  });
  const managed = {
    portalOrigin: 'https://my.lakeside.org',
    apiBase: 'https://my.lakeside.org',
    canonicalPortalUrl: 'https://my.lakeside.org/',
    districtName: 'Lakeside ISD',
    bookmarkAliases: ['old-portal.lakeside.org', 'lakesde.org'],
    deviceSecretId: deviceSecret.id,
    deviceSecret: deviceSecret.secret,
  };

  it('configures exactly what the extension reads from managed storage', () => {
    expect(policies.managedConfig).toEqual(managed);
    expect(managedConfigSchema.parse(policies.managedConfig)).toEqual(managed);
    const schema = JSON.parse(fs.readFileSync('extension/public/managed-schema.json', 'utf8')) as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(policies.managedConfig).sort()).toEqual(Object.keys(schema.properties).sort());
  });

  it('wraps each value as { Value } for Google Admin, and force-installs from the portal', () => {
    expect(policies.updateUrl).toBe('https://my.lakeside.org/extension/updates.xml');
    expect(policies.googleAdmin).toMatchObject({
      extensionId: 'abcdefghijklmnopabcdefghijklmnop',
      customUrl: 'https://my.lakeside.org/extension/updates.xml',
      installationPolicy: 'Force install',
    });
    expect(policies.googleAdmin.policyForExtensions).toEqual({
      portalOrigin: { Value: managed.portalOrigin },
      apiBase: { Value: managed.apiBase },
      canonicalPortalUrl: { Value: managed.canonicalPortalUrl },
      districtName: { Value: 'Lakeside ISD' },
      bookmarkAliases: { Value: managed.bookmarkAliases },
      deviceSecretId: { Value: deviceSecret.id },
      deviceSecret: { Value: deviceSecret.secret },
    });
    expect(policies.googleAdmin.studentSettings).toEqual([
      'Developer tools: Never allow use of built-in developer tools',
      'Password manager: Never allow use of password manager',
      // The sign-in page reads QR badges: no camera prompt a kindergartner would have to answer.
      'Video input allowed URLs: https://my.lakeside.org',
    ]);
  });

  it('gives a Linux policy file and a Windows .reg with the same install and values', () => {
    expect(policies.linuxPolicy).toEqual({
      DeveloperToolsAvailability: 2,
      PasswordManagerEnabled: false,
      VideoCaptureAllowedUrls: ['https://my.lakeside.org'],
      ExtensionSettings: {
        abcdefghijklmnopabcdefghijklmnop: {
          installation_mode: 'force_installed',
          update_url: 'https://my.lakeside.org/extension/updates.xml',
        },
      },
      '3rdparty': { extensions: { abcdefghijklmnopabcdefghijklmnop: managed } },
    });
    expect(policies.linuxPolicyFiles.chrome).toBe('/etc/opt/chrome/policies/managed/gatehouse.json');
    const reg = policies.windowsReg.split('\r\n');
    expect(reg[0]).toBe('Windows Registry Editor Version 5.00');
    expect(reg).toContain('[HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\ExtensionInstallForcelist]');
    expect(reg).toContain('"1"="abcdefghijklmnopabcdefghijklmnop;https://my.lakeside.org/extension/updates.xml"');
    const policyKey =
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\abcdefghijklmnopabcdefghijklmnop\\policy';
    expect(reg).toContain(`[${policyKey}]`);
    expect(reg).toContain('"districtName"="Lakeside ISD"');
    expect(reg).toContain('"canonicalPortalUrl"="https://my.lakeside.org/"');
    expect(reg).toContain(`"deviceSecret"="${deviceSecret.secret}"`);
    expect(reg.slice(reg.indexOf('[HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome]') + 1).slice(0, 2)).toEqual([
      '"DeveloperToolsAvailability"=dword:00000002',
      '"PasswordManagerEnabled"=dword:00000000',
    ]);
    expect(
      reg.slice(
        reg.indexOf('[HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\VideoCaptureAllowedUrls]') + 1,
      )[0],
    ).toBe('"1"="https://my.lakeside.org"');
    expect(reg.slice(reg.indexOf(`[${policyKey}\\bookmarkAliases]`) + 1, -1)).toEqual([
      '"1"="old-portal.lakeside.org"',
      '"2"="lakesde.org"',
    ]);
  });
});

// Each run of the CLI from source costs a second or two of start-up, so the spawned runs are few.
describe('gatehouse extension-policy', { timeout: 60_000 }, () => {
  const dataDir = path.join(tmp, 'cli-data');
  const emptyDataDir = path.join(tmp, 'cli-empty');
  const distDir = path.join(tmp, 'cli-dist');
  fs.mkdirSync(emptyDataDir, { recursive: true });
  beforeAll(async () => {
    const db = openDatabase(path.join(dataDir, 'gatehouse.sqlite'));
    await seedDemoDistrict(sqliteStorage(db), 'not-a-real-hash', Date.now());
    db.$client.close();
  });
  const deviceSecretFile = path.join(dataDir, 'keys', 'managed-device-secrets.json');
  ensureDeviceSecretFile(deviceSecretFile); // as the portal's first start does

  /** The CLI from source (no build needed), without the developer's own GATEHOUSE_* settings. */
  function cli(args: string[], env: Record<string, string> = {}) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GATEHOUSE_')));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'extension-policy', ...args], {
      env: {
        ...clean,
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_EXTENSION_KEY_FILE: keyFile,
        GATEHOUSE_EXTENSION_DIST_DIR: distDir,
        ...env,
      },
      encoding: 'utf8',
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }
  /** The secret the CLI created in its data dir on first use. */
  const cliDeviceSecret = () => createManagedDeviceSecrets({ file: deviceSecretFile }).current();

  it('prints the policies as JSON, with the district from the database', () => {
    const run = cli(['--json', '--portal-url', 'https://my.lakeside.org', '--alias', 'Old-Portal.lakeside.org']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      extensionPolicies({
        extensionId: ensureExtensionKey(keyFile).extensionId,
        portalUrl: 'https://my.lakeside.org',
        districtName: 'Lakeside ISD',
        bookmarkAliases: ['old-portal.lakeside.org'],
        deviceSecret: cliDeviceSecret(),
      }),
    );
  });

  it('prints only the Linux policy file with --policy-file, ready to save', () => {
    const run = cli(['--policy-file', '--portal-url', 'https://my.lakeside.org']);
    expect(run.status).toBe(0);
    const { extensionId } = ensureExtensionKey(keyFile);
    expect(JSON.parse(run.stdout)).toEqual(
      extensionPolicies({
        extensionId,
        portalUrl: 'https://my.lakeside.org',
        districtName: 'Lakeside ISD',
        deviceSecret: cliDeviceSecret(),
      }).linuxPolicy,
    );
  });

  it('defaults to GATEHOUSE_PUBLIC_URL, and --district overrides the database', () => {
    const run = cli(['--json', '--district=Lakeside Independent School District'], {
      GATEHOUSE_PUBLIC_URL: 'https://portal.lakeside.org/',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const printed = JSON.parse(run.stdout) as ReturnType<typeof extensionPolicies>;
    expect(printed.updateUrl).toBe('https://portal.lakeside.org/extension/updates.xml');
    expect(printed.managedConfig.districtName).toBe('Lakeside Independent School District');
  });

  it('warns when the published build was signed with another key', () => {
    writeBuild(distDir, 'abcdefghijklmnopabcdefghijklmnop', '0.1.0', Buffer.from('crx'), new Date());
    const run = cli(['--json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('was built with another key (id abcdefghijklmnopabcdefghijklmnop)');
    expect(JSON.parse(run.stdout)).toMatchObject({ extensionId: ensureExtensionKey(keyFile).extensionId });
  });

  const badInput: [string[], Record<string, string>, string][] = [
    [['--portal-url', 'http://portal.lakeside.org'], {}, '--portal-url: must use https://'],
    [['--portal-url', 'not a url'], {}, '--portal-url: "not a url" is not a URL'],
    [['--portal-url', 'https://lakeside.org/portal'], {}, "--portal-url: must be the portal's address without a path"],
    [['--portal-url', 'https://ann:pw@lakeside.org'], {}, '--portal-url: must not contain a user name or password'],
    [[], { GATEHOUSE_PUBLIC_URL: 'http://portal.lakeside.org' }, 'GATEHOUSE_PUBLIC_URL (the default for --portal-url)'],
    [['--portal-url', 'https://my.lakeside.org'], { GATEHOUSE_DATA_DIR: emptyDataDir }, '--district is required'],
    [['--district', '  '], {}, '--district must not be empty'],
    [['--district', 'Lakeside\r\n[HKEY_LOCAL_MACHINE\\Evil]'], {}, '--district must not contain control characters'],
    [['--alias', 'https://old.lakeside.org/'], {}, '--alias: "https://old.lakeside.org/" is not a host name'],
    [['--portal-url'], {}, '--portal-url needs a value'],
    [['--district', '--json'], {}, '--district needs a value'],
    [['--portal-url', 'https://a.org', '--portal-url', 'https://b.org'], {}, '--portal-url was given twice'],
    [['--sign'], {}, 'does not know the option "--sign"'],
  ];

  it('names the option at fault for each bad input, creating nothing', async () => {
    for (const [args, env, message] of badInput) {
      const parsed = parsePolicyArgs(args);
      const config = loadConfig({
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_EXTENSION_KEY_FILE: path.join(tmp, 'never-created.pem'),
        ...env,
      });
      const result = parsed.ok ? await resolvePolicies(parsed.value, config, () => {}) : parsed;
      expect(result, args.join(' ')).toEqual({ ok: false, problem: expect.stringContaining(message) });
    }
    expect(fs.existsSync(path.join(emptyDataDir, 'gatehouse.sqlite'))).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'never-created.pem'))).toBe(false);
  });

  it('exits with code 2 on bad input, with the problem on stderr and nothing on stdout', () => {
    // An empty data folder is refused before extension-policy runs (test/integration/cli-data-dir.test.ts).
    for (const [args, env, message] of [badInput[0]!, badInput[6]!]) {
      const run = cli(args, env);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr, args.join(' ')).toContain(message);
      expect(run.stderr).toContain('gatehouse extension-policy [--portal-url');
    }
  });
});
