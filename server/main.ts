import { rootCause } from './errors';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { createPasswordHasher } from './auth/password-hasher';
import { describeConfig, loadConfig, type Config } from './config';
import { openStorage } from './storage/open-storage';
import { DEMO_ACCOUNTS, DISTRICT_NAME } from './demo/lakeside';
import { isEmpty, seedDemoDistrict } from './demo/seed';
import { runHousekeeping } from './maintenance/housekeeping';
import { watchDropFolder } from './roster/drop-folder';
import { openKeys } from './keys/open-keys';
import { seedDemoVault } from './demo/fixture-apps';
import { seedDemoAccounts } from './demo/demo-accounts';
import { newestSigningKeyAge, rotateSigningKey } from './extension/signing-keys';
import { EXTENSION_TOKEN_SECONDS } from './extension/tokens';
import { rotateOidcKeys } from './federation/oidc-keys';
import type { AuditLog } from './audit/audit-log';

const HOUSEKEEPING_INTERVAL_MS = 60 * 60_000;
const SIGNING_KEY_MAX_AGE_MS = 30 * 24 * 3_600_000;

async function main() {
  const config = loadConfig();
  const storage = await openStorage(config);
  const hasher = createPasswordHasher({ concurrency: config.hashConcurrency, maxQueue: 64 });

  const keys = await openKeys(config);
  let firstStart = await isEmpty(storage);
  if (firstStart && config.seedDemo) {
    firstStart = await seedDemoDistrict(storage, await hasher.hash(config.demoPassword), Date.now());
    if (firstStart) await seedDemoVault(storage, keys.cipher, Date.now());
    if (firstStart) await seedDemoAccounts(storage, keys.cipher, config.demoPassword, Date.now());
  }
  const portal = await createApp({ storage, config, hasher, keys });
  const { app, changes } = portal;
  const dropFolder = config.roster.dropFolder
    ? watchDropFolder({
        folder: config.roster.dropFolder,
        roster: portal.roster,
        checkEveryMs: config.roster.checkEveryMs,
      })
    : undefined;
  const housekeeping = () => {
    const stores = { storage, ...portal, launches: portal.vault.launches };
    runHousekeeping(stores, Date.now(), { auditRetentionDays: config.auditRetentionDays }).catch((error: Error) =>
      console.error(`Housekeeping failed (it runs again in an hour): ${rootCause(error).message}`),
    );
    void rotateSigningKeyMonthly(config.signingKeyFile);
    void rotateOidcKeysMonthly(config.oidcKeyFile, portal.audit).catch((error: Error) =>
      console.error(`Rotating the OIDC signing key failed (tried again in an hour): ${error.message}`),
    );
  };
  housekeeping();
  const housekeepingTimer = setInterval(housekeeping, HOUSEKEEPING_INTERVAL_MS);
  housekeepingTimer.unref();

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`Gatehouse is listening on ${config.publicUrl} (bound to ${info.address}:${info.port})`);
    console.log('Configuration:', describeConfig(config));
    for (const line of keys.created) console.log(`Created ${line}`);
    if (config.roster.dropFolder)
      console.log(
        `Roster drop folder: watching ${config.roster.dropFolder} (and looking every ` +
          `${config.roster.checkEveryMs / 60_000} min); imported bundles move to done/, refused/ or held/ there.`,
      );
    console.log(
      `Browser extension: ${config.publicUrl}/extension/updates.xml (unpacked in .output/chrome-mv3). It signs people in ` +
        'once Chrome policy configures it: see "Try the extension on this computer" in docs/district-it.md.',
    );
    if (config.seedDemo) {
      const password = config.demoPasswordFromEnv ? null : config.demoPassword;
      printDemoAccounts(password, firstStart, config.accounts.staffSecondFactor === 'required');
    }
    if (config.demoOffForHttps) console.log(DEMO_OFF_FOR_HTTPS);
  });
  const onListenError = (error: NodeJS.ErrnoException) => {
    console.error(listenProblem(error, config));
    void storage.close().finally(() => process.exit(1));
  };
  server.once('error', onListenError);
  server.once('listening', () => server.off('error', onListenError));

  // SIGTERM (systemd, CI) and Ctrl-C: stop accepting, let in-flight requests finish, then close the database.
  const shutdown = (signal: string) => {
    console.log(`${signal}: finishing in-flight requests…`);
    clearInterval(housekeepingTimer);
    changes.close();
    // An import under way finishes (or rolls back) before the database closes.
    const dropFolderClosed = dropFolder?.close() ?? Promise.resolve();
    server.close(() => void dropFolderClosed.then(() => storage.close()).finally(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

const DEMO_OFF_FOR_HTTPS =
  'Demo district: not created, because GATEHOUSE_PUBLIC_URL is https:// and its accounts share a published ' +
  'password; set GATEHOUSE_DEMO=on to create it anyway.';

/** Why the portal could not listen, as one line naming the setting to change (no stack trace). */
function listenProblem(error: NodeJS.ErrnoException, { host, port }: Config): string {
  if (error.code === 'EADDRINUSE')
    return (
      `Port ${port} on ${host} is already in use by another program (another Gatehouse?): stop it, ` +
      `or set PORT to a free port, e.g. PORT=${port + 1} npm start.`
    );
  if (error.code === 'EACCES')
    return `Port ${port} on ${host} needs privileges this account does not have: set PORT to a port above 1023.`;
  if (error.code === 'EADDRNOTAVAIL')
    return `HOST ${host} is not an address of this computer: set HOST to one of its addresses, e.g. HOST=127.0.0.1.`;
  return `Could not listen on ${host}:${port} (PORT, HOST): ${error.message}`;
}

/** A signing key signs for a month; the retired one stays published while its tokens can still be in use. */
async function rotateSigningKeyMonthly(file: string) {
  if (newestSigningKeyAge(file) < SIGNING_KEY_MAX_AGE_MS) return;
  const kid = await rotateSigningKey(file, 2 * EXTENSION_TOKEN_SECONDS * 1000);
  console.log(`Rotated the extension token signing key; new kid ${kid}.`);
}

/** The OIDC key too; the one it replaces stays in the JWKS for the overlap (OIDC_KEY_OVERLAP_MS). */
async function rotateOidcKeysMonthly(file: string, audit: AuditLog) {
  if (newestSigningKeyAge(file) < SIGNING_KEY_MAX_AGE_MS) return;
  const kid = await rotateOidcKeys(file);
  await audit.record({
    action: 'sso.keys_rotated',
    outcome: 'success',
    detail: { via: 'housekeeping', protocol: 'oidc', kid },
  });
  console.log(`Rotated the OIDC ID token signing key; new kid ${kid}.`);
}

function printDemoAccounts(password: string | null, seededNow: boolean, staffSecondFactor: boolean) {
  console.log(`\nDemo district: ${DISTRICT_NAME}${seededNow ? ' (created just now)' : ''}. Sign in as any of:`);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.username.padEnd(26)} ${account.who}`);
  console.log(password ? `Password for all of them: ${password}` : 'Password: the value of GATEHOUSE_DEMO_PASSWORD');
  if (staffSecondFactor)
    console.log(
      'Staff set up an authenticator app at their first sign-in (GATEHOUSE_STAFF_SECOND_FACTOR=off skips it).',
    );
  console.log('');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
