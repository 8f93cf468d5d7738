// Reliability: SIGTERM (a deploy, a reboot) lets sign-ins already in flight finish before the database closes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SERVER = path.resolve('dist/server/main.js');
const PASSWORD = 'Shutdown-Test-Pass-1';

describe('graceful shutdown', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-shutdown-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('finishes in-flight sign-ins on SIGTERM, then exits cleanly', async () => {
    if (!fs.existsSync(SERVER))
      throw new Error('dist/server/main.js is missing: run `npm run build:server` (npm test does it).');
    const server = spawn(process.execPath, [SERVER], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_DEMO_PASSWORD: PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk));
    server.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
      server.stdout.on('data', () => {
        const match = /bound to 127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });

    const signIn = (username = 'demo.teacher') =>
      fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      }).then((response) => response.status);
    // Six people's sign-ins queue behind two hashing slots: when the first answers, the others are still in
    // flight. (Six at once for one account would get the sixth a 429: an account has at most five tries in flight.)
    const people = ['demo.teacher', 'demo.principal', 'demo.it', 'demo.admin', 'demo.student.g8', 'demo.student.g11'];
    const inFlight = people.map((username) => signIn(username));
    await Promise.race(inFlight);
    server.kill('SIGTERM');

    expect(await Promise.all(inFlight)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: finishing in-flight requests');
    await expect(signIn()).rejects.toThrow();
  });
});
