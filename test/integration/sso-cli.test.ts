// IT registers SSO apps from the command line: the same checks as the Apps page (a bad metadata file is refused
// naming the problem), a client secret printed once and never by `show` or `list`, exit 2 for a mistaken line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { spMetadata } from '../helpers/sp-metadata-files';
import { createTestPortal } from '../helpers/test-portal';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-sso-cli-'));
const cli = (...args: string[]) => runCli(['sso', ...args], { GATEHOUSE_DATA_DIR: dataDir });
const fileAt = (name: string) => path.join(dataDir, name);

describe('sso on the command line', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  beforeAll(async () => {
    portal = await createTestPortal({ databaseFile: fileAt('gatehouse.sqlite') });
  });
  afterAll(async () => {
    portal.changes.close();
    await portal.storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers an OIDC client, prints its secret once, and shows it nowhere after', async () => {
    const registered = cli(
      'register',
      'clever',
      '--oidc',
      '--redirect-uri',
      'https://clever.example.test/callback',
      '--subject',
      'email',
      '--claims',
      'email,given_name',
    );
    expect(registered.status, registered.stderr).toBe(0);
    const secret = /Client secret: (\S+)/.exec(registered.stdout)?.[1];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(registered.stdout).toContain('will not show it again');

    const shown = cli('show', 'clever');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('Redirect URI: https://clever.example.test/callback');
    expect(shown.stdout).toContain('Claims sent: email, given_name');
    const listed = cli('list');
    expect(listed.stdout).toMatch(/clever\s+OIDC\s+client gatehouse-/);
    for (const output of [shown.stdout, listed.stdout]) expect(output).not.toContain(secret);
    const audited = (await portal.audit.list({ limit: 10 })).find((row) => row.action === 'sso.registered');
    expect(audited?.detail).toMatchObject({ via: 'cli', protocol: 'oidc' });
    expect(JSON.stringify(await portal.audit.list({ limit: 50 }))).not.toContain(secret);

    const rotated = cli('rotate-secret', 'clever');
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(/Client secret: (\S+)/.exec(rotated.stdout)?.[1]).not.toBe(secret);
  });

  it('registers a SAML app from its metadata file, and refuses a bad one naming the problem', async () => {
    fs.writeFileSync(fileAt('canvas.xml'), spMetadata({ entityId: 'https://canvas.example.test/sp' }));
    const registered = cli(
      'register',
      'canvas',
      '--saml',
      '--metadata',
      fileAt('canvas.xml'),
      '--subject',
      'email',
      '--claims',
      'email',
      '--attribute',
      'email=mail',
      '--name-id-format',
      'emailAddress',
    );
    expect(registered.status, registered.stderr).toBe(0);
    expect(registered.stdout).toContain('Entity ID: https://canvas.example.test/sp');
    expect(registered.stdout).toContain('ACS (post, default): https://sp.example.test/acs');
    expect(registered.stdout).not.toContain('Client secret');
    expect((await portal.registrations.byAppId('app-canvas'))?.spEntityId).toBe('https://canvas.example.test/sp');

    fs.writeFileSync(fileAt('bad.xml'), spMetadata({ acs: [] }));
    const refused = cli('register', 'naviance', '--saml', '--metadata', fileAt('bad.xml'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('no AssertionConsumerService');
    expect(await portal.registrations.byAppId('app-naviance')).toBeUndefined();
  });

  it('exits 2 naming the mistake in a command line', () => {
    const cases: [string[], string][] = [
      [['register', 'clever', '--oidc', '--saml'], 'either --oidc or --saml'],
      [['register', 'clever', '--oidc', '--claims', 'shoe_size'], '"shoe_size" is not a claim'],
      [['register', 'clever', '--oidc', '--colour', 'red'], 'does not know "--colour"'],
      [['register', 'no-such-app', '--oidc', '--redirect-uri', 'https://x.test/'], 'No app has the slug'],
      [['register', 'clever', '--oidc'], 'needs at least one redirect URI'],
      [['show'], 'sso needs an action and an app'],
    ];
    for (const [args, says] of cases) {
      const run = cli(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(says);
    }
  });

  it('removes a registration', async () => {
    expect(cli('remove', 'canvas').status).toBe(0);
    expect(await portal.registrations.byAppId('app-canvas')).toBeUndefined();
    expect(cli('show', 'canvas').status).toBe(1);
  });
});
