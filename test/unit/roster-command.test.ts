// The roster command's output: a bar that redraws itself on a terminal, a line per phase in a log, and the
// report's text; SIS text cannot act on the terminal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROSTER_KINDS, type RosterReport } from '../../shared/roster';
import { terminalOutput } from '../../server/cli/terminal-output';
import { rosterCommand } from '../../server/roster/roster-command';
import type { RosterService } from '../../server/roster/roster-service';

const zero = { added: 0, changed: 0, deactivated: 0, reactivated: 0, unchanged: 0 };
const applied: RosterReport = {
  syncId: 4,
  outcome: 'applied',
  format: 'oneroster-1.1',
  mode: 'bulk',
  fileHash: 'h',
  sourceName: 'x',
  counts: Object.fromEntries(ROSTER_KINDS.map((kind) => [kind, { ...zero, added: 2 }])) as RosterReport['counts'],
  skippedGuardians: 0,
  samples: { added: [], deactivated: [], reactivated: [], changed: [] },
  warnings: [
    {
      code: 'unknown_reference',
      file: 'enrollments.csv',
      line: 9,
      column: 'classSourcedId',
      message: 'c9 \u001b[2J is absent',
    },
  ],
  warningCount: 1,
  errors: [],
  startedAt: 0,
  finishedAt: 0,
};

const service: RosterService = {
  async importFiles(_files, options) {
    for (const phase of ['checking', 'comparing', 'writing'] as const)
      for (let done = 0; done <= 10; done += 5) options.onProgress?.({ phase, done, total: 10 });
    return applied;
  },
  approve: async () => applied,
  history: async () => [],
  report: async () => undefined,
  health: async () => ({ lastGoodSyncAt: null, stale: true, held: 0 }),
};

function capture() {
  let text = '';
  const stream = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
  return { output: terminalOutput(stream), text: () => text };
}

const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-roster-command-'));
fs.writeFileSync(path.join(bundle, 'users.csv'), 'sourcedId\n');

async function run(isTerminal: boolean) {
  const out = capture();
  const err = capture();
  const status = await rosterCommand(service, ['import', bundle], {
    out: out.output,
    err: err.output,
    fail: () => 9,
    isTerminal,
  });
  return { status, out: out.text(), err: err.text() };
}

describe('roster import output', () => {
  it('draws a bar that overwrites itself on a terminal', async () => {
    const { status, err } = await run(true);
    expect(status).toBe(0);
    expect(err).toContain('\r[###############---------------] Checking rows');
    expect(err).toContain('\r[##############################] Writing changes');
    expect(err.endsWith('\n')).toBe(true);
  });

  it('writes a line per phase in a log, and the report with each warning’s place, made safe', async () => {
    const { out, err } = await run(false);
    expect(err).toBe('Checking rows…\nComparing with the portal…\nWriting changes…\n');
    expect(out).toContain('Applied: x (oneroster-1.1, bulk)');
    expect(out).toContain('  enrollments.csv line 9, column classSourcedId: c9 \\x1b[2J is absent');
    expect(out).not.toContain('\u001b');
  });
});
