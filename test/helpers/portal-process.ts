import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { withoutGatehouseSettings } from './run-cli';

const SERVER = path.resolve('dist/server/main.js');

export type PortalProcess = ReturnType<typeof startPortalProcess>;

/** Starts the built portal as district IT runs it; `output` grows as it prints, `exited` gives its exit code. */
export function startPortalProcess(env: Record<string, string>) {
  if (!fs.existsSync(SERVER))
    throw new Error('dist/server/main.js is missing: run `npm run -s build` (npm test does it).');
  const server = spawn(process.execPath, [SERVER], {
    // Staff sign in with a password alone unless a test asks for the district's default (second factor required).
    env: { ...withoutGatehouseSettings(process.env), HOST: '127.0.0.1', GATEHOUSE_STAFF_SECOND_FACTOR: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const portal = {
    server,
    output: '',
    exited: new Promise<number | null>((resolve) => server.on('exit', resolve)),
    async stop() {
      if (server.exitCode === null) server.kill('SIGTERM');
      return portal.exited;
    },
  };
  server.stdout.on('data', (chunk) => (portal.output += chunk));
  server.stderr.on('data', (chunk) => (portal.output += chunk));
  return portal;
}

/** Waits until the portal has printed `pattern`; returns the match. */
export async function waitForOutput(portal: PortalProcess, pattern: RegExp, timeoutMs = 20_000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((r) => setTimeout(r, 50))) {
    const match = pattern.exec(portal.output);
    if (match) return match;
  }
  throw new Error(`the portal did not print ${pattern}:\n${portal.output}`);
}

/** Starts the portal and waits until it listens; returns its own base URL (it binds an ephemeral port). */
export async function startListeningPortal(env: Record<string, string>) {
  const portal = startPortalProcess({ PORT: '0', ...env });
  const [, port] = (await waitForOutput(portal, /bound to 127\.0\.0\.1:(\d+)/))!;
  return { ...portal, url: `http://127.0.0.1:${port}` };
}
