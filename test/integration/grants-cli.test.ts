// District IT gives and revokes grants from the command line (the built CLI, on the portal's own database): a grant
// it gives works in the portal at once and is audited with no actor; a revoke stops it at once; a mistake exits 2
// naming what is wrong and changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPUS } from '../../server/demo/lakeside';
import type { GrantView } from '../../shared/grants';
import { runCli } from '../helpers/run-cli';
import { createTestPortal, signIn } from '../helpers/test-portal';
import { testEngine } from '../helpers/test-storage';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-grants-cli-'));
let portal: Awaited<ReturnType<typeof createTestPortal>>;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(['grants', ...args], env);

const auditOf = async (action: string) =>
  (await portal.audit.list({ limit: 200 })).filter((row) => row.action === action);

/** Whether the person may reset a student of the middle school through the API now. */
async function mayResetOnMiddleSchool(username: string) {
  const student = (await portal.directory.studentsOnCampus(CAMPUS.middle))[0]!;
  const cookie = await signIn(portal, username);
  return (await portal.request.post('/api/accounts/reset', { userId: student.id }, cookie)).status === 200;
}

beforeAll(async () => {
  portal = await createTestPortal({
    ...(testEngine === 'sqlite' ? { databaseFile: path.join(dataDir, 'gatehouse.sqlite') } : {}),
  });
  const url = (portal.storage as { url?: string }).url;
  env = { GATEHOUSE_DATA_DIR: dataDir, ...(url ? { GATEHOUSE_DATABASE_URL: url } : {}) };
});
afterAll(async () => {
  await portal.storage.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('grants give, list, revoke', () => {
  it('gives a delegate that works at once, lists it, and revokes it', async () => {
    expect(await mayResetOnMiddleSchool('demo.teacher.noschedule')).toBe(false);
    const given = cli('give', 'demo.teacher.noschedule', '--kind', 'help_desk', '--expires', 'never');
    expect(given.stderr).toBe('');
    expect(given.status).toBe(0);
    expect(given.stdout).toMatch(
      /^Gave help_desk over the district to .+ \(demo\.teacher\.noschedule\), until revoked/m,
    );
    const grantId = /^Grant id: (\S+)/m.exec(given.stdout)![1]!;
    expect(await mayResetOnMiddleSchool('demo.teacher.noschedule')).toBe(true);
    const [audited] = await auditOf('grant.given');
    expect(audited).toMatchObject({ actorUserId: null, detail: { grantId, kind: 'help_desk', via: 'cli' } });

    const listed = cli('list', '--json');
    expect(listed.status).toBe(0);
    expect((JSON.parse(listed.stdout) as GrantView[]).map((grant) => grant.id)).toEqual([grantId]);

    const revoked = cli('revoke', grantId);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toContain('it has stopped');
    expect(await mayResetOnMiddleSchool('demo.teacher.noschedule')).toBe(false);
    expect((await auditOf('grant.revoked'))[0]).toMatchObject({ actorUserId: null, detail: { grantId } });

    expect(cli('list').stdout).toContain('No grant is in force.');
    expect(cli('list', '--all').stdout).toContain('revoked');
    const again = cli('revoke', grantId);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already ended');
  });

  it('a delegate on a campus, until the day given', () => {
    const given = cli(
      'give',
      'demo.teacher',
      '--kind',
      'delegate',
      '--campus',
      CAMPUS.middle,
      '--rights',
      'print_badges,reset_passwords',
      '--expires',
      '2099-01-31',
    );
    expect(given.status).toBe(0);
    expect(given.stdout).toContain('delegate (print_badges, reset_passwords) on Lakeside Middle School');
    expect(given.stdout).toContain('until 2099-01-31');
    expect(cli('list', '--campus', CAMPUS.middle).stdout).toContain('demo.teacher');
    expect(cli('list', '--campus', CAMPUS.elementary).stdout).toContain('No grant is in force.');
  });

  it.each([
    [['give', 'demo.teacher', '--kind', 'delegate', '--campus', CAMPUS.middle], 'rights: choose at least one'],
    [['give', 'demo.teacher', '--kind', 'wizard'], '--kind is one of'],
    [['give', 'demo.teacher'], '--kind is required'],
    [['give', 'nobody.here', '--kind', 'it'], 'No person has the username "nobody.here"'],
    [['give', 'demo.student.g8', '--kind', 'it'], 'userId: a student cannot hold a grant'],
    [['give', 'demo.teacher', '--kind', 'principal', '--campus', CAMPUS.middle, '--expires', 'never'], 'expiresOn:'],
    [['give', 'demo.teacher', '--kind', 'it', '--expires', 'tomorrow'], '--expires is a day like'],
    [['give', 'demo.teacher', '--kind', 'it', '--rights', 'fly'], '--rights are among'],
    [['give', 'demo.teacher', '--kind', 'it', '--campus', CAMPUS.middle], 'campusId: a district grant'],
    [['list', '--campus', 'nowhere'], '--campus: no active campus'],
    [['revoke'], 'grants revoke needs one GRANT_ID'],
    [['frobnicate'], 'grants has no action "frobnicate"'],
  ])('%j exits 2 naming what is wrong, and gives nothing', async (args, problem) => {
    const before = (await auditOf('grant.given')).length;
    const run = cli(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(problem);
    expect(await auditOf('grant.given')).toHaveLength(before);
  });
});
