// Command line for district IT: `npm run cli -- <command>` (or `node dist/server/cli.js <command>`).
import { createAppCatalog } from './apps/catalog';
import { explainPersonAccess } from './apps/explain-person-access';
import { normaliseUsername } from './auth/password-sign-in';
import { loadConfig } from './config';
import { openDatabase } from './db/connection';
import { createDirectory } from './directory/directory';
import { backupDatabase } from './maintenance/backup';
import { pickLocale } from '../shared/i18n';

const USAGE = `Usage:
  gatehouse explain <username> <app-slug>   why a person does or does not see an app
  gatehouse apps                            the app catalog with its slugs
  gatehouse backup <file>                   copy the database while the portal runs, then check the copy

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

function fail(message: string): number {
  console.error(`${message}\n\n${USAGE}`);
  return 2;
}

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, () => number | Promise<number>> = {
  explain: () => explain(args[0], args[1]),
  apps: listApps,
  backup: () => backup(args[0]),
};
const run = command ? commands[command] : undefined;
process.exitCode = run ? await run() : fail(command ? `Unknown command "${command}".` : 'No command given.');
