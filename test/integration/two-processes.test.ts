// Two portal processes behind a (round-robin) load balancer, sharing one PostgreSQL: they must behave as
// one portal. Sessions made on one are valid on the other, and every single-use rule (pairing code, launch,
// proof id) holds when the two uses land on different processes at the same moment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManagedDeviceSecrets } from '../../server/extension/managed-device-secrets';
import type { ManagedDeviceSecret } from '../../shared/extension/managed-proof';
import { createDeviceKey, errorCode, pairExtension, redeem, signProof } from '../helpers/extension-client';
import { startListeningPortal } from '../helpers/portal-process';
import { runCli } from '../helpers/run-cli';
import { freshPostgresDatabase } from '../helpers/test-storage';

const PUBLIC_URL = 'http://portal.test:8787';
const DEMO_PASSWORD = 'Two-Processes-Demo-1';
const APP_ID = 'app-reading-garden';
const APP_ORIGIN = 'http://reading-garden.test:8790';

type Requestable = { request: (path: string, init?: RequestInit) => Promise<Response> };

/** The portal as the browser and the extension reach it: through `pick`, which names the process per request. */
function portalVia(pick: () => string, deviceSecret: ManagedDeviceSecret) {
  const app: Requestable = { request: (path, init) => fetch(`${pick()}${path}`, init) };
  const post = (path: string, body: unknown, cookie?: string) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  return { app, deviceSecret, request: { post, get } };
}

async function signIn(portal: ReturnType<typeof portalVia>, username: string, password = DEMO_PASSWORD) {
  const response = await portal.request.post('/api/auth/sign-in', { username, password });
  if (response.status !== 200) throw new Error(`sign-in as ${username}: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

const statuses = (responses: Response[]) => responses.map((response) => response.status).sort();

describe('two portal processes on one PostgreSQL', { timeout: 120_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-two-'));
  let processes: Awaited<ReturnType<typeof startListeningPortal>>[] = [];
  let env: Record<string, string>;
  let deviceSecret: ManagedDeviceSecret;
  let a: ReturnType<typeof portalVia>;
  let b: ReturnType<typeof portalVia>;
  let roundRobin: ReturnType<typeof portalVia>;

  beforeAll(async () => {
    env = {
      GATEHOUSE_DATABASE_URL: await freshPostgresDatabase(),
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_PUBLIC_URL: PUBLIC_URL,
      GATEHOUSE_DEMO: 'on',
      GATEHOUSE_DEMO_PASSWORD: DEMO_PASSWORD,
    };
    // The first start creates the key files and the demo district; the second shares both.
    processes.push(await startListeningPortal(env));
    processes.push(await startListeningPortal(env));
    deviceSecret = createManagedDeviceSecrets({
      file: path.join(dataDir, 'keys', 'managed-device-secrets.json'),
    }).current();
    const [first, second] = processes.map((each) => each.url) as [string, string];
    a = portalVia(() => first, deviceSecret);
    b = portalVia(() => second, deviceSecret);
    let turn = 0;
    roundRobin = portalVia(() => (turn++ % 2 === 0 ? first : second), deviceSecret);
  });
  afterAll(async () => {
    await Promise.all(processes.map((each) => each.stop()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo district once, whichever process started first', async () => {
    const apps = await (await a.request.get('/api/portal')).json();
    expect(apps).toEqual({ districtName: 'Lakeside ISD' });
    expect(processes.every((each) => !/error/i.test(each.output))).toBe(true);
  });

  it('serves one signed-in person through sign-in, dashboard, pairing, launch and release, round-robin', async () => {
    const cookie = await signIn(roundRobin, 'demo.teacher');
    const tiles = await roundRobin.request.get('/api/apps/tiles', cookie);
    expect(tiles.status).toBe(200);
    expect(((await tiles.json()) as { tiles: { id: string }[] }).tiles.map((tile) => tile.id)).toContain(APP_ID);
    const extension = await pairExtension(roundRobin, cookie, { publicUrl: PUBLIC_URL });
    const launch = await extension.call('POST', '/api/extension/launches', { appId: APP_ID });
    expect(launch.status).toBe(200);
    const { launchId } = (await launch.json()) as { launchId: string };
    const release = await extension.call('POST', `/api/extension/launches/${launchId}/release`, {
      appId: APP_ID,
      origin: APP_ORIGIN,
    });
    expect(release.status).toBe(200);
    expect(((await release.json()) as { credential: { username: string } }).credential.username).toBe('demo.teacher');
  });

  it('ends a session everywhere when it is signed out on one process', async () => {
    const cookie = await signIn(a, 'demo.student.g11');
    expect((await b.request.get('/api/auth/me', cookie)).status).toBe(200);
    expect((await b.request.post('/api/auth/sign-out', {}, cookie)).status).toBeLessThan(300);
    expect((await a.request.get('/api/auth/me', cookie)).status).toBe(401);
  });

  it('redeems a pairing code once when both processes get it at the same moment', async () => {
    const cookie = await signIn(a, 'demo.teacher');
    const { code } = (await (await a.request.post('/api/auth/extension/pairing-code', {}, cookie)).json()) as {
      code: string;
    };
    const answers = await Promise.all([
      redeem(a, code, await createDeviceKey()),
      redeem(b, code, await createDeviceKey()),
    ]);
    expect(statuses(answers)[0]).toBe(200);
    expect(statuses(answers)[1]).toBeGreaterThanOrEqual(400);
  });

  it('releases a launch once when both processes are asked at the same moment', async () => {
    const cookie = await signIn(a, 'demo.teacher');
    const onA = await pairExtension(a, cookie, { publicUrl: PUBLIC_URL });
    const onB = {
      ...onA,
      call: (await pairExtension(b, cookie, { publicUrl: PUBLIC_URL, deviceKey: onA.deviceKey })).call,
    };
    const { launchId } = (await (await onA.call('POST', '/api/extension/launches', { appId: APP_ID })).json()) as {
      launchId: string;
    };
    const body = { appId: APP_ID, origin: APP_ORIGIN };
    const releasePath = `/api/extension/launches/${launchId}/release`;
    const answers = await Promise.all([onA.call('POST', releasePath, body), onB.call('POST', releasePath, body)]);
    expect(statuses(answers)).toEqual([200, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(await errorCode(refused)).toBe('launch_used');
  });

  it('accepts a device proof once when it is replayed to the other process at the same moment', async () => {
    const cookie = await signIn(a, 'demo.teacher');
    const extension = await pairExtension(a, cookie, { publicUrl: PUBLIC_URL });
    const proof = await signProof(extension.deviceKey, {
      method: 'GET',
      url: `${PUBLIC_URL}/api/extension/me`,
      token: extension.session.token,
    });
    const headers = { authorization: `DPoP ${extension.session.token}`, dpop: proof };
    const answers = await Promise.all([
      a.app.request('/api/extension/me', { headers }),
      b.app.request('/api/extension/me', { headers }),
    ]);
    expect(statuses(answers)).toEqual([200, 401]);
  });

  it('ends extension sessions on every process when IT ends them on one', async () => {
    const cookie = await signIn(a, 'demo.student.g11');
    const extension = await pairExtension(b, cookie, { publicUrl: PUBLIC_URL });
    expect((await extension.call('GET', '/api/extension/me')).status).toBe(200);
    const itCookie = await signIn(a, 'demo.it');
    const me = (await (await a.request.get('/api/auth/me', cookie)).json()) as { user: { id: string } };
    const ended = await a.app.request(`/api/admin/people/${me.user.id}/extension-sessions`, {
      method: 'DELETE',
      headers: { origin: PUBLIC_URL, cookie: itCookie, 'content-type': 'application/json' },
    });
    expect(ended.status).toBe(200);
    expect((await extension.call('GET', '/api/extension/me')).status).toBe(401);
  });

  it('counts failed sign-ins from both processes against the same account', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await roundRobin.request.post('/api/auth/sign-in', {
        username: 'demo.student.g4',
        password: 'wrong',
      });
      expect(wrong.status).toBe(401);
    }
    // Five failures in all (three on one process, two on the other): the delay that starts after five is in
    // force on both, even for the right password. Counted per process, neither would have reached it.
    for (const portal of [a, b]) {
      const right = await portal.request.post('/api/auth/sign-in', {
        username: 'demo.student.g4',
        password: DEMO_PASSWORD,
      });
      expect(right.status).toBe(429);
      expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });

  it('puts a connector imported through the CLI in force on both processes within a few seconds', async () => {
    const file = path.join(dataDir, 'connectors.json');
    expect(runCli(['connectors', 'export', file], env).status).toBe(0);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as { connectors: { app: string; launchUrl: string }[] };
    const changed = `${APP_ORIGIN}/sign-in?from=cli`;
    for (const connector of exported.connectors) if (connector.app === 'reading-garden') connector.launchUrl = changed;
    fs.writeFileSync(file, JSON.stringify(exported));
    const imported = runCli(['connectors', 'import', file], env);
    expect(imported.status, imported.stderr).toBe(0);

    const cookie = await signIn(a, 'demo.teacher');
    const launchUrlOn = async (portal: ReturnType<typeof portalVia>) => {
      const response = await portal.request.post(`/api/vault/apps/${APP_ID}/launch`, {}, cookie);
      return ((await response.json()) as { launchUrl: string }).launchUrl;
    };
    const deadline = Date.now() + 3_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = [await launchUrlOn(a), await launchUrlOn(b)];
      if (seen.every((url) => url === changed)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toEqual([changed, changed]);
  });
});
