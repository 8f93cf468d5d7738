// The folder an SIS's export writes into: a bundle dropped while the portal runs is applied within seconds,
// and one still being written is not read before it is complete.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDirectory } from '../../server/directory/directory';
import { watchDropFolder } from '../../server/roster/drop-folder';
import { rosterServiceFor } from '../../server/roster/roster-service';
import { startPortalProcess, waitForOutput } from '../helpers/portal-process';
import { smallDistrict, zipOf } from '../helpers/roster-district';
import { createTestStorage } from '../helpers/test-storage';

const ROSTER_CONFIG = {
  usernames: 'sis' as const,
  flagColumns: {},
  holdShare: 0.1,
  dropFolder: null,
  checkEveryMs: 60_000,
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-drop-it-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const until = async (check: () => boolean | Promise<boolean>, ms = 15_000) => {
  for (const end = Date.now() + ms; !(await check()); await new Promise((resolve) => setTimeout(resolve, 50)))
    if (Date.now() > end) throw new Error('timed out');
};

describe('the roster drop folder, with the real importer', () => {
  it('applies a bundle written in pieces only once it is whole, then moves it to done/', async () => {
    const storage = await createTestStorage();
    const roster = rosterServiceFor(storage, { roster: ROSTER_CONFIG, sessionIdleMs: 60_000, sessionMaxMs: 60_000 });
    const folder = path.join(tmp, 'in-process');
    fs.mkdirSync(folder);
    const lines: string[] = [];
    const watch = watchDropFolder({
      folder,
      roster,
      checkEveryMs: 200,
      settleMs: 800,
      log: (line) => lines.push(line),
    });
    try {
      const zip = await zipOf(smallDistrict({ students: 30 }));
      const file = path.join(folder, 'sis-export.zip');
      const half = Math.floor(zip.length / 2);
      fs.writeFileSync(file, zip.subarray(0, half));
      await new Promise((resolve) => setTimeout(resolve, 500));
      fs.appendFileSync(file, zip.subarray(half));
      await until(() => fs.readdirSync(path.join(folder, 'done')).length === 1);
      expect(lines).toEqual([
        expect.stringMatching(/^Roster drop folder: sis-export\.zip applied \(sync 1\) .*people \+31/),
      ]);
      expect(fs.readdirSync(path.join(folder, 'refused'))).toEqual([]);
      expect((await createDirectory(storage).findByUsername('rs.student30'))?.status).toBe('active');
      const [sync] = await roster.history(1);
      expect(sync).toMatchObject({ source: 'drop_folder', outcome: 'applied', sourceName: 'sis-export.zip' });
    } finally {
      await watch.close();
      await storage.close();
    }
  });

  it('is watched by the running portal: a dropped bundle is applied within seconds', async () => {
    const folder = path.join(tmp, 'portal-drop');
    // startPortalProcess, not startListeningPortal: the latter's copy of `output` stops growing once it returns.
    const portal = startPortalProcess({
      PORT: '0',
      GATEHOUSE_DATA_DIR: path.join(tmp, 'portal-data'),
      GATEHOUSE_DEMO: 'off',
      GATEHOUSE_ROSTER_DROP_DIR: folder,
      GATEHOUSE_ROSTER_CHECK_MINUTES: '0.05',
    });
    try {
      const [, port] = (await waitForOutput(portal, /bound to 127\.0\.0\.1:(\d+)/))!;
      await waitForOutput(portal, /Roster drop folder: watching/);
      const dropped = Date.now();
      fs.writeFileSync(path.join(folder, 'nightly.zip'), await zipOf(smallDistrict({ students: 5 })));
      await waitForOutput(portal, /Roster drop folder: nightly\.zip applied/, 20_000);
      expect(Date.now() - dropped).toBeLessThan(10_000);
      expect(fs.readdirSync(path.join(folder, 'done'))).toEqual([expect.stringMatching(/-nightly\.zip$/)]);

      fs.writeFileSync(path.join(folder, 'broken.zip'), 'PK this is not a zip');
      await waitForOutput(portal, /Roster drop folder: broken\.zip refused/, 20_000);
      expect(fs.readdirSync(path.join(folder, 'refused'))).toEqual([expect.stringMatching(/-broken\.zip$/)]);
      // The portal still answers.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(portal.output).not.toContain('Stu1 ');
    } finally {
      await portal.stop();
    }
  });
});
