// Threat: session theft and fixation. A fresh 256-bit id at each sign-in, HttpOnly + SameSite=Lax cookie
// (Secure and __Host- over https), idle and absolute timeouts, sign-out ends the session on the server.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestPortal, DEMO_PASSWORD, manualClock, signIn } from '../helpers/test-portal';

describe('sessions', () => {
  it('set an HttpOnly, SameSite=Lax cookie with a new random id at each sign-in', async () => {
    const portal = await createTestPortal();
    const first = await portal.request.post('/api/auth/sign-in', { username: 'demo.teacher', password: DEMO_PASSWORD });
    const second = await portal.request.post('/api/auth/sign-in', {
      username: 'demo.teacher',
      password: DEMO_PASSWORD,
    });
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^gatehouse_session=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(second.headers.get('set-cookie')!.split(';')[0]).not.toBe(cookie.split(';')[0]);
  });

  it('use a Secure __Host- cookie when the portal is served over https', async () => {
    const portal = await createTestPortal({ publicUrl: 'https://portal.lakeside-isd.test' });
    const response = await portal.request.post('/api/auth/sign-in', {
      username: 'demo.teacher',
      password: DEMO_PASSWORD,
    });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-gatehouse_session=[\w-]{43};/);
    expect(cookie).toContain('Secure');
    expect(cookie).not.toContain('Domain=');
    const me = await portal.request.get('/api/auth/me', cookie.split(';')[0]);
    expect(me.status).toBe(200);
  });

  it('end on sign-out, on the server: the old cookie no longer works', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.teacher');
    expect((await portal.request.get('/api/auth/me', cookie)).status).toBe(200);
    const out = await portal.request.post('/api/auth/sign-out', {}, cookie);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/gatehouse_session=;.*Max-Age=0/);
    const after = await portal.request.get('/api/apps/tiles', cookie);
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('not_signed_in');
  });

  it('expire after an hour idle and after twelve hours in all', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now });
    const cookie = await signIn(portal, 'demo.teacher');
    clock.advance(59 * 60_000);
    expect((await portal.request.get('/api/auth/me', cookie)).status).toBe(200);
    clock.advance(61 * 60_000);
    expect((await portal.request.get('/api/auth/me', cookie)).status).toBe(401);

    const busy = await signIn(portal, 'demo.teacher');
    for (let hour = 0; hour < 11; hour++) {
      clock.advance(50 * 60_000);
      expect((await portal.request.get('/api/auth/me', busy)).status).toBe(200);
    }
    clock.advance(200 * 60_000);
    expect((await portal.request.get('/api/auth/me', busy)).status).toBe(401);
  });

  it('stop working when the account is disabled', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.student.g8');
    await portal.directory.deactivate((await portal.directory.findByUsername('demo.student.g8'))!.id);
    expect((await portal.request.get('/api/apps/tiles', cookie)).status).toBe(401);
  });

  it('are stored only as a hash of the cookie value', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.teacher');
    const token = cookie.split('=')[1]!;
    // Found by the hash of the cookie value, never by the value itself.
    expect(await portal.sessions.peekByHash(createHash('sha256').update(token).digest('base64url'))).toBeDefined();
    expect(await portal.sessions.peekByHash(token)).toBeUndefined();
  });
});
