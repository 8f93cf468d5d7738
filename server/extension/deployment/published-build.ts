import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors';

/** The files `npm run build:extension` writes into the dist directory, and the portal serves. */
export const CRX_FILE = 'gatehouse.crx';
export const BUILD_INFO_FILE = 'extension.json';

const buildInfo = z.object({
  id: z.string().regex(/^[a-p]{32}$/),
  version: z.string().regex(/^\d+(\.\d+){0,3}$/),
});
export type BuildInfo = z.infer<typeof buildInfo>;

export const extensionNotBuilt = () =>
  new AppError(
    'extension_not_built',
    404,
    'The browser extension has not been built on this server. Run `npm run build` (or `npm run build:extension`).',
  );

/**
 * The extension build in `distDir`, read again whenever a file's modification time changes, so a rebuild
 * is published without restarting the portal. `undefined` while either file is missing or unreadable.
 */
export function createPublishedBuild(distDir: string) {
  const crxFile = path.join(distDir, CRX_FILE);
  const infoFile = path.join(distDir, BUILD_INFO_FILE);
  let cached: { key: string; info: BuildInfo; crx: Buffer } | undefined;

  const stamp = (file: string) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat && `${stat.mtimeMs}/${stat.size}`;
  };

  function current(): { info: BuildInfo; crx: Buffer } | undefined {
    const crxStamp = stamp(crxFile);
    const infoStamp = stamp(infoFile);
    if (!crxStamp || !infoStamp) return undefined;
    const key = `${crxStamp}:${infoStamp}`;
    if (cached?.key !== key) {
      try {
        const info = buildInfo.parse(JSON.parse(fs.readFileSync(infoFile, 'utf8')));
        cached = { key, info, crx: fs.readFileSync(crxFile) };
      } catch {
        // A build in progress (half-written file) or a hand-edited one: treat as not built until it settles.
        return undefined;
      }
    }
    return cached;
  }

  return {
    current,
    /** The build, or the `extension_not_built` error a request ends with. */
    require(): { info: BuildInfo; crx: Buffer } {
      const build = current();
      if (!build) throw extensionNotBuilt();
      return build;
    },
  };
}
export type PublishedBuild = ReturnType<typeof createPublishedBuild>;
