// Gatehouse as an OpenID Provider, driven end to end on loopback by an independent relying party
// (openid-client). Threats: an app getting more than IT chose, a code used twice or by another client, a code
// without its PKCE verifier, a stale request, a person the rules do not give the app, a shared Chromebook's
// next child inheriting a sign-in, ID tokens that stop verifying when the signing key rotates.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStoredSigningKey } from '../../server/extension/signing-keys';
import { manualClock } from '../helpers/test-portal';
import { tamperWithDatabase } from '../helpers/database-tampering';
import {
  authorizationRequest,
  browser,
  codeFor,
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
let canvas: RegisteredClient;
let rp: client.Configuration;
let canvasRp: client.Configuration;

beforeAll(async () => {
  portal = await startOidcPortal({ now: clock.now });
  clever = await registerClient(portal, 'app-clever', { claims: ['name', 'grade'] });
  // A browser app: a public client, PKCE only.
  canvas = await registerClient(portal, 'app-canvas', { subject: 'pairwise', claims: ['role'], publicClient: true });
  rp = await relyingParty(portal, clever);
  canvasRp = await relyingParty(portal, canvas);
});
afterAll(() => portal.close());

const auditRows = async (action: string) =>
  (await portal.audit.list({ limit: 200 })).filter((row) => row.action === action);
const signedIn = async (username: string) => {
  const person = browser(portal);
  await person.signIn(username);
  return person;
};

describe('the OIDC provider', () => {
  it('publishes discovery under the portal URL: endpoints under /oidc/, PKCE S256, ES256', async () => {
    const metadata = rp.serverMetadata();
    expect(metadata.issuer).toBe(portal.origin);
    expect(metadata.authorization_endpoint).toBe(`${portal.origin}/oidc/auth`);
    expect(metadata.jwks_uri).toBe(`${portal.origin}/oidc/jwks`);
    expect(metadata.end_session_endpoint).toBe(`${portal.origin}/oidc/session/end`);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['ES256']);
  });

  it('signs a child in with exactly the claims IT chose, and audits the ID token with the claim names', async () => {
    const child = await signedIn('demo.student.k');
    const tokens = await signInAtApp(rp, clever, child);
    const claims = tokens.claims()!;
    expect(claims.sub).toBe('demo.student.k');
    expect(claims.grade).toBe('KG');
    expect(typeof claims.name).toBe('string');
    for (const other of ['email', 'preferred_username', 'role', 'campus', 'given_name'])
      expect(claims).not.toHaveProperty(other);
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('ES256');
    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, claims.sub);
    expect(Object.keys(userinfo).sort()).toEqual(['grade', 'name', 'sub']);
    const [assertion] = await auditRows('sso.assertion');
    expect(assertion).toMatchObject({ appId: 'app-clever', subjectUsername: 'demo.student.k' });
    expect(assertion!.detail).toMatchObject({ protocol: 'oidc', claims: ['name', 'grade'] });
  });

  it('sends a person who is not signed in to the portal sign-in, and on once they are', async () => {
    const person = browser(portal);
    const request = await authorizationRequest(rp, clever);
    const interaction = (await person.get(request.url)).headers.get('location')!;
    const toSignIn = await person.get(interaction);
    expect(toSignIn.status).toBe(303);
    const signInPage = new URL(toSignIn.headers.get('location')!, portal.origin);
    expect(signInPage.pathname).toBe('/');
    const continuePath = signInPage.searchParams.get('continue')!;
    expect(continuePath).toBe(new URL(interaction, portal.origin).pathname);
    await person.signIn('demo.teacher');
    const after = await person.follow(continuePath);
    expect(after.leftTo!.origin + after.leftTo!.pathname).toBe(clever.redirectUri);
    const tokens = await client.authorizationCodeGrant(rp, after.leftTo!, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    expect(tokens.claims()!.sub).toBe('demo.teacher');
  });

  it('refuses, with a page in words, a redirect URI the app did not register (audited)', async () => {
    const person = await signedIn('demo.student.k');
    const request = await authorizationRequest(rp, clever, { redirect_uri: 'http://evil.test/callback' });
    const { response, leftTo } = await person.follow(request.url);
    expect(leftTo).toBeUndefined();
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('has not registered');
    expect(page).not.toContain('redirect_uri');
    expect((await auditRows('sso.refused')).some((row) => row.detail?.error === 'invalid_redirect_uri')).toBe(true);
  });

  it('refuses a replayed code and revokes the tokens the first use gave', async () => {
    const person = await signedIn('demo.student.k');
    const { callback, verifier, state } = await codeFor(rp, clever, person);
    const checks = { pkceCodeVerifier: verifier, expectedState: state };
    const first = await client.authorizationCodeGrant(rp, callback, checks);
    await expect(client.authorizationCodeGrant(rp, callback, checks)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(rp, first.access_token, 'demo.student.k')).rejects.toThrow();
    expect((await auditRows('sso.refused')).some((row) => row.detail?.error === 'invalid_grant')).toBe(true);
  });

  it('spends a code once when several token requests race with it', async () => {
    const person = await signedIn('demo.student.g4');
    const { callback, verifier, state } = await codeFor(rp, clever, person);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: verifier, expectedState: state }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses a code swapped to another client', async () => {
    const person = await signedIn('demo.student.g8');
    const { callback, verifier } = await codeFor(rp, clever, person);
    await expect(
      client.authorizationCodeGrant(canvasRp, callback, {
        pkceCodeVerifier: verifier,
        expectedState: client.skipStateCheck,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('requires PKCE: a request without a challenge goes back to the app refused, a wrong verifier gets no token', async () => {
    const person = await signedIn('demo.student.k');
    const url = client.buildAuthorizationUrl(rp, { redirect_uri: clever.redirectUri, scope: 'openid', state: 's1' });
    const { leftTo } = await person.follow(url);
    expect(leftTo?.searchParams.get('error')).toBe('invalid_request');
    expect(leftTo?.searchParams.has('code')).toBe(false);

    const { callback, state } = await codeFor(rp, clever, person);
    const wrong = client.randomPKCECodeVerifier();
    await expect(
      client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: wrong, expectedState: state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code used after its minute, and a sign-in left unfinished past ten minutes', async () => {
    const person = await signedIn('demo.student.k');
    const { callback, verifier, state } = await codeFor(rp, clever, person);
    clock.advance(61_000);
    await expect(
      client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: verifier, expectedState: state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });

    const request = await authorizationRequest(rp, clever);
    const stranger = browser(portal);
    const toInteraction = await stranger.get(request.url);
    const interaction = toInteraction.headers.get('location')!;
    expect(interaction).toMatch(/\/oidc\/interaction\//);
    clock.advance(11 * 60_000);
    const stale = await stranger.get(interaction);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('started too long ago');
  });

  it('shows a child the rules do not give the app a page saying why, and audits it', async () => {
    const child = await signedIn('demo.student.k');
    const request = await authorizationRequest(canvasRp, canvas);
    const { response, leftTo } = await child.follow(request.url);
    expect(leftTo).toBeUndefined();
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Your district has not given you Canvas');
    const refused = (await auditRows('sso.refused')).find((row) => row.appId === 'app-canvas');
    expect(refused?.detail).toMatchObject({ reason: 'not_entitled' });
  });

  it('gives no tokens to a student who lost the app between signing in and the app asking for them', async () => {
    const student = await signedIn('demo.student.g8');
    const { callback, verifier, state } = await codeFor(rp, clever, student);
    // The roster moved her past grade 8: the Clever rules no longer give it to her.
    await tamperWithDatabase(portal.storage, `UPDATE users SET grade = 9 WHERE username = 'demo.student.g8'`);
    try {
      await expect(
        client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: verifier, expectedState: state }),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
      const refused = (await auditRows('sso.refused')).find((row) => row.detail?.reason === 'not_entitled');
      expect(refused).toMatchObject({ appId: 'app-clever', subjectUsername: 'demo.student.g8' });
      expect(refused!.detail).toMatchObject({ reason: 'not_entitled' });
    } finally {
      await tamperWithDatabase(portal.storage, `UPDATE users SET grade = 8 WHERE username = 'demo.student.g8'`);
    }
  });

  it('gives a pairwise sub that differs between apps and stays the same at one app', async () => {
    await registerClient(portal, 'app-naviance', { subject: 'pairwise', claims: [] });
    const student = await signedIn('demo.student.g11');
    const naviance = {
      ...clever,
      appId: 'app-naviance',
      clientId: 'client-app-naviance',
      clientSecret: 'secret-app-naviance-0123456789abcdef',
      redirectUri: 'http://app-naviance.test/callback',
    };
    const navianceRp = await relyingParty(portal, naviance);
    const once = (await signInAtApp(canvasRp, canvas, student)).claims()!.sub;
    const again = (await signInAtApp(canvasRp, canvas, student)).claims()!.sub;
    const elsewhere = (await signInAtApp(navianceRp, naviance, student)).claims()!.sub;
    expect(once).toBe(again);
    expect(elsewhere).not.toBe(once);
    expect(once).not.toContain('demo.student.g11');
  });

  it('signs out of the app and, when the person says so, out of the portal too (audited)', async () => {
    for (const portalToo of [false, true]) {
      const person = await signedIn('demo.student.g4');
      const tokens = await signInAtApp(rp, clever, person);
      const endSession = client.buildEndSessionUrl(rp, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: clever.postLogoutRedirectUri,
        state: 'bye',
      });
      const question = await person.get(endSession);
      expect(question.status).toBe(200);
      const page = await question.text();
      expect(page).toContain('Sign out of Clever and the portal');
      const action = /action="([^"]+)"/.exec(page)![1]!;
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
      const done = await person.post(action, portalToo ? { xsrf, logout: 'portal-too' } : { xsrf });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(`${clever.postLogoutRedirectUri}?state=bye`);
      const me = await person.get('/api/auth/me');
      expect(me.status).toBe(portalToo ? 401 : 200);
      const [signedOut] = (await auditRows('sso.signed_out')).slice(0, 1);
      expect(signedOut?.detail).toMatchObject({ protocol: 'oidc', portal: portalToo });
      // Signed out of the app only, the next sign-in there asks the portal again, which still knows them.
      if (!portalToo) expect((await signInAtApp(rp, clever, person)).claims()!.sub).toBe('demo.student.g4');
    }
  });

  it('does not let the next person at a shared computer in on the last one’s sign-in', async () => {
    const chromebook = await signedIn('demo.student.k');
    await signInAtApp(rp, clever, chromebook);
    await chromebook.signOut();
    const request = await authorizationRequest(rp, clever);
    const { leftTo, visited } = await chromebook.follow(request.url);
    expect(leftTo).toBeUndefined();
    expect(visited.at(-1)).toBe('/');
    await chromebook.signIn('demo.student.g4');
    expect((await signInAtApp(rp, clever, chromebook)).claims()!.sub).toBe('demo.student.g4');
  });

  it('keeps ID tokens signed before a key rotation verifiable through the JWKS', async () => {
    const person = await signedIn('demo.teacher');
    const before = await signInAtApp(rp, clever, person);
    const oldKid = decodeProtectedHeader(before.id_token!).kid;
    portal.oidcKeyList.push(await generateStoredSigningKey(clock.now() + 1));
    const jwks = (await (await fetch(`${portal.origin}/oidc/jwks`)).json()) as JSONWebKeySet;
    expect(jwks.keys.map((key) => key.kid)).toContain(oldKid);
    expect(jwks.keys).toHaveLength(2);
    expect(jwks.keys.every((key) => !('d' in key))).toBe(true);
    const verified = await jwtVerify(before.id_token!, createLocalJWKSet(jwks), { issuer: portal.origin });
    expect(verified.payload.sub).toBe('demo.teacher');
    const after = await signInAtApp(rp, clever, person);
    expect(decodeProtectedHeader(after.id_token!).kid).toBe(portal.oidcKeyList[1]!.kid);
  });
});
