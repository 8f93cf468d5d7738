// Threat: IT's "Test this connector" becomes a way to leak a test password (into the audit log, a response, the
// database after use) or to replay it: released twice, after its expiry, to someone else's extension, or to
// anyone but IT. And a test must never touch the app's real stored sign-ins or its health.
import { describe, expect, it } from 'vitest';
import { createTestRunStore } from '../../server/connector-tests/test-run-store';
import { RUN_SETTLES_MS, TEST_RUN_MS } from '../../server/connector-tests/connector-tests';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import type { ConnectorTestRunView, ConnectorTestStarted } from '../../shared/connector-tests';
import { errorCode, pairExtension } from '../helpers/extension-client';
import { createTestPortal, manualClock, PUBLIC_URL, signIn } from '../helpers/test-portal';

const READING = fixtureAppId('reading-garden');
const ORIGIN = fixtureOrigin('reading-garden');
const TEST_ACCOUNT = { username: 'test.pupil', password: 'Test-Account-Pass-9z' };

async function itWithExtension(clock = manualClock()) {
  const portal = await createTestPortal({ now: clock.now });
  const it = await signIn(portal, 'demo.it');
  const extension = await pairExtension(portal, it, { publicUrl: PUBLIC_URL, now: clock.now });
  const start = async (body: object = { appId: READING, ...TEST_ACCOUNT }, cookie = it) =>
    portal.request.post('/api/admin/connector-tests', body, cookie);
  const started = async (body?: object) => {
    const response = await start(body);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as ConnectorTestStarted;
  };
  const view = async (runId: string) => {
    const response = await portal.request.get(`/api/admin/connector-tests/${runId}`, it);
    return {
      response,
      run: response.ok ? ((await response.clone().json()) as { run: ConnectorTestRunView }).run : null,
    };
  };
  const release = (runId: string, ext = extension, body: object = { appId: READING, origin: ORIGIN }) =>
    ext.call('POST', `/api/extension/connector-tests/${runId}/release`, body);
  const report = (runId: string, body: object, ext = extension) =>
    ext.call('POST', `/api/extension/connector-tests/${runId}/outcome`, body);
  const audits = async (action: string) =>
    (await portal.audit.list({ limit: 200 })).filter((row) => row.action === action);
  return { portal, it, extension, clock, start, started, view, release, report, audits };
}

describe('starting a connector test', () => {
  it('is for IT only: anyone else gets a 403 that is audited', async () => {
    const { portal, start } = await itWithExtension();
    for (const who of ['demo.teacher', 'demo.principal', 'demo.student.g4']) {
      const cookie = await signIn(portal, who);
      const refused = await start(undefined, cookie);
      expect(refused.status).toBe(403);
      const [denied] = (await portal.audit.list({ limit: 5 })).filter((row) => row.action === 'access.denied');
      expect(denied).toMatchObject({ actorUsername: who, detail: { route: 'POST /api/admin/connector-tests' } });
    }
  });

  it('gives IT a run waiting for its extension, with where the app lives and no secret', async () => {
    const { started, view, audits } = await itWithExtension();
    const { run, ticket } = await started();
    expect(ticket).toEqual({ runId: run.id, appId: READING, launchUrl: `${ORIGIN}/login`, origins: [ORIGIN] });
    expect(run).toMatchObject({ state: 'waiting', outcome: null, releasedAt: null });
    expect((await view(run.id)).run).toMatchObject({ state: 'waiting' });
    expect((await audits('connector.test_run'))[0]).toMatchObject({
      outcome: 'success',
      actorUsername: 'demo.it',
      appId: READING,
      detail: { runId: run.id, connector: 'version 1' },
    });
  });

  it('tests the editor’s unsaved connector, and names the field of a problem in it', async () => {
    const { started, release, start, audits } = await itWithExtension();
    const definition = {
      launchUrl: `${ORIGIN}/login`,
      origins: [ORIGIN],
      login: { mode: 'fill', fields: { username: '#user', password: '#pass' } },
    };
    const { run } = await started({ appId: READING, definition, ...TEST_ACCOUNT });
    const released = (await (await release(run.id)).json()) as { connector: { login: { fields: object } } };
    expect(released.connector.login.fields).toEqual({ username: '#user', password: '#pass' });

    const broken = await start({ appId: READING, definition: { ...definition, origins: [] }, ...TEST_ACCOUNT });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({
      error: { code: 'connector_invalid', message: /^definition\.origins/ },
    });
    expect((await audits('connector.test_run'))[0]).toMatchObject({
      outcome: 'failure',
      detail: { reason: 'connector_invalid' },
    });
  });

  it('refuses an app that is not in the catalog', async () => {
    const { start } = await itWithExtension();
    const response = await start({ appId: 'app-nowhere', ...TEST_ACCOUNT });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('test_app_not_found');
  });
});

describe('releasing a test run to the extension', () => {
  it('releases the test credential once, then wipes it from the database', async () => {
    const { portal, started, release, view } = await itWithExtension();
    const { run } = await started();
    const stored = await createTestRunStore(portal.storage).find(run.id);
    expect(JSON.stringify(stored)).not.toContain(TEST_ACCOUNT.password);

    const first = await release(run.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ credential: TEST_ACCOUNT, connector: { origins: [ORIGIN] } });
    const again = await release(run.id);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('test_run_used');
    expect(await createTestRunStore(portal.storage).find(run.id)).toMatchObject({ username: '', password: '' });
    expect((await view(run.id)).run).toMatchObject({ state: 'running' });
  });

  it('releases nothing once IT has been shown how the run ended', async () => {
    const { started, release, report, view } = await itWithExtension();
    const { run } = await started();
    // The extension failed before it could release (the page left the app's origins).
    expect((await report(run.id, { outcome: 'failed', reason: 'origin_mismatch' })).status).toBe(204);
    expect((await view(run.id)).run).toMatchObject({ state: 'finished' });
    const late = await release(run.id);
    expect(late.status).toBe(409);
    expect(await errorCode(late)).toBe('test_run_finished');
  });

  it('refuses a run after its five minutes', async () => {
    const { started, release, clock, view } = await itWithExtension();
    const { run } = await started();
    clock.advance(TEST_RUN_MS - 1_000);
    const { run: late } = await started();
    clock.advance(1_000);
    const expired = await release(run.id);
    expect(expired.status).toBe(410);
    expect(await errorCode(expired)).toBe('test_run_expired');
    expect((await view(run.id)).run).toMatchObject({ state: 'expired' });
    expect((await release(late.id)).status).toBe(200); // the control: a run still within its time
  });

  it('wipes the sealed credential of a run that expired unreleased', async () => {
    const { portal, started, clock } = await itWithExtension();
    const { run } = await started();
    clock.advance(TEST_RUN_MS);
    await started();
    expect(await createTestRunStore(portal.storage).find(run.id)).toMatchObject({ username: '', password: '' });
  });

  it('releases exactly once to a burst of concurrent requests', async () => {
    const { started, release, audits } = await itWithExtension();
    const { run } = await started();
    const answers = await Promise.all(Array.from({ length: 12 }, () => release(run.id)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(11);
    const released = await audits('connector.test_released');
    expect(released.filter((row) => row.outcome === 'success')).toHaveLength(1);
  });

  it('refuses another IT person’s extension, and audits the attempt', async () => {
    const { portal, started, release, clock, audits } = await itWithExtension();
    const { run } = await started();
    const admin = await signIn(portal, 'demo.admin');
    const other = await pairExtension(portal, admin, { publicUrl: PUBLIC_URL, now: clock.now });
    const refused = await release(run.id, other);
    expect(refused.status).toBe(404);
    expect(await errorCode(refused)).toBe('test_run_not_found');
    expect((await audits('connector.test_released'))[0]).toMatchObject({
      outcome: 'failure',
      actorUsername: 'demo.admin',
      detail: { reason: 'test_run_not_found' },
    });
    expect((await release(run.id)).status).toBe(200); // still there for its own IT person
    const peek = await portal.request.get(`/api/admin/connector-tests/${run.id}`, admin);
    expect(peek.status).toBe(404);
    expect((await audits('access.denied'))[0]).toMatchObject({
      actorUsername: 'demo.admin',
      detail: { reason: 'test_run_not_found' },
    });
  });

  it('refuses a page on an origin the tested connector does not list, and another app', async () => {
    const { started, release } = await itWithExtension();
    const { run } = await started();
    const foreign = await release(run.id, undefined, { appId: READING, origin: 'http://evil.test:8790' });
    expect(await errorCode(foreign)).toBe('origin_not_allowed');
    const otherApp = fixtureAppId('math-meadow');
    const mismatch = await release(run.id, undefined, { appId: otherApp, origin: fixtureOrigin('math-meadow') });
    expect(await errorCode(mismatch)).toBe('test_run_app_mismatch');
  });
});

describe('what a test run reports', () => {
  it('comes back with whom a failure points at and what the extension saw, and leaves the real sign-ins alone', async () => {
    const { portal, started, release, report, view, audits } = await itWithExtension();
    const healthBefore = await portal.vault.launches.health();
    const { run } = await started();
    expect(await errorCode(await report(run.id, { outcome: 'submitted' }))).toBe('test_run_not_released');
    await release(run.id);
    const seen = {
      step: 0,
      fields: { username: 'matched', password: 'matched' },
      submit: 'button',
      signal: 'failure',
    };
    expect((await report(run.id, { outcome: 'submitted' })).status).toBe(204);
    expect((await report(run.id, { outcome: 'failed', reason: 'credentials_rejected', seen })).status).toBe(204);
    expect((await view(run.id)).run).toMatchObject({
      state: 'finished',
      outcome: 'failed',
      reason: 'credentials_rejected',
      blame: 'credential',
      seen,
    });
    const late = await report(run.id, { outcome: 'succeeded' });
    expect(await errorCode(late)).toBe('test_run_finished');
    expect(
      (await audits('connector.test_outcome')).find((row) => row.outcome === 'success' && row.detail?.reason),
    ).toMatchObject({ detail: { outcome: 'failed', reason: 'credentials_rejected', blame: 'credential', seen } });
    // Nothing of the vault's: no launch counted, no hold placed on anyone's stored sign-in.
    expect(await portal.vault.launches.health()).toEqual(healthBefore);
    const people = await Promise.all(
      ['demo.it', 'demo.student.g4'].map((name) => portal.directory.findByUsername(name)),
    );
    expect(await portal.vault.launches.currentHoldsFor(people.map((person) => person!.id))).toEqual([]);
  });

  it('is finished once the extension has had its time, even without a final report', async () => {
    const { started, release, report, view, clock } = await itWithExtension();
    const { run } = await started();
    await release(run.id);
    await report(run.id, { outcome: 'submitted' });
    clock.advance(RUN_SETTLES_MS - 1_000);
    expect((await view(run.id)).run).toMatchObject({ state: 'running', outcome: 'submitted' });
    clock.advance(1_000);
    expect((await view(run.id)).run).toMatchObject({ state: 'finished', outcome: 'submitted' });
  });

  it('never shows the test password outside the release', async () => {
    const { portal, started, release, report, view, start } = await itWithExtension();
    const responses: string[] = [];
    const { run } = await started();
    responses.push(JSON.stringify(run), await (await view(run.id)).response.text());
    await release(run.id);
    responses.push(await (await report(run.id, { outcome: 'succeeded' })).text());
    responses.push(await (await start({ appId: READING, definition: { origins: [] }, ...TEST_ACCOUNT })).text());
    const everything = JSON.stringify(await portal.audit.list({ limit: 200 }));
    expect(everything).toContain('connector.test_outcome'); // the control: the rows are there
    for (const text of [...responses, everything]) {
      expect(text).not.toContain(TEST_ACCOUNT.password);
      expect(text).not.toContain(TEST_ACCOUNT.username);
    }
  });
});
