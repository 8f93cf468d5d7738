import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The extension's source lives in extension/; see ../shared/TOOLCHAIN.md for why publicDir is explicit.
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  manifest: {
    name: 'Gatehouse',
    description: 'Signs students in to their district apps from the Gatehouse portal.',
    permissions: ['storage'],
    storage: { managed_schema: 'managed-schema.json' },
  },
  vite: () => ({ plugins: [preact()] }),
  webExt: { disabled: true },
});
