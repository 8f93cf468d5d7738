// What a person sees when starting the portal: a production (https) start must not create the demo
// district with its published password, and a port already in use is one clear line, not a stack trace.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite-storage';
import { isEmpty } from '../../server/demo/seed';
import { withoutGatehouseSettings } from '../helpers/run-cli';

const SERVER = path.resolve('dist/server/main.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-start-up-'));

/** Starts the built portal; `output` grows as it prints, `exited` gives its exit code. */
function startPortal(env: Record<string, string>) {
  if (!fs.existsSync(SERVER))
    throw new Error('dist/server/main.js is missing: run `npm run -s build` (npm test does it).');
  const server = spawn(process.execPath, [SERVER], {
    env: { ...withoutGatehouseSettings(process.env), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const portal = { server, output: '', exited: new Promise<number | null>((resolve) => server.on('exit', resolve)) };
  server.stdout.on('data', (chunk) => (portal.output += chunk));
  server.stderr.on('data', (chunk) => (portal.output += chunk));
  return portal;
}

async function waitFor(portal: ReturnType<typeof startPortal>, pattern: RegExp) {
  for (const started = Date.now(); Date.now() - started < 20_000; await new Promise((r) => setTimeout(r, 50)))
    if (pattern.test(portal.output)) return;
  throw new Error(`the portal did not print ${pattern}:\n${portal.output}`);
}

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
