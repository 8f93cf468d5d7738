import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../http/env';
import { clientIp } from '../../http/request';
import { isRefusal, type SignInGate } from '../sign-in-gate';
import { translate } from '../../../shared/i18n';
import type { OidcProvider, RequestFacts } from './provider';

/**
 * The OIDC provider under the portal's URL: discovery at /.well-known/openid-configuration and everything else
 * under /oidc/. oidc-provider answers on Node's own request and response; the login step is ours
 * (/oidc/interaction/:uid), where the portal's sign-in and the sign-in gate decide.
 */

export interface OidcRoutesDeps {
  oidc: OidcProvider;
  gate: SignInGate;
  publicUrl: string;
  portalCookieName: string;
}

/** The paths oidc-provider reads bodies on: they bypass the portal's body limit (it bounds them at 56 kB). */
export const OIDC_PATHS = /^\/oidc\//;

export function createOidcRoutes(deps: OidcRoutesDeps) {
  const { oidc, gate } = deps;
  const routes = new Hono<AppEnv>();
  const publicUrl = new URL(deps.publicUrl);

  const factsOf = (c: Context<AppEnv>): RequestFacts => {
    let person: ReturnType<SignInGate['signedInPerson']> | undefined;
    return {
      person: () => (person ??= gate.signedInPerson(c)),
      portalToken: getCookie(c, deps.portalCookieName),
      locale: gate.localeOf(c),
      ip: clientIp(c),
    };
  };

  const nodeOf = (c: Context<AppEnv>) => {
    const { incoming, outgoing } = c.env as Partial<HttpBindings>;
    if (!incoming || !outgoing) throw new Error('The OIDC provider needs @hono/node-server (Node request bindings).');
    return { incoming, outgoing };
  };

  const handOver = async (c: Context<AppEnv>) => {
    const { incoming, outgoing } = nodeOf(c);
    oidc.remember(incoming, factsOf(c));
    // Every URL the provider makes (discovery, redirects) is under the public URL, whatever Host was used.
    incoming.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
    incoming.headers['x-forwarded-host'] = publicUrl.host;
    await oidc.current().handle(incoming, outgoing);
    return RESPONSE_ALREADY_SENT;
  };

  routes.get('/oidc/interaction/:uid', async (c) => {
    const { incoming, outgoing } = nodeOf(c);
    const { provider } = oidc.current();
    const uid = c.req.param('uid');
    const expired = {
      reason: 'bad_request' as const,
      problem: translate(gate.localeOf(c), 'oidc.problem.expired'),
    };
    let details;
    try {
      details = await provider.interactionDetails(incoming, outgoing);
    } catch (error) {
      if (!oidc.isSessionNotFound(error)) throw error;
      return gate.refuse(c, expired, await gate.signedInPerson(c), { protocol: 'oidc', at: 'interaction' });
    }
    const person = await gate.signedInPerson(c);
    if (details.uid !== uid) return gate.refuse(c, expired, person, { protocol: 'oidc', at: 'interaction' });
    if (!person) return c.redirect(`/?continue=${encodeURIComponent(`/oidc/interaction/${uid}`)}`, 303);

    const clientId = String(details.params.client_id);
    const outcome = await oidc.admission(incoming, person, clientId, gate.localeOf(c));
    if (isRefusal(outcome)) return gate.refuse(c, outcome, person, { protocol: 'oidc', clientId });

    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant = existing?.accountId === person.id ? existing : new provider.Grant({ accountId: person.id, clientId });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(
      incoming,
      outgoing,
      { login: { accountId: person.id }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return c.redirect(returnTo, 303);
  });
  routes.get('/.well-known/openid-configuration', handOver);
  routes.all('/oidc/*', handOver);
  return routes;
}
