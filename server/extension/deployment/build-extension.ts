// `npm run build:extension`: builds the extension for this portal and packs it for Chrome's force-install.
//   1. the signing key (GATEHOUSE_EXTENSION_KEY_FILE), created on the first build: it fixes the extension's id;
//   2. `wxt build` into .output/chrome-mv3, with the key and the portal's URL (GATEHOUSE_PUBLIC_URL) in the manifest;
//   3. a CRX3 signed with the key, and extension.json { id, version }, in GATEHOUSE_EXTENSION_DIST_DIR,
//      which the portal serves at /extension/ (see routes.ts).
// Works offline and on a fresh clone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config';
import { ensureExtensionKey } from './extension-key';
import { packCrx } from './pack-crx';
import { BUILD_INFO_FILE, CRX_FILE, type BuildInfo } from './published-build';

const WXT_OUTPUT = path.resolve('.output/chrome-mv3');

/** Replaces `file` in one rename, so the running portal never serves half a file. */
function replaceFile(file: string, write: (temporary: string) => Promise<void> | void) {
  const temporary = `${file}.${process.pid}.tmp`;
  return Promise.resolve(write(temporary)).then(() => fs.renameSync(temporary, file));
}

async function build(): Promise<number> {
  const config = loadConfig();
  const key = ensureExtensionKey(config.extensionKeyFile);
  if (key.created) {
    console.log(
      `Created ${key.file}: the extension's signing key. Back it up; a new key means a new extension id, and every ` +
        'Chrome policy naming the old id would have to change.',
    );
  }

  const wxt = spawnSync('npx', ['wxt', 'build'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      GATEHOUSE_EXTENSION_MANIFEST_KEY: key.manifestKey,
      GATEHOUSE_EXTENSION_PORTAL_URL: config.publicUrl,
    },
  });
  if (wxt.status !== 0) {
    console.error('wxt build failed; nothing was packed.');
    return wxt.status ?? 1;
  }

  const manifestFile = path.join(WXT_OUTPUT, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { version: string; key?: string };
  if (manifest.key !== key.manifestKey) {
    console.error(`${manifestFile} does not carry the signing key's public key; was wxt.config.ts changed?`);
    return 1;
  }

  fs.mkdirSync(config.extensionDistDir, { recursive: true });
  const crxFile = path.join(config.extensionDistDir, CRX_FILE);
  await replaceFile(crxFile, async (temporary) => {
    const packedId = await packCrx(WXT_OUTPUT, key.file, temporary);
    if (packedId !== key.extensionId)
      throw new Error(`The CRX was signed as ${packedId}, but the key's id is ${key.extensionId}.`);
  });
  const info: BuildInfo = { id: key.extensionId, version: manifest.version };
  await replaceFile(path.join(config.extensionDistDir, BUILD_INFO_FILE), (temporary) =>
    fs.writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`),
  );

  console.log(`Extension ${info.id} version ${info.version} for ${config.publicUrl}`);
  console.log(`  unpacked: ${path.relative(process.cwd(), WXT_OUTPUT)}`);
  console.log(
    `  packed:   ${path.relative(process.cwd(), crxFile)} (served at ${config.publicUrl}/extension/${CRX_FILE})`,
  );
  console.log(`  update manifest: ${config.publicUrl}/extension/updates.xml`);
  return 0;
}

try {
  process.exitCode = await build();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
