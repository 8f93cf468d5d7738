// The drop folder an SIS writes into: a bundle is imported once it is complete, then moved out of the way,
// and a bad one never stops the portal. (Against a stand-in service; the real one is in the integration test.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { ROSTER_KINDS, type RosterReport } from '../../shared/roster';
import { watchDropFolder, type DropFolderWatch } from '../../server/roster/drop-folder';
import type { RosterFiles } from '../../server/roster/roster-bundle';
import type { ImportOptions, RosterService } from '../../server/roster/roster-service';

function report(outcome: RosterReport['outcome']): RosterReport {
  const zero = { added: 0, changed: 0, deactivated: 0, reactivated: 0, unchanged: 0 };
  return {
    outcome,
    format: 'oneroster-1.1',
    mode: 'bulk',
    fileHash: 'h',
    sourceName: 'x',
    counts: Object.fromEntries(ROSTER_KINDS.map((kind) => [kind, { ...zero, added: 1 }])) as RosterReport['counts'],
    skippedGuardians: 0,
    samples: { added: ['Secret Name (s.name)'], deactivated: [], reactivated: [], changed: [] },
    warnings: [],
    warningCount: 0,
    errors: outcome === 'refused' ? [{ code: 'missing_column', file: 'users.csv', line: 1, message: 'no role' }] : [],
    startedAt: 0,
    finishedAt: 0,
  };
}

/** Imports whatever it is given; a users.csv saying HOLD or BAD is held or refused. */
function fakeRoster() {
  const imported: { files: RosterFiles; options: ImportOptions }[] = [];
  const service: RosterService = {
    async importFiles(files, options) {
      imported.push({ files, options });
      const users = files.files.get('users.csv')?.toString() ?? '';
      return report(users.includes('BAD') ? 'refused' : users.includes('HOLD') ? 'held' : 'applied');
    },
    approve: async () => report('approved'),
    history: async () => [],
    report: async () => undefined,
    health: async () => ({ lastGoodSyncAt: null, stale: false, held: 0 }),
  };
  return { service, imported };
}

const USERS = 'sourcedId,role,givenName,familyName\nu1,student,Ana,Ruiz\n';
let dir: string;
let watch: DropFolderWatch | undefined;
const lines: string[] = [];

function start(roster: RosterService, settleMs = 300) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-drop-'));
  watch = watchDropFolder({ folder: dir, roster, checkEveryMs: 100, settleMs, log: (line) => lines.push(line) });
  return dir;
}

async function zipOf(files: Record<string, string>) {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer' });
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
const listed = (sub: string) => fs.readdirSync(path.join(dir, sub));

afterEach(async () => {
  await watch?.close();
  watch = undefined;
  lines.length = 0;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the roster drop folder', () => {
  it('imports a dropped .zip with source drop_folder, then moves it into done/ with a timestamp', async () => {
    const { service, imported } = fakeRoster();
    start(service);
    fs.writeFileSync(path.join(dir, 'nightly.zip'), await zipOf({ 'users.csv': USERS }));
    await until(() => listed('done').length === 1);
    expect(imported).toHaveLength(1);
    expect(imported[0]!.options).toMatchObject({ source: 'drop_folder', actorId: null });
    expect(imported[0]!.files.files.get('users.csv')?.toString()).toBe(USERS);
    expect(listed('done')[0]).toMatch(/^\d{8}T\d{6}Z-nightly\.zip$/);
    expect(fs.existsSync(path.join(dir, 'nightly.zip'))).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/^Roster drop folder: nightly\.zip applied .*people \+1/)]);
    expect(lines.join('\n')).not.toContain('Secret Name');
  });

  it('does not read a file that is still growing, and reads it once it has stayed the same', async () => {
    const { service, imported } = fakeRoster();
    start(service, 600);
    const whole = await zipOf({ 'users.csv': USERS });
    const file = path.join(dir, 'slow.zip');
    // The SIS writes the archive in pieces, more slowly than the check interval.
    for (let at = 0; at < whole.length; at += Math.ceil(whole.length / 5)) {
      fs.appendFileSync(file, whole.subarray(at, at + Math.ceil(whole.length / 5)));
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(imported).toHaveLength(0);
    }
    await until(() => listed('done').length === 1);
    expect(imported).toHaveLength(1);
    expect(imported[0]!.files.files.get('users.csv')?.toString()).toBe(USERS);
  });

  it('takes a folder with a ready marker at once, and one without once its files have settled', async () => {
    const { service, imported } = fakeRoster();
    start(service, 60_000);
    fs.mkdirSync(path.join(dir, 'export-1'));
    fs.writeFileSync(path.join(dir, 'export-1', 'users.csv'), USERS);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(imported).toHaveLength(0);
    fs.writeFileSync(path.join(dir, 'export-1', 'ready'), '');
    await until(() => listed('done').length === 1);
    expect(imported[0]!.files.name).toBe('export-1');
    expect([...imported[0]!.files.files.keys()]).toEqual(['users.csv']);
  });

  it('moves a refused bundle to refused/ and a held one to held/, and keeps going after a broken zip', async () => {
    const { service, imported } = fakeRoster();
    start(service);
    fs.writeFileSync(path.join(dir, 'a-broken.zip'), 'this is not a zip');
    fs.writeFileSync(path.join(dir, 'b-bad.zip'), await zipOf({ 'users.csv': 'BAD' }));
    fs.writeFileSync(path.join(dir, 'c-hold.zip'), await zipOf({ 'users.csv': 'HOLD' }));
    await until(() => listed('refused').length === 2 && listed('held').length === 1);
    expect(imported).toHaveLength(2);
    expect(lines.find((line) => line.includes('a-broken.zip'))).toMatch(/refused .*not read/);
    fs.writeFileSync(path.join(dir, 'd-good.zip'), await zipOf({ 'users.csv': USERS }));
    await until(() => listed('done').length === 1);
  });

  it('leaves a bundle in place when the portal fails (not the file), and tries it again at the next look', async () => {
    const { service, imported } = fakeRoster();
    let failures = 1;
    const flaky: RosterService = {
      ...service,
      async importFiles(files, options) {
        if (failures-- > 0) throw new Error('database is locked');
        return service.importFiles(files, options);
      },
    };
    start(flaky, 100);
    fs.writeFileSync(path.join(dir, 'tonight.zip'), await zipOf({ 'users.csv': USERS }));
    await until(() => lines.length === 1);
    expect(lines[0]).toMatch(/^Roster drop folder: tonight\.zip failed \(database is locked\); it stays/);
    expect(fs.existsSync(path.join(dir, 'tonight.zip'))).toBe(true);
    expect(listed('refused')).toEqual([]);
    await until(() => listed('done').length === 1);
    expect(imported).toHaveLength(1);
  });

  it('imports one bundle at a time', async () => {
    let running = 0;
    let most = 0;
    const { service } = fakeRoster();
    const slow: RosterService = {
      ...service,
      async importFiles(files, options) {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 150));
        running--;
        return service.importFiles(files, options);
      },
    };
    start(slow, 100);
    for (const name of ['one', 'two', 'three'])
      fs.writeFileSync(path.join(dir, `${name}.zip`), await zipOf({ 'users.csv': USERS }));
    await Promise.all([watch!.checkNow(), watch!.checkNow()]);
    await until(() => listed('done').length === 3);
    expect(most).toBe(1);
  });
});
