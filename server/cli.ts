// Command line for district IT: `npm run cli -- <command>` (or `node dist/server/cli.js <command>`).
import { createAppCatalog } from './apps/catalog';
import { explainPersonAccess } from './apps/explain-person-access';
import { normaliseUsername } from './auth/password-sign-in';
import { loadConfig } from './config';
import { openDatabase } from './db/connection';
import { createDirectory } from './directory/directory';
import { backupDatabase } from './maintenance/backup';
import { pickLocale } from '../shared/i18n';
import fs from 'node:fs';
import { createAuditLog } from './audit/audit-log';
import { createConnectorStore } from './connectors/connector-store';
import { EXTENSION_TOKEN_SECONDS } from './extension/tokens';
import { extensionPolicyCommand } from './extension/deployment/policy-command';
import { ensureSigningKeyFile, rotateSigningKey } from './extension/signing-keys';
import { openKeys } from './keys/open-keys';
import {
  DEFAULT_ROTATION_OVERLAP_MS,
  ensureDeviceSecretFile,
  rotateDeviceSecret,
} from './extension/managed-device-secrets';
import { exportVaultCsv, importVaultCsv } from './vault/csv-transfer';
import { createVaultEntries } from './vault/entries';
import { rotateVaultKey } from './vault/rotate-key';
import { createLookups } from './vault/lookups';

const USAGE = `Usage:
  gatehouse explain <username> <app-slug>   why a person does or does not see an app
  gatehouse apps                            the app catalog with its slugs
  gatehouse backup <file>                   copy the database while the portal runs, then check the copy
  gatehouse connectors export <file>        write every app connector to a JSON file to share
  gatehouse connectors import <file>        check a connector file whole, then save all of it or none
  gatehouse vault import <file.csv>         check a CSV of stored sign-ins whole, then save all or none
  gatehouse vault export <file.csv> [--with-secrets --reason "why"]
                                            write IT's stored sign-ins; passwords only when asked (audited)
  gatehouse rotate-key                      new vault master key; re-seals every value while the portal runs
  gatehouse rotate-signing-key              new key for extension tokens; the old one stays until its tokens expire
  gatehouse rotate-device-secret [--overlap-days 14]
                                            new managed-device secret for the extension policy; the old one is
                                            accepted for the overlap, while Google Admin pushes the new policy
  gatehouse extension-policy [--portal-url https://my.district.org] [--district "Name"] [--alias host ...] [--json | --policy-file]
                                            what to enter in Google Admin (or policy files) to force-install and
                                            configure the extension; defaults: GATEHOUSE_PUBLIC_URL, the district

Reads the database in GATEHOUSE_DATA_DIR (default ./data).`;

function explain(username: string | undefined, slug: string | undefined): number {
  if (!username || !slug) return fail('explain needs a username and an app slug.');
  const db = openDatabase(loadConfig().databaseFile);
  const directory = createDirectory(db);
  const person = directory.findByUsername(normaliseUsername(username));
  if (!person) return fail(`No person has the username "${username}".`);
  const app = createAppCatalog(db)
    .all()
    .find((candidate) => candidate.slug === slug);
  if (!app) return fail(`No app has the slug "${slug}". Run "gatehouse apps" to list them.`);

  const description = explainPersonAccess(directory, person, app, pickLocale(process.env.LANG?.replace('_', '-')));
  console.log(description.summary);
  for (const rule of description.rules) {
    console.log(`\n  Rule "${rule.ruleName}": ${rule.granted ? 'grants access' : 'does not apply'}`);
    for (const condition of rule.conditions) console.log(`    ${condition.met ? '✓' : '✗'} ${condition.text}`);
  }
  return 0;
}

function listApps(): number {
  const db = openDatabase(loadConfig().databaseFile);
  for (const app of createAppCatalog(db).all())
    console.log(`${app.slug.padEnd(20)} ${app.name} (${app.rules.length} rules)`);
  return 0;
}

async function backup(destination: string | undefined): Promise<number> {
  if (!destination) return fail('backup needs the path of the file to write.');
  const db = openDatabase(loadConfig().databaseFile);
  const { pages } = await backupDatabase(db, destination);
  console.log(`Backed up ${pages} pages to ${destination}; integrity check: ok`);
  return 0;
}

function openAll() {
  const config = loadConfig();
  const db = openDatabase(config.databaseFile);
  const catalog = createAppCatalog(db);
  const directory = createDirectory(db);
  const audit = createAuditLog(db, Date.now);
  return { config, db, catalog, directory, audit, lookups: createLookups(db, catalog, directory) };
}

function connectorsCommand(action: string | undefined, file: string | undefined): number {
  if (!file || (action !== 'export' && action !== 'import'))
    return fail('connectors needs export or import, and a file.');
  const { config, db, catalog, audit, lookups } = openAll();
  const connectors = createConnectorStore(db, Date.now, { allowDevelopmentHttp: config.allowDevelopmentHttp });
  if (action === 'export') {
    fs.writeFileSync(file, `${JSON.stringify(connectors.exportFile(lookups.appSlugById), null, 2)}\n`);
    console.log(`Wrote ${connectors.all().length} connectors to ${file}`);
    return 0;
  }
  const result = connectors.importFile(JSON.parse(fs.readFileSync(file, 'utf8')), lookups.appIdBySlug, null);
  audit.record({ action: 'connector.imported', outcome: result.ok ? 'success' : 'failure', detail: { via: 'cli' } });
  if (!result.ok) {
    console.error('Nothing was imported:');
    for (const p of result.problems) console.error(`  ${p.app ? `${p.app}: ` : ''}${p.field}: ${p.problem}`);
    return 1;
  }
  console.log(
    `Saved ${result.saved.length} (${result.saved.join(', ') || 'none'}); unchanged ${result.unchanged.length}.`,
  );
  catalog.reload();
  return 0;
}

async function vaultCommand(action: string | undefined, file: string | undefined, flags: string[]): Promise<number> {
  if (!file || (action !== 'export' && action !== 'import')) return fail('vault needs export or import, and a file.');
  const { config, db, audit, lookups } = openAll();
  const entries = createVaultEntries(db, (await openKeys(config)).cipher, Date.now);
  if (action === 'import') {
    const result = importVaultCsv(db, entries, fs.readFileSync(file, 'utf8'), lookups, null);
    audit.record({ action: 'vault.import', outcome: result.ok ? 'success' : 'failure', detail: { via: 'cli' } });
    if (!result.ok) {
      console.error('Nothing was imported. Rejected rows:');
      for (const p of result.problems) console.error(`  line ${p.line}, ${p.field}: ${p.problem}`);
      return 1;
    }
    console.log(`Saved ${result.saved} stored sign-ins.`);
    return 0;
  }
  const withSecrets = flags.includes('--with-secrets');
  const reason = flags[flags.indexOf('--reason') + 1];
  if (withSecrets && (!flags.includes('--reason') || !reason || reason.length < 10)) {
    return fail('--with-secrets needs --reason "why" (at least 10 characters); the export is audited.');
  }
  const rows = entries.list();
  audit.record({
    action: 'vault.export',
    outcome: 'success',
    detail: { via: 'cli', includeSecrets: withSecrets, reason, entries: rows.length },
  });
  fs.writeFileSync(file, exportVaultCsv(rows, entries, lookups, withSecrets), { mode: 0o600 });
  console.log(
    `Wrote ${rows.filter((row) => row.setBy === 'it').length} stored sign-ins to ${file}${withSecrets ? ' with passwords' : ''}.`,
  );
  return 0;
}

function rotateKey(): number {
  const config = loadConfig();
  if (!('file' in config.vaultKeys))
    return fail('rotate-key works on a key file; GATEHOUSE_VAULT_KEYS is set instead.');
  const db = openDatabase(config.databaseFile);
  const result = rotateVaultKey(db, config.vaultKeys.file, (n) => process.stdout.write(`\rRe-sealed ${n} entries…`));
  console.log(
    `\nNew vault key ${result.keyId}: ${result.resealed} entries re-sealed, ${result.remaining} left on older keys.`,
  );
  return result.remaining === 0 ? 0 : 1;
}

async function rotateSigning(): Promise<number> {
  const { signingKeyFile } = loadConfig();
  await ensureSigningKeyFile(signingKeyFile);
  // Retired keys stay published twice as long as a token can live, then go.
  const kid = await rotateSigningKey(signingKeyFile, 2 * EXTENSION_TOKEN_SECONDS * 1000);
  console.log(
    `New signing key ${kid}; the portal uses it within a second. Tokens signed before stay valid until they expire.`,
  );
  return 0;
}

/** `rotate-device-secret [--overlap-days N]`: a new managed-device secret; the old one is accepted N more days. */
function rotateDeviceSecretCommand(): number {
  const [flag, value, ...rest] = args;
  let overlapDays = DEFAULT_ROTATION_OVERLAP_MS / 86_400_000;
  if (flag !== undefined) {
    if (flag !== '--overlap-days' || rest.length > 0) return fail(`rotate-device-secret takes only --overlap-days N.`);
    if (!/^\d{1,3}$/.test(value ?? '') || Number(value) < 1 || Number(value) > 365)
      return fail('--overlap-days must be a whole number of days from 1 to 365.');
    overlapDays = Number(value);
  }
  const { deviceSecretFile } = loadConfig();
  ensureDeviceSecretFile(deviceSecretFile);
  const rotated = rotateDeviceSecret(deviceSecretFile, overlapDays * 86_400_000);
  console.log(
    [
      `New managed-device secret ${rotated.id}; the portal puts it in the extension policy within a second.`,
      `The previous secret is accepted until ${new Date(rotated.oldAcceptedUntil).toISOString()} (${overlapDays} days).`,
      'Before then, paste the new policy into Google Admin: npm run cli -- extension-policy',
      'Devices still holding the old policy after that date cannot sign anyone in until Chrome fetches the new one.',
    ].join('\n'),
  );
  return 0;
}

function fail(message: string): number {
  console.error(`${message}\n\n${USAGE}`);
  return 2;
}

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, () => number | Promise<number>> = {
  explain: () => explain(args[0], args[1]),
  apps: listApps,
  backup: () => backup(args[0]),
  connectors: () => connectorsCommand(args[0], args[1]),
  vault: () => vaultCommand(args[0], args[1], args.slice(2)),
  'rotate-key': rotateKey,
  'rotate-signing-key': rotateSigning,
  'rotate-device-secret': rotateDeviceSecretCommand,
  'extension-policy': () => extensionPolicyCommand(args, fail),
};
const run = command ? commands[command] : undefined;
try {
  process.exitCode = run ? await run() : fail(command ? `Unknown command "${command}".` : 'No command given.');
} catch (error) {
  // Configuration and file problems are for a person to fix: say what is wrong, without a stack trace.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
