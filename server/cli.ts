// Command line for district IT: `npm run cli -- <command>` (or `node dist/server/cli.js <command>`).
import fs from 'node:fs';
import { createAppCatalog } from './apps/catalog';
import { explainPersonAccess } from './apps/explain-person-access';
import { appCommand, appCommandDeps } from './apps/app-command';
import { createAuditLog } from './audit/audit-log';
import { normaliseUsername } from './auth/password-sign-in';
import { copyDatabaseCommand } from './cli/copy-database-command';
import { districtProblem, openPortalDatabase, postgresBackupAdvice } from './cli/portal-database';
import { routeConsole, terminalOutput } from './cli/terminal-output';
import { loadConfig, type Config } from './config';
import { createConnectorStore } from './connectors/connector-store';
import { watchChanges, type ChangeWatch } from './storage/change-generations';
import type { Storage } from './storage/storage';
import { createDirectory } from './directory/directory';
import { extensionPolicyCommand } from './extension/deployment/policy-command';
import { ensureSigningKeyFile, rotateSigningKey } from './extension/signing-keys';
import { EXTENSION_TOKEN_SECONDS } from './extension/tokens';
import { openKeys } from './keys/open-keys';
import { samlCertCommand } from './federation/saml/saml-cert-command';
import { ensureOidcKeyFile, OIDC_KEY_OVERLAP_MS, rotateOidcKeys } from './federation/oidc-keys';
import {
  DEFAULT_ROTATION_OVERLAP_MS,
  ensureDeviceSecretFile,
  rotateDeviceSecret,
} from './extension/managed-device-secrets';
import { backupDatabase } from './maintenance/backup';
import { badgeCommand, badgeCommandDeps } from './badges/badge-command';
import { ACCOUNTS_USAGE, accountCommand, accountCommandDeps } from './accounts/account-command';
import { GRANTS_USAGE, grantCommand, grantCommandDeps } from './grants/grant-command';
import { rosterCommand } from './roster/roster-command';
import { rosterServiceFor } from './roster/roster-service';
import { exportVaultCsv, importVaultCsv } from './vault/csv-transfer';
import { createLookups } from './vault/lookups';
import { rotateVaultKey } from './vault/rotate-key';
import { createVaultEntries } from './vault/entries';
import { pickLocale } from '../shared/i18n';
import { SSO_USAGE, ssoCommand } from './federation/sso-command';

// Everything the CLI prints goes through these: SIS text and file contents cannot act on the terminal.
const out = terminalOutput(process.stdout);
const err = terminalOutput(process.stderr);
routeConsole(out, err);

interface Context {
  config: Config;
  storage: Storage;
  args: string[];
}

interface Command {
  usage: string;
  description: string;
  /** `district`: the command is about people or apps, so a database without a district is refused. */
  needs: 'database' | 'district';
  /** The command's own usage, for `<command> --help` (printed without opening the database). */
  help?: string;
  run(context: Context): number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  explain: {
    usage: 'explain <username> <app-slug>',
    description: 'why a person does or does not see an app',
    needs: 'district',
    run: ({ storage, args }) => explain(storage, args[0], args[1]),
  },
  apps: {
    usage: 'apps [list] | apps export|import FILE [--dry-run]',
    description:
      'the app catalog with its slugs; export it whole to a file, or import one: checked whole (exit 2 naming ' +
      'every problem), then saved all or nothing; --dry-run says what would change',
    needs: 'district',
    run: ({ config, storage, args }) =>
      appCommand(appCommandDeps(storage, config.allowDevelopmentHttp), args, { out, err, fail }),
  },
  sso: {
    usage: 'sso list|show|register|rotate-secret|remove …',
    description: 'apps that sign in through Gatehouse (OIDC clients, SAML service providers); "sso --help" says more',
    help: SSO_USAGE,
    needs: 'district',
    run: ({ config, storage, args }) => ssoCommand(config, storage, args, { out, err, fail: refuse }),
  },
  backup: {
    usage: 'backup <file>',
    description: 'copy the SQLite database while the portal runs, then check the copy (PostgreSQL: pg_dump)',
    needs: 'database',
    run: ({ config, storage, args }) => backup(config, storage, args[0]),
  },
  'copy-database': {
    usage: 'copy-database --to <postgres://… | new.sqlite>',
    description:
      'copy this portal into an empty PostgreSQL database (or back into a new SQLite file): all or nothing, ' +
      'checked by row counts',
    needs: 'database',
    run: ({ storage, args }) => copyDatabaseCommand(storage, args, { out, err, fail: refuse }),
  },
  connectors: {
    usage: 'connectors export|import <file>',
    description: 'write every app connector to a JSON file to share; or check one whole, then save all or none',
    needs: 'district',
    run: (context) => connectorsCommand(context),
  },
  vault: {
    usage: 'vault import|export <file.csv> [--with-secrets --reason "why"]',
    description: "IT's stored sign-ins: import checks the CSV whole; export has passwords only when asked (audited)",
    needs: 'district',
    run: (context) => vaultCommand(context),
  },
  roster: {
    usage: 'roster import PATH [--dry-run] [--approve] [--full] [--json]',
    description:
      'bring a OneRoster 1.1 or Clever roster (a folder or a .zip) in: exit 0 applied or previewed, 2 refused, ' +
      '3 held for approval. "roster status": recent syncs; "roster approve ID": apply a held one',
    // A new portal's first roster is how its district arrives.
    needs: 'database',
    run: ({ config, storage, args }) =>
      rosterCommand(rosterServiceFor(storage, config, Date.now), args, {
        out,
        err,
        fail,
        isTerminal: Boolean(process.stderr.isTTY),
      }),
  },
  badges: {
    usage:
      'badges print (--class ID | --campus ID | --user USERNAME) --out FILE.pdf [--layout labels|cards] ' +
      '[--only-missing] [--expires YYYY-MM-DD] [--force]',
    description:
      'QR badges for young students: a sheet to print (their old badges stop working). ' +
      '"badges void --user USERNAME | --class ID", "badges void-all --yes" (year end), ' +
      '"badges status [--class ID | --campus ID | --teacher USERNAME]"',
    needs: 'district',
    run: ({ config, storage, args }) =>
      badgeCommand(badgeCommandDeps(storage, config), args, {
        out,
        err,
        fail,
        language: pickLocale(process.env.LANG?.replace('_', '-')),
      }),
  },
  accounts: {
    usage: 'accounts claim-code|reset|totp-reset USERNAME [--json]',
    description:
      'let a person in: a one-time claim code, a temporary password that works once, or a new authenticator ' +
      'app; "accounts credentials|claim-letters": sheets to print. "accounts --help" says more',
    help: ACCOUNTS_USAGE,
    needs: 'district',
    run: async ({ config, storage, args }) =>
      accountCommand(await accountCommandDeps(storage, config), args, {
        out,
        err,
        fail,
        language: pickLocale(process.env.LANG?.replace('_', '-')),
      }),
  },
  grants: {
    usage: 'grants list|give|revoke …',
    description:
      'who holds which rights where: "grants give USERNAME --kind K [--campus ID] [--rights a,b] ' +
      '[--expires YYYY-MM-DD|never]", "grants revoke GRANT_ID". "grants --help" says more',
    help: GRANTS_USAGE,
    needs: 'district',
    run: ({ config, storage, args }) => grantCommand(grantCommandDeps(storage, config), args, { out, err, fail }),
  },
  'rotate-key': {
    usage: 'rotate-key',
    description: 'new vault master key; re-seals every value while the portal runs',
    needs: 'database',
    run: ({ config, storage }) => rotateKey(config, storage),
  },
  'rotate-signing-key': {
    usage: 'rotate-signing-key',
    description: 'new key for extension tokens; the old one stays until its tokens expire',
    needs: 'database',
    run: ({ config }) => rotateSigning(config),
  },
  'rotate-oidc-keys': {
    usage: 'rotate-oidc-keys',
    description: 'new key for OIDC ID tokens; the old one stays published two days, so its tokens still verify',
    needs: 'database',
    run: ({ config, storage }) => rotateOidcKeysCommand(config, storage),
  },
  'rotate-device-secret': {
    usage: 'rotate-device-secret [--overlap-days 14]',
    description:
      'new managed-device secret for the extension policy; the old one is accepted for the overlap, ' +
      'while Google Admin pushes the new policy',
    needs: 'database',
    run: ({ config, args }) => rotateDeviceSecretCommand(config, args),
  },
  federation: {
    usage: 'federation rotate-saml-cert | saml-certs',
    description:
      'the SAML signing certificate: one rollover step each run (publish a new one, sign with it, drop the ' +
      'old); saml-certs lists them with fingerprints',
    needs: 'database',
    run: ({ config, args }) =>
      ['rotate-saml-cert', 'saml-certs'].includes(args[0] ?? '')
        ? samlCertCommand(config, args[0]!, out)
        : fail('federation takes rotate-saml-cert or saml-certs.'),
  },
  'extension-policy': {
    usage:
      'extension-policy [--portal-url https://my.district.org] [--district "Name"] [--alias host ...] ' +
      '[--json | --policy-file] [--out FILE]',
    description:
      'what to enter in Google Admin (or policy files) to force-install and configure the extension; ' +
      'defaults: GATEHOUSE_PUBLIC_URL, the district',
    needs: 'database',
    run: ({ args }) => extensionPolicyCommand(args, fail),
  },
};

const HELP_WORDS = new Set(['help', '--help', '-h']);
/** Usages longer than this get their description on the next line, so the list fits a terminal. */
const USAGE_COLUMN = 42;

function usage(): string {
  const width = Math.max(
    ...Object.values(COMMANDS)
      .map((command) => command.usage.length)
      .filter((length) => length <= USAGE_COLUMN),
  );
  const line = (left: string, right: string) =>
    left.length <= width ? `  gatehouse ${left.padEnd(width)}   ${right}` : `  gatehouse ${left}\n      ${right}`;
  return [
    'Usage: npm run cli -- <command>   (or: node dist/server/cli.js <command>)',
    '',
    ...Object.values(COMMANDS).map((command) => line(command.usage, command.description)),
    line('help', 'this list (also --help, -h)'),
    '',
    "Every command works on the portal's database in GATEHOUSE_DATA_DIR (default ./data) and refuses a folder",
    'that holds none, rather than creating an empty one.',
  ].join('\n');
}

function fail(message: string): number {
  err.line(message);
  err.line();
  err.block(usage());
  return 2;
}

/** Refusals about the data folder: the path and the fix, without the usage that would bury them. */
function refuse(problem: string): number {
  err.line(problem);
  return 2;
}

async function explain(storage: Storage, username: string | undefined, slug: string | undefined): Promise<number> {
  if (!username || !slug) return fail('explain needs a username and an app slug.');
  const directory = createDirectory(storage);
  const person = await directory.findByUsername(normaliseUsername(username));
  if (!person) return fail(`No person has the username "${username}".`);
  const app = (await loadOnce(storage, createAppCatalog)).all().find((candidate) => candidate.slug === slug);
  if (!app) return fail(`No app has the slug "${slug}". Run "gatehouse apps" to list them.`);

  const description = await explainPersonAccess(
    directory,
    person,
    app,
    pickLocale(process.env.LANG?.replace('_', '-')),
  );
  out.line(description.summary);
  for (const rule of description.rules) {
    out.line();
    out.line(`  Rule "${rule.ruleName}": ${rule.granted ? 'grants access' : 'does not apply'}`);
    for (const condition of rule.conditions) out.line(`    ${condition.met ? '✓' : '✗'} ${condition.text}`);
  }
  return 0;
}

/** A command runs once: it reads the catalog or the connectors as they are and watches for no later change. */
async function loadOnce<T>(storage: Storage, create: (storage: Storage, changes: ChangeWatch) => Promise<T>) {
  const changes = watchChanges(storage);
  try {
    return await create(storage, changes);
  } finally {
    changes.close();
  }
}

async function backup(config: Config, storage: Storage, destination: string | undefined): Promise<number> {
  if (storage.engine === 'postgres') return refuse(postgresBackupAdvice(config.databaseUrl!));
  if (!destination) return fail('backup needs the path of the file to write.');
  const { pages } = await backupDatabase(storage.db, destination);
  out.line(`Backed up ${pages} pages to ${destination}; integrity check: ok`);
  return 0;
}

async function features(storage: Storage) {
  const catalog = await loadOnce(storage, createAppCatalog);
  const directory = createDirectory(storage);
  const audit = createAuditLog(storage, Date.now);
  return { catalog, directory, audit, lookups: createLookups(catalog, directory) };
}

async function connectorsCommand({ config, storage, args }: Context): Promise<number> {
  const [action, file] = args;
  if (!file || (action !== 'export' && action !== 'import'))
    return fail('connectors needs export or import, and a file.');
  const catalog = await loadOnce(storage, createAppCatalog);
  const audit = createAuditLog(storage, Date.now);
  const slugOf = (appId: string) => catalog.byId(appId)?.slug ?? appId;
  const appIdOf = (slug: string) => catalog.all().find((app) => app.slug === slug)?.id;
  const connectors = await loadOnce(storage, (opened, changes) =>
    createConnectorStore(opened, changes, Date.now, { allowDevelopmentHttp: config.allowDevelopmentHttp }),
  );
  if (action === 'export') {
    fs.writeFileSync(file, `${JSON.stringify(connectors.exportFile(slugOf), null, 2)}\n`);
    out.line(`Wrote ${connectors.all().length} connectors to ${file}`);
    return 0;
  }
  const result = await connectors.importFile(JSON.parse(fs.readFileSync(file, 'utf8')), appIdOf, null);
  await audit.record({
    action: 'connector.imported',
    outcome: result.ok ? 'success' : 'failure',
    detail: { via: 'cli' },
  });
  if (!result.ok) {
    err.line('Nothing was imported:');
    for (const p of result.problems) err.line(`  ${p.app ? `${p.app}: ` : ''}${p.field}: ${p.problem}`);
    return 1;
  }
  out.line(
    `Saved ${result.saved.length} (${result.saved.join(', ') || 'none'}); unchanged ${result.unchanged.length}.`,
  );
  return 0;
}

async function vaultCommand({ config, storage, args }: Context): Promise<number> {
  const [action, file, ...flags] = args;
  if (!file || (action !== 'export' && action !== 'import')) return fail('vault needs export or import, and a file.');
  const { audit, lookups } = await features(storage);
  const entries = createVaultEntries(storage, (await openKeys(config)).cipher, Date.now);
  if (action === 'import') {
    const result = await importVaultCsv(
      storage,
      entries,
      fs.readFileSync(file, 'utf8'),
      lookups,
      null,
      (imported, tx) =>
        audit.record(
          { action: 'vault.import', outcome: imported.ok ? 'success' : 'failure', detail: { via: 'cli' } },
          tx,
        ),
    );
    if (!result.ok) {
      err.line('Nothing was imported. Rejected rows:');
      for (const p of result.problems) err.line(`  line ${p.line}, ${p.field}: ${p.problem}`);
      return 1;
    }
    out.line(`Saved ${result.saved} stored sign-ins.`);
    return 0;
  }
  const withSecrets = flags.includes('--with-secrets');
  const reason = flags[flags.indexOf('--reason') + 1];
  if (withSecrets && (!flags.includes('--reason') || !reason || reason.length < 10)) {
    return fail('--with-secrets needs --reason "why" (at least 10 characters); the export is audited.');
  }
  const rows = await entries.list();
  await audit.record({
    action: 'vault.export',
    outcome: 'success',
    detail: { via: 'cli', includeSecrets: withSecrets, reason, entries: rows.length },
  });
  fs.writeFileSync(file, await exportVaultCsv(rows, entries, lookups, withSecrets), { mode: 0o600 });
  out.line(
    `Wrote ${rows.filter((row) => row.setBy === 'it').length} stored sign-ins to ${file}${withSecrets ? ' with passwords' : ''}.`,
  );
  return 0;
}

async function rotateKey(config: Config, storage: Storage): Promise<number> {
  if (!('file' in config.vaultKeys))
    return fail('rotate-key works on a key file; GATEHOUSE_VAULT_KEYS is set instead.');
  const result = await rotateVaultKey(storage, config.vaultKeys.file, (n) => out.progress(`Re-sealed ${n} entries…`));
  out.line();
  out.line(
    `New vault key ${result.keyId}: ${result.resealed} entries re-sealed, ${result.remaining} left on older keys.`,
  );
  return result.remaining === 0 ? 0 : 1;
}

async function rotateSigning({ signingKeyFile }: Config): Promise<number> {
  await ensureSigningKeyFile(signingKeyFile);
  // Retired keys stay published twice as long as a token can live, then go.
  const kid = await rotateSigningKey(signingKeyFile, 2 * EXTENSION_TOKEN_SECONDS * 1000);
  out.line(
    `New signing key ${kid}; the portal uses it within a second. Tokens signed before stay valid until they expire.`,
  );
  return 0;
}

async function rotateOidcKeysCommand({ oidcKeyFile }: Config, storage: Storage): Promise<number> {
  await ensureOidcKeyFile(oidcKeyFile);
  const kid = await rotateOidcKeys(oidcKeyFile);
  await createAuditLog(storage, Date.now).record({
    action: 'sso.keys_rotated',
    outcome: 'success',
    detail: { via: 'cli', protocol: 'oidc', kid },
  });
  out.line(
    `New OIDC signing key ${kid}; the portal signs ID tokens with it within a second. The previous key stays ` +
      `in the JWKS for ${OIDC_KEY_OVERLAP_MS / 86_400_000} days, so tokens it signed still verify.`,
  );
  return 0;
}

/** `rotate-device-secret [--overlap-days N]`: a new managed-device secret; the old one is accepted N more days. */
function rotateDeviceSecretCommand({ deviceSecretFile }: Config, args: string[]): number {
  const [flag, value, ...rest] = args;
  let overlapDays = DEFAULT_ROTATION_OVERLAP_MS / 86_400_000;
  if (flag !== undefined) {
    if (flag !== '--overlap-days' || rest.length > 0) return fail('rotate-device-secret takes only --overlap-days N.');
    if (!/^\d{1,3}$/.test(value ?? '') || Number(value) > 365)
      return fail('--overlap-days must be a whole number of days from 0 (a leaked secret: refuse it now) to 365.');
    overlapDays = Number(value);
  }
  ensureDeviceSecretFile(deviceSecretFile);
  const rotated = rotateDeviceSecret(deviceSecretFile, overlapDays * 86_400_000);
  out.line(`New managed-device secret ${rotated.id}; the portal puts it in the extension policy within a second.`);
  out.line(
    overlapDays === 0
      ? 'The previous secret is refused from now on: no browser can pair until it has the new policy.'
      : `The previous secret is accepted until ${new Date(rotated.oldAcceptedUntil).toISOString()} (${overlapDays} days).`,
  );
  out.line('Before then, paste the new policy into Google Admin: npm run cli -- extension-policy');
  out.line(
    'Devices still holding the old policy after that date cannot sign anyone in until Chrome fetches the new one.',
  );
  return 0;
}

/** The configuration, or what is wrong with it: one line per variable, written by config.ts. */
function configOrProblem(): Config | string {
  try {
    return loadConfig();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function run(name: string | undefined, args: string[]): Promise<number> {
  if (name !== undefined && HELP_WORDS.has(name)) {
    out.block(usage());
    return 0;
  }
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return fail(name === undefined ? 'No command given.' : `Unknown command "${name}".`);
  if (command.help && args[0] !== undefined && HELP_WORDS.has(args[0])) {
    out.block(command.help);
    return 0;
  }
  const config = configOrProblem();
  if (typeof config === 'string') {
    err.block(config);
    return 1;
  }
  const opened = await openPortalDatabase(config);
  if (!opened.ok) return refuse(opened.problem);
  const { storage } = opened;
  try {
    const noDistrict = command.needs === 'district' ? await districtProblem(storage, config) : undefined;
    return noDistrict ? refuse(noDistrict) : await command.run({ config, storage, args });
  } finally {
    await storage.close();
  }
}

const [name, ...args] = process.argv.slice(2);
try {
  process.exitCode = await run(name, args);
} catch (error) {
  // File problems are for a person to fix: say what is wrong, without a stack trace. One line, because the
  // message may quote the file (JSON.parse does), and a line break there must not start a line of its own.
  err.line(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
