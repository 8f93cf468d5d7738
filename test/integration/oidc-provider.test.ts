// Gatehouse as an OpenID Provider, driven end to end on loopback by an independent relying party
// (openid-client). Threats: an app (or an attacker holding a code) getting more than IT chose, a code used twice or
// by another client, a code without its PKCE verifier, a stale request, a person the rules do not give the app.
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/test-portal';
import {
  browser,
  registerClient,
  relyingParty,
  signInAtApp,
  startOidcPortal,
  type OidcPortal,
  type RegisteredClient,
} from '../helpers/oidc-flow';

let portal: OidcPortal;
const clock = manualClock(Date.now());
let clever: RegisteredClient;
let rp: client.Configuration;

beforeAll(async () => {
  portal = await startOidcPortal({ now: clock.now });
  clever = await registerClient(portal, 'app-clever', { claims: ['name', 'grade'] });
  rp = await relyingParty(portal, clever);
});
afterAll(() => portal.close());

describe('the OIDC provider', () => {
  it('publishes discovery under the portal URL with PKCE S256 and ES256', async () => {
    const metadata = rp.serverMetadata();
    expect(metadata.issuer).toBe(portal.origin);
    expect(metadata.authorization_endpoint).toBe(`${portal.origin}/oidc/auth`);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['ES256']);
  });

  it('signs a child in with exactly the claims IT chose', async () => {
    const child = browser(portal);
    await child.signIn('demo.student.k');
    const tokens = await signInAtApp(rp, clever, child);
    const claims = tokens.claims()!;
    expect(claims.sub).toBe('demo.student.k');
    expect(claims.name).toBeTruthy();
    expect(claims.grade).toBe('KG');
    expect(claims).not.toHaveProperty('email');
    expect(claims).not.toHaveProperty('preferred_username');
    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, claims.sub);
    expect(Object.keys(userinfo).sort()).toEqual(['grade', 'name', 'sub']);
  });
});
