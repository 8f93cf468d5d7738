// District IT lets people in from the command line (the built CLI, on the portal's own database and vault key):
// a claim code it prints claims the account through the API, once; a reset's temporary password signs in once and
// leads only to choosing a new one, and the old password stops; a totp-reset makes the next sign-in enrol again.
// Refusals exit 1 naming the person, mistakes exit 2, and no secret ever reaches stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayName } from '../../server/directory/directory';
import { createVaultCipher, ensureVaultKeyFile } from '../../server/vault/cipher';
import type { SignedInAnswer, TotpEnrolment } from '../../shared/accounts';
import { pdfText } from '../helpers/badge-pdf';
import { runCli } from '../helpers/run-cli';
import { createTestPortal, DEMO_PASSWORD, signIn } from '../helpers/test-portal';
import { testEngine } from '../helpers/test-storage';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-accounts-cli-'));
let portal: Awaited<ReturnType<typeof createTestPortal>>;
let env: Record<string, string>;
/** Every secret a run printed, and every run's stderr: checked against each other at the end. */
const secrets: string[] = [];
const stderrs: string[] = [];

const cli = (...args: string[]) => {
  const run = runCli(args, env);
  stderrs.push(run.stderr);
  return run;
};

const NEW_PASSWORD = 'violet harbour lantern';
const RECOVERY = [
  { question: 'first_pet', answer: 'Biscuit' },
  { question: 'favourite_food', answer: 'tamales' },
  { question: 'dream_job', answer: 'astronaut' },
];
const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;
const DAY = 86_400_000;

async function signInAnswer(username: string, password: string) {
  const response = await portal.request.post('/api/auth/sign-in', { username, password });
  const body = (await response.json()) as SignedInAnswer;
  return { status: response.status, next: body.next, cookie: response.status === 200 ? cookieOf(response) : '' };
}

const person = async (username: string) => (await portal.directory.findByUsername(username))!;

const auditOf = async (action: string, username: string) => {
  const { id } = await person(username);
  return (await portal.audit.list({ limit: 200 })).filter((row) => row.action === action && row.subjectUserId === id);
};

beforeAll(async () => {
  // The CLI opens the vault key from the data folder: the portal uses the same one (fixed passwords are sealed).
  const keyFile = path.join(dataDir, 'keys', 'vault-keys.json');
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  ensureVaultKeyFile(keyFile);
  portal = await createTestPortal({
    cipher: createVaultCipher({ file: keyFile }),
    accounts: { staffSecondFactor: 'required' },
    ...(testEngine === 'sqlite' ? { databaseFile: path.join(dataDir, 'gatehouse.sqlite') } : {}),
  });
  const url = (portal.storage as { url?: string }).url;
  env = { GATEHOUSE_DATA_DIR: dataDir, ...(url ? { GATEHOUSE_DATABASE_URL: url } : {}) };
});
afterAll(async () => {
  await portal.storage.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('accounts claim-code', () => {
  it('prints a code that claims the account through the API, once; a newer code stops the older one', async () => {
    // As a new roster account arrives: no password yet.
    await portal.directory.setPasswordHash((await person('demo.student.g8')).id, null);
    const first = cli('accounts', 'claim-code', 'demo.student.g8');
    expect(first.status).toBe(0);
    const name = displayName(await person('demo.student.g8'));
    const older = /^Give (.+) this claim code: (\S+)$/m.exec(first.stdout);
    expect(older?.[1]).toBe(name);
    expect(first.stdout).toMatch(/^It works once, until .+, at http:\/\/127\.0\.0\.1:8787\/claim$/m);
    expect(first.stdout).toContain('with the username demo.student.g8');
    expect(first.stderr).toBe('');

    const json = cli('accounts', 'claim-code', 'demo.student.g8', '--json');
    expect(json.status).toBe(0);
    const answer = JSON.parse(json.stdout) as { username: string; claimCode: string; expiresAt: string };
    expect(Object.keys(answer)).toEqual(['username', 'claimCode', 'expiresAt']);
    expect(answer.username).toBe('demo.student.g8');
    expect(answer.claimCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(Math.abs(Date.parse(answer.expiresAt) - (Date.now() + 14 * DAY))).toBeLessThan(60_000);
    secrets.push(older![2]!, answer.claimCode);

    const check = (code: string) => portal.request.post('/api/auth/claim/check', { username: 'demo.student.g8', code });
    expect((await check(older![2]!)).status).toBe(401);
    expect((await check(answer.claimCode)).status).toBe(200);

    const claim = () =>
      portal.request.post('/api/auth/claim', {
        username: 'demo.student.g8',
        code: answer.claimCode,
        password: NEW_PASSWORD,
        recovery: RECOVERY,
      });
    expect((await claim()).status).toBe(200);
    expect((await claim()).status).toBe(401);
    expect((await signInAnswer('demo.student.g8', NEW_PASSWORD)).status).toBe(200);

    const issued = await auditOf('account.claim_code_issued', 'demo.student.g8');
    expect(issued).toHaveLength(2);
    expect(issued.every((row) => row.actorUserId === null)).toBe(true);
  });

  it('refuses (exit 1) a child the school gives a password, and issues nothing', async () => {
    const run = cli('accounts', 'claim-code', 'demo.student.k');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\(demo\.student\.k\) gets a password from the school, not a claim code/);
    expect(run.stdout).toBe('');
    expect(await auditOf('account.claim_code_issued', 'demo.student.k')).toEqual([]);
  });
});

describe('accounts reset', () => {
  it('gives a temporary password that signs in once, only to choose a new one; the old one stops at once', async () => {
    const session = await signInAnswer('demo.student.g11', DEMO_PASSWORD);
    expect(session.status).toBe(200);
    const run = cli('accounts', 'reset', 'demo.student.g11', '--json');
    expect(run.status).toBe(0);
    const answer = JSON.parse(run.stdout) as { username: string; temporaryPassword: string; expiresAt: string };
    expect(Object.keys(answer)).toEqual(['username', 'temporaryPassword', 'expiresAt']);
    expect(answer.username).toBe('demo.student.g11');
    secrets.push(answer.temporaryPassword);

    expect((await portal.request.get('/api/apps/tiles', session.cookie)).status).toBe(401);
    expect((await signInAnswer('demo.student.g11', DEMO_PASSWORD)).status).toBe(401);
    const first = await signInAnswer('demo.student.g11', answer.temporaryPassword);
    expect(first).toMatchObject({ status: 200, next: 'change_password' });
    expect((await signInAnswer('demo.student.g11', answer.temporaryPassword)).status).toBe(401);
    const chosen = await portal.request.post('/api/auth/password', { password: NEW_PASSWORD }, first.cookie);
    expect(chosen.status).toBe(200);
    expect(await signInAnswer('demo.student.g11', NEW_PASSWORD)).toMatchObject({ status: 200, next: undefined });

    const resets = await auditOf('account.password_reset', 'demo.student.g11');
    expect(resets).toHaveLength(1);
    expect(resets[0]!.actorUserId).toBeNull();
  });

  it('tells a person what to hand over: the temporary password, until when, and that the old one stopped', async () => {
    const run = cli('accounts', 'reset', 'demo.principal');
    expect(run.status).toBe(0);
    const name = displayName(await person('demo.principal'));
    const temporary = new RegExp(`^Give ${name} this temporary password: (\\S+)$`, 'm').exec(run.stdout);
    expect(temporary).not.toBeNull();
    secrets.push(temporary![1]!);
    expect(run.stdout).toMatch(/^It works once, until .+, with the username demo\.principal;$/m);
    expect(run.stdout).toMatch(/Their old password has stopped, and they were signed out everywhere\./);
    expect(await signInAnswer('demo.principal', temporary![1]!)).toMatchObject({
      status: 200,
      next: 'change_password',
    });
  });

  it('gives the youngest a new fixed password, which signs in at once', async () => {
    const run = cli('accounts', 'reset', 'demo.student.k', '--json');
    expect(run.status).toBe(0);
    const answer = JSON.parse(run.stdout) as { username: string; password: string };
    expect(Object.keys(answer)).toEqual(['username', 'password']);
    expect(answer.password).toMatch(/^[a-z]{6,10}\d\d$/);
    secrets.push(answer.password);
    expect((await signInAnswer('demo.student.k', DEMO_PASSWORD)).status).toBe(401);
    expect(await signInAnswer('demo.student.k', answer.password)).toMatchObject({ status: 200, next: undefined });
  });
});

describe('accounts totp-reset', () => {
  it('forgets the authenticator app: the next sign-in asks to enrol again; a second reset is refused', async () => {
    const enrolling = await signInAnswer('demo.teacher', DEMO_PASSWORD);
    expect(enrolling.next).toBe('enrol_totp');
    const started = await portal.request.post('/api/auth/totp/enrolment', {}, enrolling.cookie);
    const { secret } = (await started.json()) as TotpEnrolment;
    secrets.push(secret);
    const confirmed = await portal.request.post(
      '/api/auth/totp/enrolment/confirm',
      { code: await generate({ secret }) },
      enrolling.cookie,
    );
    expect(confirmed.status).toBe(200);
    expect((await signInAnswer('demo.teacher', DEMO_PASSWORD)).next).toBe('totp');

    const run = cli('accounts', 'totp-reset', 'demo.teacher', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ username: 'demo.teacher', reset: true });
    expect((await signInAnswer('demo.teacher', DEMO_PASSWORD)).next).toBe('enrol_totp');
    const reset = await auditOf('account.totp_reset', 'demo.teacher');
    expect(reset).toHaveLength(1);
    expect(reset[0]!.actorUserId).toBeNull();

    const again = cli('accounts', 'totp-reset', 'demo.teacher');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/\(demo\.teacher\) has no authenticator app to reset\. Nothing was changed\./);
  });
});

describe('sheets', () => {
  it('writes a class’s credentials sheet, readable by its owner only; each printed password signs in', async () => {
    const teacher = await person('demo.teacher.k');
    const [homeroom] = await portal.directory.classesTaughtBy(teacher.id);
    const file = path.join(dataDir, 'k.pdf');
    const run = cli('accounts', 'credentials', '--class', homeroom!.id, '--out', file);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Printed \d+ sign-in cards for .+ to .+k\.pdf\.$/m);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const k = await person('demo.student.k');
    const kPassword = (await portal.accounts.fixedPasswordsFor([k])).get(k.id)!;
    secrets.push(kPassword);
    const words = pdfText(file).split(/\s+/);
    expect(words).toContain('demo.student.k');
    expect(words).toContain(kPassword);
    expect(await signInAnswer('demo.student.k', kPassword)).toMatchObject({ status: 200 });
    const audited = (await portal.audit.list({ limit: 50 })).filter(
      (row) => row.action === 'account.credentials_printed',
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]!.actorUserId).toBeNull();

    const again = cli('accounts', 'credentials', '--class', homeroom!.id, '--out', file);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/k\.pdf already exists; nothing was printed\. Add --force/);
  });

  it('writes a claim letter whose code claims the account', async () => {
    await portal.directory.setPasswordHash((await person('demo.student.g8')).id, null);
    const file = path.join(dataDir, 'g8.pdf');
    const run = cli('accounts', 'claim-letters', '--user', 'demo.student.g8', '--out', file, '--language', 'es');
    expect(run.status).toBe(0);
    const text = pdfText(file);
    expect(text).toContain('Activa tu cuenta de Gatehouse');
    const code = /\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\b/.exec(text)![1]!;
    secrets.push(code);
    const check = await portal.request.post('/api/auth/claim/check', { username: 'demo.student.g8', code });
    expect(check.status).toBe(200);
  });
});

describe('refusals and mistakes', () => {
  it.each(['claim-code', 'reset', 'totp-reset'])('%s of an unknown user exits 1, naming them', (action) => {
    const run = cli('accounts', action, 'nobody.here');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/No person has the username "nobody\.here"\. Nothing was changed\./);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['no action', [], /accounts needs claim-code, reset, totp-reset/],
    ['an unknown action', ['frobnicate'], /accounts has no action "frobnicate"/],
    ['no username', ['reset'], /accounts reset needs one USERNAME/],
    ['two usernames', ['reset', 'demo.student.g4', 'demo.student.k'], /accounts reset needs one USERNAME/],
    ['an unknown option', ['reset', 'demo.student.g4', '--yes'], /unknown option "--yes"/],
    ['a sheet without --out', ['credentials', '--class', 'x'], /needs --out FILE\.pdf/],
    ['a sheet without a target', ['credentials', '--out', 'x.pdf'], /needs one of --class ID, --campus ID/],
    ['an unknown language', ['credentials', '--class', 'x', '--out', 'x.pdf', '--language', 'fr'], /en or es/],
  ])('%s exits 2 with the usage, changing nothing', (_, args, problem) => {
    const run = cli('accounts', ...(args as string[]));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(problem);
    expect(run.stderr).toContain('Usage:');
    expect(run.stdout).toBe('');
  });

  it('prints its own help without a database', () => {
    const run = runCli(['accounts', '--help'], { GATEHOUSE_DATA_DIR: path.join(dataDir, 'no-such-folder') });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('accounts claim-code USERNAME [--json]');
    expect(run.stdout).toContain('Exit codes: 0 done, 1 refused');
  });

  it('never printed a secret on stderr', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    for (const secret of secrets) for (const stderr of stderrs) expect(stderr).not.toContain(secret);
  });
});
