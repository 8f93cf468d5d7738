// District IT imports rosters from the command line: exit 0 applied (or previewed), 2 refused, 3 held; --json is
// the report alone on stdout; --dry-run writes nothing; status lists the syncs and the held ones with their id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterReport } from '../../shared/roster';
import { openDatabase } from '../../server/db/connection';
import { runCli } from '../helpers/run-cli';
import { smallDistrict, zipOf } from '../helpers/roster-district';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-roster-cli-'));
const cli = (...args: string[]) => runCli(args, { GATEHOUSE_DATA_DIR: dataDir });

/** Writes a bundle as a folder of CSV files, or as a .zip when the name ends so. */
async function bundle(name: string, files: Record<string, string>) {
  const target = path.join(dataDir, name);
  if (name.endsWith('.zip')) fs.writeFileSync(target, await zipOf(files));
  else {
    fs.mkdirSync(target);
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(target, file), text);
  }
  return target;
}

function peopleCount() {
  const db = openDatabase(path.join(dataDir, 'gatehouse.sqlite'));
  try {
    return (db.$client.prepare(`SELECT count(*) AS n FROM users WHERE status = 'active'`).get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
}

describe('the roster CLI', () => {
  beforeAll(() => {
    // A new portal's empty database: its first roster brings the district.
    openDatabase(path.join(dataDir, 'gatehouse.sqlite')).$client.close();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('previews with --dry-run (exit 0), writing nothing', async () => {
    const run = cli('roster', 'import', await bundle('first.zip', smallDistrict()), '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Preview (--dry-run): nothing was written: first.zip (oneroster-1.1, bulk)');
    expect(run.stdout).toMatch(/people\s+11\s+0\s+0\s+0\s+0/);
    expect(peopleCount()).toBe(0);
  });

  it('applies a .zip (exit 0), a line per phase when not on a terminal, then finds nothing to change', async () => {
    const run = cli('roster', 'import', path.join(dataDir, 'first.zip'));
    expect(run).toMatchObject({ status: 0, stdout: expect.stringContaining('Applied: first.zip') });
    expect(run.stderr).toContain('Writing changes…');
    expect(peopleCount()).toBe(11);
    const again = cli('roster', 'import', await bundle('same-folder', smallDistrict()));
    expect(again).toMatchObject({ status: 0, stdout: expect.stringContaining('Nothing to change') });
    expect(again.stdout).toMatch(/The same files as sync \d+, nothing written since/);
    const full = cli('roster', 'import', path.join(dataDir, 'same-folder'), '--full');
    expect(full.status).toBe(0);
    expect(full.stdout).toContain('Nothing to change');
    expect(full.stdout).not.toContain('The same files as sync');
    expect(full.stdout).toMatch(/people.*11/i);
  });

  it('prints only the report as JSON on stdout with --json', async () => {
    const run = cli('roster', 'import', await bundle('more.zip', smallDistrict({ students: 11 })), '--json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as RosterReport;
    expect(report).toMatchObject({ outcome: 'applied', format: 'oneroster-1.1', sourceName: 'more.zip' });
    expect(report.counts.people.added).toBe(1);
  });

  it('refuses a bundle with a missing column (exit 2), naming file, line, column and reason, applying nothing', async () => {
    const users = smallDistrict({ students: 14 })['users.csv'].replace(',givenName,', ',firstName,');
    const run = cli('roster', 'import', await bundle('broken', smallDistrict({ students: 14, users })));
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('Refused: nothing was applied');
    expect(run.stderr).toMatch(/users\.csv line 1, column givenName: /);
    expect(peopleCount()).toBe(12);
    const json = cli('roster', 'import', path.join(dataDir, 'broken'), '--json');
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout).errors[0]).toMatchObject({ code: 'missing_column', file: 'users.csv' });
  });

  it('refuses a file that is not a roster at all (exit 2)', () => {
    fs.writeFileSync(path.join(dataDir, 'junk.zip'), 'not a zip');
    const run = cli('roster', 'import', path.join(dataDir, 'junk.zip'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('junk.zip');
  });

  it('holds a sync that would deactivate most people (exit 3), says how to approve, and approves it', async () => {
    const run = cli(
      'roster',
      'import',
      await bundle('short.zip', smallDistrict({ students: 11, without: [1, 2, 3, 4, 5, 6] })),
    );
    expect(run.status).toBe(3);
    expect(run.stdout).toContain('Held for approval: nothing was applied');
    const id = /roster approve (\d+)/.exec(run.stdout)?.[1];
    expect(id).toBeDefined();
    expect(peopleCount()).toBe(12);

    const status = cli('roster', 'status');
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^Last good sync: \d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
    expect(status.stdout).toContain(`Held for approval: sync ${id} (short.zip): npm run cli -- roster approve ${id}`);
    expect(status.stdout).toMatch(new RegExp(`#${id} .* cli +held +short\\.zip`));
    expect(status.stdout).toMatch(/ cli +refused +broken/);
    expect(status.stdout).toMatch(/ cli +applied +first\.zip +people \+11/);

    const approved = cli('roster', 'approve', id!);
    expect(approved).toMatchObject({ status: 0, stdout: expect.stringContaining('Approved and applied') });
    expect(peopleCount()).toBe(6);
    expect(cli('roster', 'approve', id!)).toMatchObject({ status: 2, stderr: expect.stringContaining('not waiting') });
  });

  it('applies a held-size change at once with --approve', async () => {
    const run = cli(
      'roster',
      'import',
      await bundle('fewer.zip', smallDistrict({ students: 11, without: [1, 2, 3, 4, 5, 6, 7, 8] })),
      '--approve',
    );
    expect(run.status).toBe(0);
    expect(peopleCount()).toBe(4);
  });

  it('explains its usage for a wrong call', () => {
    expect(cli('roster')).toMatchObject({ status: 2, stderr: expect.stringContaining('roster needs import PATH') });
    expect(cli('roster', 'import')).toMatchObject({ status: 2 });
    expect(cli('roster', 'import', dataDir, '--force')).toMatchObject({ stderr: expect.stringContaining('--force') });
  });
});
