// A person's name comes from the SIS. Printed raw by the CLI, escape sequences in it could clear IT's
// terminal and a CR/LF could forge a line of output ("✓ grants access") that the CLI never wrote.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { users } from '../../server/db/schema';
import { sqliteStorage } from '../../server/storage/sqlite-storage';
import { seedDemoDistrict } from '../../server/demo/seed';
import { runCli } from '../helpers/run-cli';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-terminal-'));
const db = openDatabase(path.join(dataDir, 'gatehouse.sqlite'));
await seedDemoDistrict(sqliteStorage(db), 'not-a-real-hash', Date.now());
db.update(users)
  .set({ givenName: 'Ana\x1b[2J\x1b[H', familyName: 'Ruiz\r\nFORGED LINE ✓ grants access\u202e' })
  .where(eq(users.username, 'demo.teacher.noschedule'))
  .run();
db.$client.close();

describe('the CLI shows SIS text without letting it act on the terminal', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('explain prints a hostile display name escaped, on the line it belongs to', () => {
    const run = runCli(['explain', 'demo.teacher.noschedule', 'clever'], { GATEHOUSE_DATA_DIR: dataDir });
    expect(run.status).toBe(0);
    const output = run.stdout + run.stderr;
    expect(output).not.toMatch(/[\x1b\r\u202e]/);
    expect(output.split('\n').some((line) => line.startsWith('FORGED LINE'))).toBe(false);
    expect(run.stdout).toContain('Ana\\x1b[2J\\x1b[H Ruiz\\r\\nFORGED LINE ✓ grants access\\u202e');
  });

  it('keeps a file quoted in an error message on one line', () => {
    const file = path.join(dataDir, 'connectors-from-elsewhere.json');
    fs.writeFileSync(file, 'x\nFORGED LINE\x1b[2J');
    const run = runCli(['connectors', 'import', file], { GATEHOUSE_DATA_DIR: dataDir });
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain('\x1b');
    expect(run.stderr.split('\n').some((line) => line.startsWith('FORGED'))).toBe(false);
  });

  it('escapes what a person typed when it is echoed back in an error', () => {
    const run = runCli(['explain', 'nobody\r\nFORGED', 'clever'], { GATEHOUSE_DATA_DIR: dataDir });
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr.split('\n').some((line) => line.startsWith('FORGED'))).toBe(false);
  });
});
