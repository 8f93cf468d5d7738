import { defineConfig } from 'vitest/config';

/** Browser tests of the extension write machine-wide Chrome policy files, so they run one file at a time. */
const EXTENSION_TESTS = 'test/browser/extension-*.test.ts';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: argon2id and Chromium compete for them, so files run two at a time at most.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [EXTENSION_TESTS] } },
      { extends: true, test: { name: 'extension', include: [EXTENSION_TESTS], fileParallelism: false } },
    ],
  },
});
