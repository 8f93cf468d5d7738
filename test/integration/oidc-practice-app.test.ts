// The demo's practice OIDC app (Who Am I?) signs a kindergartner in through the portal and shows exactly the
// claims its registration gives: what a district's IT sees when trying the provider by hand.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PRACTICE_OIDC } from '../../server/demo/practice-oidc';
import { startFixtureApps, type FixtureApps } from '../fixtures/fixture-apps';
import { browser, startOidcPortal, type OidcPortal } from '../helpers/oidc-flow';

let portal: OidcPortal;
let apps: FixtureApps;

beforeAll(async () => {
  portal = await startOidcPortal();
  apps = await startFixtureApps({ port: 0, portalUrl: portal.origin });
  // The demo registered the practice app on port 8790; this run serves it on a free port.
  const registration = (await portal.registrations.byAppId(PRACTICE_OIDC.appId))!;
  const { version: _v, updatedAt: _u, updatedBy: _b, ...fields } = registration;
  const origin = apps.origin(PRACTICE_OIDC.slug);
  await portal.registrations.save({
    fields: { ...fields, redirectUris: [`${origin}/callback`], postLogoutRedirectUris: [`${origin}/`] },
    change: 'edited',
    actor: null,
    now: Date.now(),
  });
});
afterAll(async () => {
  await apps.close();
  await portal.close();
});

/** A request to the practice app as Chromium's host-resolver rule sends it: to 127.0.0.1, Host practice-oidc.test. */
function visit(path: string, cookie = '') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: apps.port,
        path,
        headers: { Host: `${PRACTICE_OIDC.slug}.test:${apps.port}`, Cookie: cookie },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}
const cookieOf = (headers: http.IncomingHttpHeaders) => headers['set-cookie']![0]!.split(';')[0]!;

it('signs a kindergartner in through the portal and shows the claims it received', async () => {
  const child = browser(portal);
  await child.signIn('demo.student.k');
  const start = await visit('/login');
  expect(start.status).toBe(302);
  const { leftTo } = await child.follow(start.headers.location!);
  expect(leftTo!.host).toBe(`${PRACTICE_OIDC.slug}.test:${apps.port}`);
  const callback = await visit(leftTo!.pathname + leftTo!.search, cookieOf(start.headers));
  expect(callback.status).toBe(303);
  const home = await visit('/', cookieOf(callback.headers));
  expect(home.body).toContain('Signed in as');
  for (const claim of ['sub', 'given_name', 'role', 'grade', 'campus']) expect(home.body).toContain(`>${claim}<`);
  expect(home.body).toContain('&quot;KG&quot;');
  expect(home.body).not.toContain('>email<');
  expect(home.body).not.toContain('demo.student.k');
});
