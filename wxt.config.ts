import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * The extension's source lives in extension/; see ../shared/TOOLCHAIN.md for why publicDir is explicit.
 * The district-specific manifest parts come from the environment that `npm run build:extension`
 * (server/extension/deployment/build-extension.ts) sets from the portal's configuration:
 *   GATEHOUSE_EXTENSION_MANIFEST_KEY  base64 SPKI of the signing key: gives the extension its stable id
 *   GATEHOUSE_EXTENSION_PORTAL_URL    the portal's public URL: the only page allowed to talk to the extension,
 *                                     and where Chrome checks for updates
 */
const manifestKey = process.env.GATEHOUSE_EXTENSION_MANIFEST_KEY;
const portalUrl = new URL(process.env.GATEHOUSE_EXTENSION_PORTAL_URL ?? 'http://127.0.0.1:8787');

// A match pattern cannot name a port, so a loopback portal also admits localhost (development only).
const portalMatches = ['127.0.0.1', 'localhost'].includes(portalUrl.hostname)
  ? ['http://127.0.0.1/*', 'http://localhost/*']
  : [`${portalUrl.protocol}//${portalUrl.hostname}/*`];

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  manifest: {
    name: 'Gatehouse',
    description: 'Signs students in to their district apps from the Gatehouse portal.',
    ...(manifestKey ? { key: manifestKey } : {}),
    update_url: new URL('/extension/updates.xml', portalUrl).href,
    permissions: [
      'storage',
      'tabs',
      'webNavigation',
      'scripting',
      'bookmarks',
      'alarms',
      'declarativeNetRequestWithHostAccess',
      // Turns Chrome's offer to save passwords off: it must never keep a vault password the extension filled.
      'privacy',
    ],
    // Apps are whatever the district's connectors name, so the fill engine may be injected anywhere; it is
    // injected only into the tab a launch opened (there are no declared content scripts). ws and wss too:
    // the tab guard can block a WebSocket only to a host the extension has access to.
    host_permissions: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'],
    storage: { managed_schema: 'managed-schema.json' },
    externally_connectable: { matches: portalMatches },
  },
  vite: () => ({ plugins: [preact()] }),
  webExt: { disabled: true },
});
