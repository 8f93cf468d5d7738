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
    const response = await portal.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=demo.teacher&password=${DEMO_PASSWORD}`,
    });
    expect(response.status).toBe(403);
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
