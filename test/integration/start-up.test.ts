// What a person sees when starting the portal: a production (https) start must not create the demo
// district with its published password, and a port already in use is one clear line, not a stack trace.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite-storage';
import { isEmpty } from '../../server/demo/seed';
import { startPortalProcess, waitForOutput } from '../helpers/portal-process';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-start-up-'));
const startPortal = startPortalProcess;
const waitFor = waitForOutput;

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe('starting the portal', () => {
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('on an https:// address does not create the demo district unless asked, and says so in one line', async () => {
    const dataDir = path.join(tmp, 'https');
    const portal = startPortal({
      PORT: '0',
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_PUBLIC_URL: 'https://my.lakeside.org',
    });
    await waitFor(portal, /bound to 127\.0\.0\.1:\d+[\s\S]*Browser extension/);
    portal.server.kill('SIGTERM');
    expect(await portal.exited).toBe(0);

    const demoLines = portal.output.split('\n').filter((line) => line.startsWith('Demo district'));
    expect(demoLines).toEqual([expect.stringContaining('GATEHOUSE_DEMO=on')]);
    expect(demoLines[0]).toContain('not created');
    expect(portal.output).not.toContain('demo.admin');
    const storage = openSqliteStorage(path.join(dataDir, 'gatehouse.sqlite'));
    expect(await isEmpty(storage)).toBe(true);
    await storage.close();
  });

  it('on a port already in use prints one line naming the port and PORT, and exits non-zero', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const portal = startPortal({ PORT: String(port), GATEHOUSE_DATA_DIR: path.join(tmp, 'busy') });
      const code = await Promise.race([
        portal.exited,
        new Promise((r) => setTimeout(() => r('still running'), 20_000)),
      ]);
      if (code === 'still running') portal.server.kill('SIGKILL');
      expect(code).not.toBe(0);
      expect(code).toEqual(expect.any(Number));
      const problem = portal.output.split('\n').filter((line) => line.includes(String(port)));
      expect(problem).toEqual([expect.stringMatching(/already in use.*\bPORT=/)]);
      expect(portal.output).not.toMatch(STACK_FRAME);
      expect(portal.output).not.toContain('EADDRINUSE');
    } finally {
      holder.close();
    }
  });
});
