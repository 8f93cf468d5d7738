// IT keeps the catalog in a file: `apps export`, edit, `apps import`. A file with a mistake changes nothing and says
// what is wrong where; --dry-run saves nothing; a running portal takes an import in within about a second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogFile } from '../../shared/catalog-admin';
import { runCli } from '../helpers/run-cli';
import { createTestPortal } from '../helpers/test-portal';
import { within } from '../helpers/two-processes';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-apps-cli-'));
const env = { GATEHOUSE_DATA_DIR: dataDir };
const cli = (...args: string[]) => runCli(args, env);
const fileAt = (name: string) => path.join(dataDir, name);
const readFile = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as CatalogFile;
const writeFile = (file: string, catalog: unknown) => fs.writeFileSync(file, JSON.stringify(catalog));

describe('apps export / import on the command line', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  beforeAll(async () => {
    portal = await createTestPortal({ databaseFile: fileAt('gatehouse.sqlite'), checkChangesEveryMs: 100 });
  });
  afterAll(async () => {
    portal.changes.close();
    await portal.storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports every app and imports the file back unchanged', () => {
    const file = fileAt('catalog.json');
    const exported = cli('apps', 'export', file);
    expect(exported.status, exported.stderr).toBe(0);
    const catalog = readFile(file);
    expect(catalog.format).toBe('gatehouse-catalog');
    expect(catalog.apps.map((app) => app.slug)).toEqual(expect.arrayContaining(['clever', 'reading-garden']));
    expect(exported.stdout).toContain(`Wrote ${catalog.apps.length} apps`);
    const imported = cli('apps', 'import', file);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`unchanged ${catalog.apps.length}`);
    expect(imported.stdout).toContain('created 0');
  });

  it('refuses a bad file with exit 2, naming each problem by app and field, and changes nothing', () => {
    const catalog = readFile(fileAt('catalog.json'));
    const bad = {
      ...catalog,
      apps: catalog.apps.map((app) =>
        app.slug === 'ixl'
          ? { ...app, name: 'IXL Learning', launchUrl: 'http://ixl.example.org/' }
          : app.slug === 'canvas'
            ? { ...app, color: 'red' }
            : app,
      ),
    };
    writeFile(fileAt('bad.json'), bad);
    const run = cli('apps', 'import', fileAt('bad.json'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Nothing was imported');
    expect(run.stderr).toContain('ixl: launchUrl: must use https');
    expect(run.stderr).toContain('canvas: color: must be a colour like #1464ff');
    expect(portal.catalog.byId('app-ixl')!.name).toBe('IXL');

    fs.writeFileSync(fileAt('broken.json'), '{ "format": ');
    const broken = cli('apps', 'import', fileAt('broken.json'));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('is not JSON');
  });

  it('--dry-run says what would change and saves nothing; the import then saves it, and the portal follows', async () => {
    const catalog = readFile(fileAt('catalog.json'));
    const edited = {
      ...catalog,
      apps: [
        ...catalog.apps.map((app) => (app.slug === 'ixl' ? { ...app, name: 'IXL Learning' } : app)),
        { ...catalog.apps.find((app) => app.slug === 'khan-academy')!, slug: 'khan-kids', color: '#0a0a0a' },
      ],
    };
    writeFile(fileAt('edited.json'), edited);
    const dry = cli('apps', 'import', fileAt('edited.json'), '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was saved');
    expect(dry.stdout).toContain('created 1 (khan-kids)');
    expect(dry.stdout).toContain('updated 1 (ixl)');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(portal.catalog.byId('app-ixl')!.name).toBe('IXL');

    const run = cli('apps', 'import', fileAt('edited.json'));
    expect(run.status, run.stderr).toBe(0);
    await within(1_500, () => portal.catalog.byId('app-ixl')!.name === 'IXL Learning');
    expect(portal.catalog.all().map((app) => app.slug)).toContain('khan-kids');
    const listed = cli('apps', 'list');
    expect(listed.stdout).toMatch(/^ixl\s+IXL Learning \(2 rules, version 2\)$/m);
    expect((await portal.audit.list({ limit: 5 })).find((row) => row.action === 'catalog.imported')).toMatchObject({
      actorUserId: null,
      detail: { via: 'cli', created: ['khan-kids'], updated: ['ixl'] },
    });
  });
});
