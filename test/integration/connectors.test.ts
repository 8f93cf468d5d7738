// App connectors say where a credential may go. A wrong origin here would send a child's password to the
// wrong site, so every connector is checked whole before it is saved, and imports are all-or-nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConnectorStore } from '../../server/connectors/connector-store';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import { createTestPortal, signIn } from '../helpers/test-portal';
import { STARTER_DEFINITION } from '../../server/web/src/pages/connectors/connector-api';
import { runCli } from '../helpers/run-cli';
import { testEngine } from '../helpers/test-storage';
import { within } from '../helpers/two-processes';

const READING = fixtureAppId('reading-garden');

async function asIt(options: Parameters<typeof createTestPortal>[0] = {}) {
  const portal = await createTestPortal(options);
  const cookie = await signIn(portal, 'demo.it');
  const send = (method: string, path: string, body?: unknown) => portal.request.send(method, path, body, cookie);
  const current = async () =>
    (
      (await (await send('GET', `/api/admin/connectors/${READING}`)).json()) as {
        versions: { version: number; definition: Record<string, unknown> }[];
      }
    ).versions;
  return { portal, send, current };
}

const problemsOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; details: { field: string; problem: string }[] } }).error;

describe('app connectors', () => {
  it('save a new version when changed, and nothing when unchanged', async () => {
    const { send, current, portal } = await asIt();
    const [v1] = await current();
    const unchanged = await send('PUT', `/api/admin/connectors/${READING}`, v1!.definition);
    expect(await unchanged.json()).toMatchObject({ changed: false, connector: { version: 1 } });
    const edited = { ...v1!.definition, failure: { element: '#error-banner' } };
    expect(await (await send('PUT', `/api/admin/connectors/${READING}`, edited)).json()).toMatchObject({
      changed: true,
      connector: { version: 2 },
    });
    expect((await current()).map((v) => v.version)).toEqual([2, 1]);
    // The new version is the one launches and releases use, at once.
    expect(portal.connectors.current(READING)).toMatchObject({ version: 2, definition: edited });
    expect((await portal.audit.list({ limit: 3 }))[0]).toMatchObject({
      action: 'connector.saved',
      appId: READING,
      detail: { version: 2 },
    });
  });

  it('refuse origins that are not exact https origins, naming each field', async () => {
    const { send, current } = await asIt();
    const [v1] = await current();
    const bad = {
      ...v1!.definition,
      origins: ['http://reading.example.org', 'https://reading.example.org/login', 'not a url'],
      launchUrl: 'https://elsewhere.example.org/login',
    };
    const response = await send('PUT', `/api/admin/connectors/${READING}`, bad);
    expect(response.status).toBe(400);
    const error = await problemsOf(response);
    expect(error.code).toBe('connector_invalid');
    expect(error.details.map((d) => `${d.field}: ${d.problem}`)).toEqual([
      'origins.0: must use https (http only for localhost and *.test in development)',
      'origins.1: must be an origin only (scheme, host and port, no path)',
      'origins.2: is not a URL',
      'launchUrl: must be on one of the listed origins',
    ]);
    expect((await current()).length).toBe(1);
  });

  it('allow http on loopback and *.test only in development', async () => {
    const { send, current } = await asIt();
    const [v1] = await current();
    expect((await send('PUT', `/api/admin/connectors/${READING}`, v1!.definition)).status).toBe(200);
    const production = await createTestPortal();
    const store = await createConnectorStore(production.storage, production.changes, Date.now, {
      allowDevelopmentHttp: false,
    });
    await expect(store.save(READING, v1!.definition, null)).rejects.toThrow(/must use https/);
  });

  it('refuse a POST whose action leaves the app’s origins, and a recipe without a password field', async () => {
    const { send } = await asIt();
    const base = { launchUrl: 'https://typing.example.org/login', origins: ['https://typing.example.org'] };
    const post = {
      ...base,
      login: { mode: 'post', action: 'https://collector.example.net/steal', fields: { username: 'u', password: 'p' } },
    };
    const noPassword = { ...base, login: { mode: 'fill', fields: { username: '#u' } } };
    expect((await problemsOf(await send('PUT', `/api/admin/connectors/${READING}`, post))).details[0]).toEqual({
      app: READING,
      field: 'login.action',
      problem: 'must be on one of the listed origins',
    });
    expect(
      (await problemsOf(await send('PUT', `/api/admin/connectors/${READING}`, noPassword))).details[0]!.field,
    ).toBe('login.fields');
  });

  it('refuse a CSS selector that does not parse, naming its field path, and audit the refusal', async () => {
    const { send, current, portal } = await asIt();
    const [v1] = await current();
    const definition = v1!.definition as { login: Record<string, unknown> };
    const bad = {
      ...definition,
      login: { ...definition.login, fields: { username: '###', password: '#password' }, submit: 'form >' },
      failure: { element: 'div:no-such-state' },
    };
    const response = await send('PUT', `/api/admin/connectors/${READING}`, bad);
    expect(response.status).toBe(400);
    const error = await problemsOf(response);
    expect(error.code).toBe('connector_invalid');
    expect(error.details.map((d) => d.field)).toEqual(['login.fields.username', 'login.submit', 'failure.element']);
    expect((await current()).length).toBe(1);
    expect((await portal.audit.list({ limit: 1 }))[0]).toMatchObject({
      action: 'connector.saved',
      outcome: 'failure',
      appId: READING,
      detail: { reason: 'connector_invalid', problems: 3 },
    });

    const steps = {
      ...definition,
      login: {
        mode: 'steps',
        steps: [
          { fields: { username: '#username' }, submit: '#next' },
          { fields: { password: '#password' }, submit: '##sign-in' },
        ],
      },
    };
    const stepsError = await problemsOf(await send('PUT', `/api/admin/connectors/${READING}`, steps));
    expect(stepsError.details.map((d) => d.field)).toEqual(['login.steps.1.submit']);
  });

  it('refuse the editor’s starter definition saved unchanged, naming its placeholder address', async () => {
    const { send, portal } = await asIt();
    const lexia = 'app-lexia';
    const response = await send('PUT', `/api/admin/connectors/${lexia}`, STARTER_DEFINITION);
    expect(response.status).toBe(400);
    const error = await problemsOf(response);
    expect(error.code).toBe('connector_invalid');
    expect(error.details.map((d) => d.field)).toEqual(['origins.0', 'launchUrl']);
    expect(portal.connectors.current(lexia)).toBeUndefined();
    // The same recipe on the app's real address is accepted.
    const real = {
      ...STARTER_DEFINITION,
      launchUrl: 'https://lexia.example.org/login',
      origins: ['https://lexia.example.org'],
    };
    expect((await send('PUT', `/api/admin/connectors/${lexia}`, real)).status).toBe(200);
  });

  it('export to a file that imports into another district unchanged', async () => {
    const { send } = await asIt();
    const file = await (await send('GET', '/api/admin/connectors/export')).json();
    expect(file).toMatchObject({ format: 'gatehouse-connectors/1' });
    const other = await asIt();
    const imported = await other.send('POST', '/api/admin/connectors/import', file);
    expect(await imported.json()).toMatchObject({
      ok: true,
      saved: [],
      unchanged: expect.arrayContaining(['reading-garden', 'code-cove']),
    });
  });

  it('import all or nothing, naming every problem', async () => {
    const { send, portal } = await asIt();
    const file = (await (await send('GET', '/api/admin/connectors/export')).json()) as {
      connectors: Record<string, unknown>[];
    };
    file.connectors[0] = { ...file.connectors[0], launchUrl: 'https://evil.example.net/' };
    file.connectors[1] = { ...file.connectors[1], failure: { element: '.changed' } }; // a valid change…
    file.connectors.push({ ...file.connectors[2], app: 'no-such-app' });
    const response = await send('POST', '/api/admin/connectors/import', file);
    expect(response.status).toBe(400);
    const error = await problemsOf(response);
    expect(error.code).toBe('import_rejected');
    expect(error.details.map((d) => d.field)).toEqual(['launchUrl', 'app']);
    // …is not saved either.
    expect(portal.connectors.all().every((connector) => connector.version === 1)).toBe(true);
  });

  it('imported with the CLI, are in force in the running portal within a second', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-connectors-'));
    const { portal, send } = await asIt(
      testEngine === 'sqlite' ? { databaseFile: path.join(dataDir, 'gatehouse.sqlite') } : {},
    );
    const database: Record<string, string> =
      testEngine === 'sqlite' ? {} : { GATEHOUSE_DATABASE_URL: (portal.storage as { url?: string }).url! };
    const file = (await (await send('GET', '/api/admin/connectors/export')).json()) as {
      connectors: { app: string }[];
    };
    const reading = file.connectors.find((connector) => connector.app === 'reading-garden')!;
    Object.assign(reading, { failure: { element: '#changed-by-the-cli' } });
    const fileName = path.join(dataDir, 'connectors.json');
    fs.writeFileSync(fileName, JSON.stringify(file));

    const run = runCli(['connectors', 'import', fileName], { GATEHOUSE_DATA_DIR: dataDir, ...database });
    expect(run.stdout).toContain('Saved 1 (reading-garden)');
    await within(1_500, () => portal.connectors.current(READING)?.version === 2);
    expect(portal.connectors.current(READING)!.definition.failure).toEqual({ element: '#changed-by-the-cli' });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('are for IT only', async () => {
    const portal = await createTestPortal();
    const teacher = await signIn(portal, 'demo.teacher');
    expect((await portal.request.get('/api/admin/connectors', teacher)).status).toBe(403);
  });
});
