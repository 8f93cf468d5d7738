import { createRequire } from 'node:module';
import path from 'node:path';

type WriteCrx3 = (files: string[], options: { keyPath: string; crxPath: string }) => Promise<{ appId: string }>;
// crx3 is CommonJS without types; it stays on 1.x because 2.x needs Node 22.
const writeCrx3 = createRequire(import.meta.url)('crx3') as WriteCrx3;

/**
 * Packs the unpacked extension in `dir` (it must hold manifest.json) into a CRX3 signed with the PEM key in
 * `keyFile`, written to `crxFile`. Returns the id the CRX carries, which Chrome checks against the key.
 */
export async function packCrx(dir: string, keyFile: string, crxFile: string): Promise<string> {
  const { appId } = await writeCrx3([path.join(path.resolve(dir), 'manifest.json')], {
    keyPath: keyFile,
    crxPath: crxFile,
  });
  return appId;
}
