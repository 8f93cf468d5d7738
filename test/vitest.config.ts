import { defineConfig } from 'vitest/config';

/** Browser tests of the extension write machine-wide Chrome policy files, so they run one file at a time. */
const EXTENSION_TESTS = ['test/browser/extension-*.test.ts'];
/**
 * Integration tests that look inside SQLite itself (its file, its migrations, its backup): the rest of the
 * integration suite runs a second time on PostgreSQL.
 */
const SQLITE_ONLY = [
  'test/integration/app-descriptions-upgrade.test.ts',
  'test/integration/database-file-modes.test.ts',
  'test/integration/sign-in-names-at-rest.test.ts',
  // These use both engines themselves.
  'test/integration/copy-database.test.ts',
  'test/integration/two-processes.test.ts',
];

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: argon2id and Chromium compete for them, so files run two at a time at most.
    maxWorkers: 2,
    // One throwaway PostgreSQL server for the run: the contract suites and the postgres project use it.
    globalSetup: ['test/postgres-global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: EXTENSION_TESTS } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts'],
          exclude: SQLITE_ONLY,
          env: { GATEHOUSE_TEST_ENGINE: 'postgres' },
        },
      },
      { extends: true, test: { name: 'extension', include: EXTENSION_TESTS, fileParallelism: false } },
    ],
  },
});
