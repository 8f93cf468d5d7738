import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import * as client from 'openid-client';
import type { AssertionClaim, SubjectIdentifier } from '../../shared/federation';
import { sealClientSecret } from '../../server/federation/oidc/client-secret';
import { createTestPortal, DEMO_PASSWORD } from './test-portal';

/**
 * The OIDC provider on a real loopback server (oidc-provider answers on Node's own request, so `app.request()`
 * cannot drive it), an independent relying party (openid-client) and a cookie-keeping "browser" that follows
 * redirects by hand.
 */

export type TestPortalOptions = NonNullable<Parameters<typeof createTestPortal>[0]>;

export async function startOidcPortal(options: TestPortalOptions = {}) {
  let handle: (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: (request, env) => handle(request, env), hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started as Server),
    );
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const portal = await createTestPortal({ ...options, publicUrl: origin });
  handle = (request, env) => portal.app.fetch(request, env);
  return {
    ...portal,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type OidcPortal = Awaited<ReturnType<typeof startOidcPortal>>;

export interface RegisteredClient {
  appId: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

/** Registers an app of the demo catalog as an OIDC client, as IT would (the registration store, sealed secret). */
export async function registerClient(
  portal: OidcPortal,
  appId: string,
  options: { subject?: SubjectIdentifier; claims?: AssertionClaim[]; publicClient?: boolean } = {},
): Promise<RegisteredClient> {
  const clientId = `client-${appId}`;
  const clientSecret = options.publicClient ? undefined : `secret-${appId}-0123456789abcdef`;
  const redirectUri = `http://${appId}.test/callback`;
  const postLogoutRedirectUri = `http://${appId}.test/signed-out`;
  await portal.registrations.save({
    fields: {
      appId,
      protocol: 'oidc',
      clientId,
      clientSecret: clientSecret ? sealClientSecret(portal.cipher, appId, clientSecret) : null,
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [postLogoutRedirectUri],
      spEntityId: null,
      spMetadata: null,
      acsEndpoints: [],
      nameIdFormat: null,
      subject: options.subject ?? 'username',
      claims: options.claims ?? ['name', 'grade'],
      attributeNames: {},
    },
    change: 'created',
    actor: null,
    now: Date.now(),
  });
  return { appId, clientId, clientSecret, redirectUri, postLogoutRedirectUri };
}

/** The relying party: openid-client configured from the portal's discovery document. */
export async function relyingParty(portal: OidcPortal, registered: RegisteredClient) {
  const auth = registered.clientSecret ? client.ClientSecretBasic(registered.clientSecret) : client.None();
  return client.discovery(new URL(portal.origin), registered.clientId, undefined, auth, {
    execute: [client.allowInsecureRequests],
  });
}

/** A browser's cookies for the portal, and requests that never follow a redirect by themselves. */
export function browser(portal: OidcPortal) {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      const gone = attributes.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (gone || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const get = async (url: string | URL) =>
    keep(await fetch(new URL(url, portal.origin), { redirect: 'manual', headers: { cookie: cookie() } }));
  return {
    jar,
    get,
    async post(url: string | URL, form: Record<string, string>) {
      return keep(
        await fetch(new URL(url, portal.origin), {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', origin: portal.origin },
          body: new URLSearchParams(form),
        }),
      );
    },
    async signOut() {
      const response = await fetch(`${portal.origin}/api/auth/sign-out`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: portal.origin, cookie: cookie() },
        body: '{}',
      });
      if (response.status !== 204) throw new Error(`sign-out: ${response.status}`);
      keep(response);
    },
    async signIn(username: string) {
      const response = await fetch(`${portal.origin}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: portal.origin, cookie: cookie() },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`sign-in as ${username}: ${response.status}`);
      keep(response);
    },
    /** Follows redirects on the portal; stops at the first response that is not one, or that leaves the portal. */
    async follow(start: string | URL) {
      let response = await get(start);
      const visited: string[] = [String(start)];
      for (;;) {
        const autoPost = response.status === 200 ? await autoSubmittedForm(response.clone()) : undefined;
        if (autoPost) {
          visited.push(autoPost.action);
          response = await this.post(autoPost.action, autoPost.fields);
          continue;
        }
        if (![302, 303].includes(response.status)) break;
        const next = new URL(response.headers.get('location')!, portal.origin);
        if (next.origin !== portal.origin) return { response, leftTo: next, visited };
        visited.push(next.pathname);
        response = await get(next);
      }
      return { response, leftTo: undefined, visited };
    },
  };
}
export type TestBrowser = ReturnType<typeof browser>;

/** oidc-provider's self-submitting form (a browser's script posts it at once): its action and hidden fields. */
async function autoSubmittedForm(response: Response) {
  const page = await response.text();
  if (!page.includes('<title>Submitting Callback</title>')) return undefined;
  const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
  const fields = Object.fromEntries([...page.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return { action, fields };
}

/** The RP's authorization request with a fresh PKCE verifier and state. */
export async function authorizationRequest(
  rp: client.Configuration,
  registered: RegisteredClient,
  extra: Record<string, string> = {},
) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: registered.redirectUri,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  return { url, verifier, state };
}

/** Signs in at the app through the portal: the browser comes back to the app's redirect URI with a code. */
export async function codeFor(
  rp: client.Configuration,
  registered: RegisteredClient,
  person: TestBrowser,
  extra: Record<string, string> = {},
) {
  const request = await authorizationRequest(rp, registered, extra);
  const { leftTo, response } = await person.follow(request.url);
  if (!leftTo) throw new Error(`no redirect back to the app: ${response.status} ${await response.text()}`);
  return { ...request, callback: leftTo };
}

/** The whole flow: a code, then the tokens for it (PKCE and state checked by openid-client). */
export async function signInAtApp(rp: client.Configuration, registered: RegisteredClient, person: TestBrowser) {
  const { callback, verifier, state } = await codeFor(rp, registered, person);
  return client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: verifier, expectedState: state });
}
