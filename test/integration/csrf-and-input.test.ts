// Threats: cross-site request forgery, and oversized or malformed input reaching the password hasher.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, DEMO_PASSWORD, signIn } from '../helpers/test-portal';

describe('state-changing requests', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  beforeAll(async () => {
    portal = await createTestPortal();
  });
  const body = JSON.stringify({ username: 'demo.teacher', password: DEMO_PASSWORD });

  it('are refused from another origin', async () => {
    const response = await portal.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body,
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('csrf_rejected');
  });

  it('are refused when the browser says the request is cross-site', async () => {
    const cookie = await signIn(portal, 'demo.teacher');
    const response = await portal.request.post('/api/auth/sign-out', {}, cookie, { 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
    expect((await portal.request.get('/api/auth/me', cookie)).status).toBe(200);
  });

  it('are refused as a plain HTML form post (no preflight-free JSON)', async () => {
    const csrfRefusals = async () =>
      (await portal.audit.list({ limit: 50 })).filter((row) => row.action === 'request.csrf_rejected');
    const before = (await csrfRefusals()).length;
    const response = await portal.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=demo.teacher&password=${DEMO_PASSWORD}`,
    });
    expect(response.status).toBe(403);
    // Audited when it carried someone's session; an anonymous one costs nothing to send and is not recorded.
    expect(await csrfRefusals()).toHaveLength(before);
    const cookie = await signIn(portal, 'demo.teacher');
    const withSession = await portal.app.request('/api/auth/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: `password=${DEMO_PASSWORD}`,
    });
    expect(withSession.status).toBe(403);
    expect(await csrfRefusals()).toHaveLength(before + 1);
    expect((await csrfRefusals())[0]).toMatchObject({
      actorUsername: 'demo.teacher',
      detail: { route: 'POST /api/auth/sign-out', reason: 'not_json' },
    });
    expect(JSON.stringify(await csrfRefusals())).not.toContain(DEMO_PASSWORD);
  });

  it('name the field that is wrong', async () => {
    const missing = await portal.request.post('/api/auth/sign-in', { username: 'demo.teacher' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: { code: 'invalid_request', message: expect.stringMatching(/^password: /) },
    });
    const long = await portal.request.post('/api/auth/sign-in', {
      username: 'demo.teacher',
      password: 'x'.repeat(129),
    });
    expect((await long.json()).error.message).toBe('password: must be at most 128 characters');
    const notJson = await portal.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
  });

  it('with an oversized body are refused before any hashing', async () => {
    const started = performance.now();
    const response = await portal.request.post('/api/auth/sign-in', {
      username: 'demo.teacher',
      password: 'p',
      padding: 'p'.repeat(20_000),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('body_too_large');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('never echo the password in an error', async () => {
    const secret = 'Sup3r-Secret-Typed-Password';
    const response = await portal.request.post('/api/auth/sign-in', { username: 'demo.teacher', password: secret });
    expect(await response.text()).not.toContain(secret);
  });
});

// Threat: a page elsewhere sending IT's browser to an audited look-up, to fill the audit log in IT's name
// (or to make it look as if IT looked someone up).
describe('audited look-ups', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  let cookie: string;
  let explainPath: string;
  beforeAll(async () => {
    portal = await createTestPortal();
    cookie = await signIn(portal, 'demo.it');
    const student = (await portal.directory.findByUsername('demo.student.g4'))!;
    explainPath = `/api/admin/explain?person=${student.id}&app=${portal.catalog.all()[0]!.id}`;
  });
  const lookUps = async () =>
    (await portal.audit.list({ limit: 200 })).filter((row) =>
      ['admin.explain_access', 'admin.user_search', 'admin.audit_viewed'].includes(row.action),
    );
  const get = (path: string, headers: Record<string, string>) =>
    portal.app.request(path, { headers: { cookie, ...headers } });

  it('sent from another site with IT’s cookie are refused, audited as refusals, and record no look-up', async () => {
    const before = (await lookUps()).length;
    for (const path of [explainPath, '/api/admin/people?q=demo', '/api/admin/audit']) {
      const fromElsewhere: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'https://evil.example' },
      ];
      for (const headers of fromElsewhere) {
        const response = await get(path, headers);
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect((await response.json()).error.code).toBe('csrf_rejected');
      }
    }
    expect(await lookUps()).toHaveLength(before);
    const refusals = (await portal.audit.list({ limit: 200 })).filter((row) => row.action === 'request.csrf_rejected');
    expect(refusals).toHaveLength(9);
    expect(refusals.at(-1)).toMatchObject({
      outcome: 'failure',
      actorUsername: 'demo.it',
      detail: { route: 'GET /api/admin/explain', reason: 'cross_site', fetchSite: 'cross-site' },
    });
  });

  it('from the portal’s own page, or typed into the address bar, still work and are recorded', async () => {
    const before = (await lookUps()).length;
    expect((await get(explainPath, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await get('/api/admin/people?q=demo', { 'sec-fetch-site': 'none' })).status).toBe(200);
    expect((await get('/api/admin/audit', {})).status).toBe(200);
    expect(await lookUps()).toHaveLength(before + 3);
  });
});
