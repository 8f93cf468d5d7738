// IT changes the SAML signing certificate from the command line, one rollover step per run, and reads the
// fingerprints to compare with what an app (Google Workspace) shows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { readSamlKeyFile } from '../../server/federation/saml-keys';
import { runCli } from '../helpers/run-cli';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-saml-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const FINGERPRINT = /SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/;

describe('federation rotate-saml-cert', () => {
  it('publishes, then signs with, then drops: one step a run, each saying what comes next', () => {
    openDatabase(path.join(dataDir, 'gatehouse.sqlite')).$client.close();
    const env = { GATEHOUSE_DATA_DIR: dataDir };
    const keyFile = path.join(dataDir, 'keys', 'saml-keys.json');

    const listed = runCli(['federation', 'saml-certs'], env);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(FINGERPRINT);
    const [first] = readSamlKeyFile(keyFile);

    const published = runCli(['federation', 'rotate-saml-cert'], env);
    expect([published.status, published.stderr]).toEqual([0, '']);
    expect(published.stdout).toContain('rollover: published');
    expect(published.stdout.match(/SHA-256/g)).toHaveLength(2);
    expect(readSamlKeyFile(keyFile).find((key) => key.signing)!.id).toBe(first!.id);

    expect(runCli(['federation', 'rotate-saml-cert'], env).stdout).toContain('rollover: promoted');
    expect(readSamlKeyFile(keyFile).find((key) => key.signing)!.id).not.toBe(first!.id);

    const dropped = runCli(['federation', 'rotate-saml-cert'], env);
    expect(dropped.stdout).toContain('rollover: dropped');
    expect(readSamlKeyFile(keyFile).map((key) => key.id)).not.toContain(first!.id);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('refuses an unknown step with the usage, exit 2', () => {
    const run = runCli(['federation', 'rotate-everything'], { GATEHOUSE_DATA_DIR: dataDir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('federation takes rotate-saml-cert or saml-certs.');
  });
});
