import path from 'node:path';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Directory } from '../../directory/directory';
import type { AuditLog } from '../../audit/audit-log';
import type { AppEnv } from '../../http/env';
import type { Storage } from '../../storage/storage';
import { clientIp } from '../../http/request';
import type { ManagedDeviceSecrets } from '../managed-device-secrets';
import { bookmarkRepairs } from './bookmark-repairs';
import { checkPortalUrl, extensionPolicies, updateUrlFor } from './policy';
import { createPublishedBuild, type PublishedBuild } from './published-build';
import { updateManifestXml } from './update-manifest';

/** Where `npm run build:extension` writes, relative to the working directory (GATEHOUSE_EXTENSION_DIST_DIR). */
export const DEFAULT_EXTENSION_DIST_DIR = 'dist/extension';

/** The published build (read once for both route sets), and the portal's public URL. */
interface PublishDeps {
  build: PublishedBuild;
  publicUrl: string;
}

/** The build in the output directory (gatehouse.crx, extension.json); dist/extension by default. */
export const publishedExtension = (extensionDistDir = DEFAULT_EXTENSION_DIST_DIR) =>
  createPublishedBuild(path.resolve(extensionDistDir));

// Chrome and the portal page must see a rebuild at once: they may keep a copy, but must ask before using it.
const noCache: MiddlewareHandler = async (c, next) => {
  c.header('Cache-Control', 'no-cache');
  await next();
};

/**
 * What Chrome fetches to force-install and update the extension (the policy's update URL and the CRX it
 * names), and the id the portal page needs to talk to it. Public: a managed browser asks without a session.
 */
export function createExtensionDownloadRoutes({ build, publicUrl }: PublishDeps) {
  const routes = new Hono<AppEnv>();
  routes.use('*', noCache);
  routes.get('/updates.xml', async (c) => {
    const { info } = build.require();
    const xml = updateManifestXml({
      extensionId: info.id,
      version: info.version,
      codebase: `${publicUrl}/extension/gatehouse.crx`,
    });
    return c.body(xml, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
  });
  routes.get('/gatehouse.crx', async (c) => {
    const { crx } = build.require();
    return c.body(new Uint8Array(crx), 200, { 'Content-Type': 'application/x-chrome-extension' });
  });
  routes.get('/extension.json', async (c) => {
    const { info } = build.require();
    return c.json({ id: info.id, version: info.version, updateUrl: updateUrlFor(publicUrl) });
  });
  return routes;
}

/**
 * IT's view of the deployment (guarded where mounted): the published build, the policies to set for it,
 * and how many old bookmarks the extension has repaired. Ids and policies are null until a build exists.
 */
export function createExtensionAdminRoutes({
  storage,
  directory,
  build,
  publicUrl,
  deviceSecrets,
  audit,
}: PublishDeps & { storage: Storage; directory: Directory; deviceSecrets: ManagedDeviceSecrets; audit: AuditLog }) {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const info = build.current()?.info;
    const deviceSecret = deviceSecrets.current();
    // The policy carries the managed-device secret: who saw it is on record, for the day it must be rotated.
    if (info) {
      const { person } = c.get('viewer');
      await audit.record({
        action: 'extension.policy_viewed',
        outcome: 'success',
        actorUserId: person.id,
        ip: clientIp(c),
        detail: { deviceSecretId: deviceSecret.id },
      });
    }
    return c.json({
      extensionId: info?.id ?? null,
      version: info?.version ?? null,
      updateUrl: updateUrlFor(publicUrl),
      // Chrome installs only from https (loopback aside), so an http GATEHOUSE_PUBLIC_URL deploys nowhere.
      portalUrlUsable: checkPortalUrl(publicUrl).ok,
      policies: info
        ? extensionPolicies({
            extensionId: info.id,
            portalUrl: publicUrl,
            districtName: await directory.districtName(),
            deviceSecret,
          })
        : null,
      bookmarkRepairs: await bookmarkRepairs(storage),
    });
  });
  return routes;
}
