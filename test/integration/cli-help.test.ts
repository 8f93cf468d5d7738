// A newcomer's first try is `cli --help`: it must list what the CLI can do, not call the request an error.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';

const COMMANDS = [
  'explain',
  'apps',
  'backup',
  'connectors',
  'vault',
  'rotate-key',
  'rotate-signing-key',
  'rotate-oidc-keys',
  'extension-policy',
  'badges',
  'grants',
];

/** Each command on a usage line of its own, followed by a description. */
function listsEveryCommand(usage: string) {
  for (const command of COMMANDS) expect(usage).toMatch(new RegExp(`^  gatehouse ${command}\\b.*\\n?.*\\w+ \\w+`, 'm'));
}

describe('cli help', () => {
  it.each(['--help', '-h', 'help'])('%s prints the usage with every command and exits 0', (word) => {
    const run = runCli([word], { GATEHOUSE_DATA_DIR: '/nonexistent/gatehouse-data' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    listsEveryCommand(run.stdout);
  });

  it('an unknown command prints the usage to stderr and exits 2', () => {
    const run = runCli(['frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('"frobnicate"');
    listsEveryCommand(run.stderr);
  });

  it('no command at all is the same as an unknown one', () => {
    const run = runCli([]);
    expect(run.status).toBe(2);
    listsEveryCommand(run.stderr);
  });
});
