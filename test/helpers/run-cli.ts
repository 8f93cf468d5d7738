import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CLI = path.resolve('dist/server/cli.js');

/** The caller's environment minus GATEHOUSE_* settings, so a developer's shell cannot change the result. */
export const withoutGatehouseSettings = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('GATEHOUSE_')));

/** The built CLI as district IT runs it, in `cwd`, with only the given GATEHOUSE_* settings. */
export function runCli(args: string[], env: Record<string, string> = {}, cwd = process.cwd()) {
  if (!fs.existsSync(CLI))
    throw new Error('dist/server/cli.js is missing: run `npm run build:server` (npm test does it).');
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...withoutGatehouseSettings(process.env), ...env },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
