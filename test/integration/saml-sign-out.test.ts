// Threat: a shared classroom Chromebook keeps the last child's portal session after she signs out of Google,
// or a link on another site signs people out. `/saml/logout` offers to end the portal session and ends it
// only on a POST from its own page.
import { expect, it } from 'vitest';
import { createTestPortal, signIn } from '../helpers/test-portal';

it('offers to end the portal session after an app sign-out, and ends it only from its own page', async () => {
  const portal = await createTestPortal();
  const cookie = await signIn(portal, 'demo.student.g4');
  const me = async () => (await portal.request.get('/api/auth/me', cookie)).status;

  const offered = await portal.request.get('/saml/logout', cookie);
  expect(offered.status).toBe(200);
  expect(await offered.text()).toContain('Sign out of the portal');

  const elsewhere = await portal.request.post('/saml/logout', {}, cookie, { origin: 'https://other.test' });
  expect(elsewhere.status).toBe(200);
  expect(await me()).toBe(200);

  const fromItsPage = await portal.request.post('/saml/logout', {}, cookie);
  expect(await fromItsPage.text()).toContain('You are signed out of the portal');
  expect(await me()).toBe(401);
  const [audited] = await portal.audit.list({ limit: 1 });
  expect(audited).toMatchObject({ action: 'sso.signed_out', detail: { protocol: 'saml', portal: true } });

  const afterwards = await portal.request.get('/saml/logout', cookie);
  expect(await afterwards.text()).not.toContain('<form');
});
