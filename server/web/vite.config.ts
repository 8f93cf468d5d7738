import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

// The portal UI: built to dist/web and served by the Hono server itself (same origin, CSP default-src 'self').
export default defineConfig({
  root: here('.'),
  plugins: [preact()],
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // The polyfill is an inline script, which the CSP forbids; every supported browser has modulepreload.
    modulePreload: { polyfill: false },
  },
});
