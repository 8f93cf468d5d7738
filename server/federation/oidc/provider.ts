import type { IncomingMessage } from 'node:http';
import Provider, {
  errors,
  interactionPolicy,
  type Account,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { ASSERTION_CLAIMS, type AssertionClaim } from '../../../shared/federation';
import type { Locale } from '../../../shared/i18n';
import type { AppCatalog } from '../../apps/catalog';
import type { AuditLog } from '../../audit/audit-log';
import type { SessionStore } from '../../auth/sessions';
import type { Directory, Person } from '../../directory/directory';
import type { VaultCipher } from '../../vault/cipher';
import type { OidcKeys } from '../oidc-keys';
import type { RegistrationStore } from '../registration-store';
import { isRefusal, refusalPage, type Assertion, type Refusal, type SignInGate } from '../sign-in-gate';
import { payloadAdapter } from './adapter';
import { openClientSecret } from './client-secret';
import { logoutPage, pageSecurityPolicy, PORTAL_TOO, signedOutPage } from './pages';
import type { OidcPayloadStore } from './payload-store';
import { translate } from '../../../shared/i18n';

/**
 * Gatehouse as an OpenID Provider, built on oidc-provider (OpenID-certified): authorization code with PKCE
 * (S256) for every client, ES256 ID tokens, userinfo, RP-initiated sign-out. The portal's own sign-in is the
 * login step and the sign-in gate decides every authorization: the OIDC session never outlives the portal
 * session it was made from, and never serves another person.
 */

/** The claim names apps receive: OIDC's standard name where there is one. */
export const OIDC_CLAIM_NAMES: Record<AssertionClaim, string> = {
  email: 'email',
  username: 'preferred_username',
  sis_id: 'sis_id',
  given_name: 'given_name',
  family_name: 'family_name',
  name: 'name',
  role: 'role',
  grade: 'grade',
  campus: 'campus',
};
const ALL_CLAIMS = ASSERTION_CLAIMS.map((claim) => OIDC_CLAIM_NAMES[claim]);

/** How long each artifact lives, in seconds. */
export const OIDC_TTL = {
  AuthorizationCode: 60,
  /** Time to finish the portal's sign-in (a child finding her badge) before the app must start again. */
  Interaction: 10 * 60,
  IdToken: 60 * 60,
  AccessToken: 10 * 60,
  /** No longer than a portal session can last; the login check ends it sooner with the portal session. */
  Session: 12 * 60 * 60,
  Grant: 12 * 60 * 60,
};

/** What the Hono route knows about a request before handing it to the provider (which sees only Node's). */
export interface RequestFacts {
  /** The person signed in at the portal, read once per request. */
  person(): Promise<Person | undefined>;
  portalToken: string | undefined;
  locale: Locale;
  ip: string;
}

export interface OidcProviderDeps {
  publicUrl: string;
  payloads: OidcPayloadStore;
  registrations: RegistrationStore;
  catalog: AppCatalog;
  directory: Directory;
  gate: SignInGate;
  audit: AuditLog;
  sessions: SessionStore;
  cipher: VaultCipher;
  keys: OidcKeys;
  /** The portal session's cookie, which signing out of the portal too clears. */
  portalCookie: { name: string; secure: boolean };
  /** Lifetimes other than OIDC_TTL's (tests shorten them). */
  ttl?: Partial<typeof OIDC_TTL>;
}

const AUTHORIZATION_ROUTES = new Set(['authorization', 'resume']);

export type OidcProvider = ReturnType<typeof createOidcProvider>;

export function createOidcProvider(deps: OidcProviderDeps) {
  const { registrations, catalog, directory, gate, audit } = deps;
  const factsOf = new WeakMap<IncomingMessage, RequestFacts>();
  const admissions = new WeakMap<IncomingMessage, Map<string, Promise<Assertion | Refusal>>>();

  /** The gate's answer for this person and client, asked once per request. */
  function admission(req: IncomingMessage, person: Person, clientId: string, locale: Locale) {
    let known = admissions.get(req);
    if (!known) admissions.set(req, (known = new Map()));
    const key = `${person.id}\u0000${clientId}`;
    let answer = known.get(key);
    if (!answer) {
      answer = registrations.byClientId(clientId).then((registration) => gate.admit(person, registration, locale));
      known.set(key, answer);
    }
    return answer;
  }

  async function clientMetadata(clientId: string): Promise<ClientMetadata | undefined> {
    const registration = await registrations.byClientId(clientId);
    const app = registration && catalog.byId(registration.appId);
    if (!registration || registration.protocol !== 'oidc' || !app) return undefined;
    const secret = registration.clientSecret
      ? { client_secret: openClientSecret(deps.cipher, app.id, registration.clientSecret) }
      : {};
    return {
      client_id: clientId,
      client_name: app.name,
      ...secret,
      token_endpoint_auth_method: registration.clientSecret ? 'client_secret_basic' : 'none',
      redirect_uris: registration.redirectUris,
      post_logout_redirect_uris: registration.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      // oidc-provider's one hook for a per-app `sub` is its pairwise identifier; `subjectOf` gives the one IT
      // chose (username, email, SIS id or pairwise). The sector is the app itself, never fetched.
      subject_type: 'pairwise',
      sector_identifier_uri: `https://gatehouse.invalid/oidc-sector/${encodeURIComponent(app.id)}`,
    };
  }

  /** The `sub` this app receives for this person: the identifier its registration names. */
  async function subjectOf(ctx: KoaContextWithOIDC | undefined, accountId: string, clientId: string) {
    const person = await directory.findById(accountId);
    const req = ctx?.req;
    const outcome = person && req && (await admission(req, person, clientId, factsOf.get(req)?.locale ?? 'en'));
    if (!outcome || isRefusal(outcome)) throw new errors.AccessDenied('this app is not given to this person');
    return outcome.subject;
  }

  const appNameFor = async (clientId: string | undefined, locale: Locale) => {
    const registration = clientId ? await registrations.byClientId(clientId) : undefined;
    const app = registration && catalog.byId(registration.appId);
    if (!app) return translate(locale, 'sso.refused.thisApp');
    return (locale === 'es' && app.nameEs) || app.name;
  };

  // oidc-provider puts the account id in `sub` and then maps it through `subjectOf`.
  const claimsOf = (assertion: Assertion) => ({
    sub: assertion.person.id,
    ...Object.fromEntries(
      Object.entries(assertion.claims).map(([claim, value]) => [OIDC_CLAIM_NAMES[claim as AssertionClaim], value]),
    ),
  });

  async function findAccount(ctx: KoaContextWithOIDC, accountId: string): Promise<Account | undefined> {
    const person = await directory.findById(accountId);
    const client = ctx.oidc.client;
    if (!person || person.status !== 'active' || !client) return undefined;
    const facts = factsOf.get(ctx.req);
    const outcome = await admission(ctx.req, person, client.clientId, facts?.locale ?? 'en');
    if (isRefusal(outcome)) {
      // At the authorization endpoint the login check sends the person to the refusal page; past it (a
      // student who lost the app between sign-in and the app's token request) the app gets nothing.
      if (AUTHORIZATION_ROUTES.has(ctx.oidc.route)) return { accountId, claims: () => ({ sub: accountId }) };
      await audit.record({
        action: 'sso.refused',
        outcome: 'failure',
        actorUserId: person.id,
        subjectUserId: person.id,
        appId: outcome.app?.id ?? null,
        ip: facts?.ip ?? null,
        detail: { protocol: 'oidc', reason: outcome.reason, at: ctx.oidc.route },
      });
      ctx.state.refusal = { audited: true };
      return undefined;
    }
    return {
      accountId,
      async claims(use) {
        if (use === 'id_token') await auditAssertion(outcome, facts);
        return claimsOf(outcome);
      },
    };
  }

  const auditAssertion = (assertion: Assertion, facts: RequestFacts | undefined) =>
    audit.record({
      action: 'sso.assertion',
      outcome: 'success',
      actorUserId: assertion.person.id,
      subjectUserId: assertion.person.id,
      appId: assertion.app.id,
      ip: facts?.ip ?? null,
      detail: {
        protocol: 'oidc',
        clientId: assertion.registration.clientId,
        subject: assertion.registration.subject,
        claims: Object.keys(assertion.claims),
      },
    });

  /**
   * Every authorization asks the portal: the person signed in there must be the OIDC session's person and be
   * given the app. Otherwise the login step runs again (the interaction route signs them in or refuses), so a
   * child who signed out of the portal on a shared Chromebook leaves nothing behind for the next one.
   */
  const portalCheck = new interactionPolicy.Check(
    'portal_session',
    'the person signed in at the portal must be given this app',
    async (ctx) => {
      const facts = factsOf.get(ctx.req);
      const person = await facts?.person();
      if (!facts || !person || person.id !== ctx.oidc.session?.accountId) return interactionPolicy.Check.REQUEST_PROMPT;
      const outcome = await admission(ctx.req, person, ctx.oidc.client!.clientId, facts.locale);
      return isRefusal(outcome) ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    },
  );

  /** District-approved clients skip consent: IT chose what each app receives when it registered it. */
  async function loadExistingGrant(ctx: KoaContextWithOIDC) {
    const { client, session } = ctx.oidc;
    const accountId = session?.accountId;
    if (!client || !accountId) return undefined;
    const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
    const grant =
      existing?.accountId === accountId
        ? existing
        : new ctx.oidc.provider.Grant({ accountId, clientId: client.clientId });
    grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
    await grant.save();
    return grant;
  }

  async function renderError(ctx: KoaContextWithOIDC, out: { error: string }, error: Error) {
    const facts = factsOf.get(ctx.req);
    const locale = facts?.locale ?? 'en';
    const refusal: Refusal =
      out.error === 'invalid_client'
        ? { reason: 'unknown_app' }
        : { reason: 'bad_request', problem: translate(locale, problemKey(out.error, error)) };
    ctx.state.refusal = { error: out.error, reason: refusal.reason };
    ctx.type = 'html';
    ctx.set('Content-Security-Policy', pageSecurityPolicy());
    ctx.body = String(await refusalPage(locale, refusal, deps.publicUrl));
  }

  async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
    const locale = factsOf.get(ctx.req)?.locale ?? 'en';
    const client = ctx.oidc.client;
    const returnOrigins = (client?.postLogoutRedirectUris ?? []).map((uri) => new URL(uri).origin);
    ctx.set('Content-Security-Policy', pageSecurityPolicy(returnOrigins));
    ctx.body = await logoutPage(locale, await appNameFor(client?.clientId, locale), form);
  }

  async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
    const locale = factsOf.get(ctx.req)?.locale ?? 'en';
    ctx.set('Content-Security-Policy', pageSecurityPolicy());
    ctx.body = await signedOutPage(locale, await appNameFor(ctx.oidc.client?.clientId, locale), deps.publicUrl);
  }

  /** Refusals of the protocol (an app's bad request, a replayed code) and sign-outs, audited once each. */
  async function auditOutcome(
    ctx: KoaContextWithOIDC,
    problem: { error?: string; reason?: string; audited?: boolean } | undefined,
  ) {
    const logout = ctx.oidc?.params?.logout;
    // `yes` is oidc-provider's own sign-out of the previous person when another signs in on the same browser.
    const signedOut = ctx.oidc?.route === 'end_session_confirm' && ctx.status < 400 && logout !== 'yes';
    if (problem?.audited || (!problem && !signedOut)) return;
    const facts = factsOf.get(ctx.req);
    const clientId = ctx.oidc?.client?.clientId;
    const registration = clientId ? await registrations.byClientId(clientId) : undefined;
    const personId = ctx.oidc?.session?.accountId ?? (await facts?.person())?.id ?? null;
    const common = { actorUserId: personId, subjectUserId: personId, appId: registration?.appId ?? null };
    if (problem) {
      await audit.record({
        action: 'sso.refused',
        outcome: 'failure',
        ...common,
        ip: facts?.ip ?? null,
        detail: {
          protocol: 'oidc',
          reason: problem.reason ?? 'bad_request',
          error: problem.error,
          at: ctx.oidc?.route,
        },
      });
      return;
    }
    if (signedOut) {
      const portalToo = logout === PORTAL_TOO;
      if (portalToo && facts?.portalToken) await endPortalSession(ctx, facts.portalToken);
      await audit.record({
        action: 'sso.signed_out',
        outcome: 'success',
        ...common,
        ip: facts?.ip ?? null,
        detail: { protocol: 'oidc', clientId: clientId ?? null, portal: portalToo },
      });
    }
  }

  async function endPortalSession(ctx: KoaContextWithOIDC, token: string) {
    await deps.sessions.end(token);
    const { name, secure } = deps.portalCookie;
    ctx.append('Set-Cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
  }

  function build() {
    const policy = interactionPolicy.base();
    policy.get('login')!.checks.push(portalCheck);
    const configuration: Configuration = {
      adapter: payloadAdapter(deps.payloads, clientMetadata),
      jwks: deps.keys.signingSet() as Configuration['jwks'],
      findAccount,
      loadExistingGrant,
      renderError,
      interactions: { policy, url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}` },
      routes: {
        authorization: '/oidc/auth',
        token: '/oidc/token',
        userinfo: '/oidc/me',
        jwks: '/oidc/jwks',
        end_session: '/oidc/session/end',
        revocation: '/oidc/token/revocation',
        introspection: '/oidc/token/introspection',
        registration: '/oidc/reg',
        pushed_authorization_request: '/oidc/request',
        code_verification: '/oidc/device',
        device_authorization: '/oidc/device/auth',
        backchannel_authentication: '/oidc/backchannel',
        challenge: '/oidc/challenge',
        credential: '/oidc/credential',
      },
      cookies: {
        keys: [deps.cipher.deriveSecret('oidc-provider-cookies').toString('base64url')],
        names: {
          session: 'gatehouse_oidc_session',
          interaction: 'gatehouse_oidc_interaction',
          resume: 'gatehouse_oidc_resume',
        },
        long: { httpOnly: true, sameSite: 'lax' },
        short: { httpOnly: true, sameSite: 'lax' },
      },
      pkce: { required: () => true },
      subjectTypes: ['pairwise'],
      pairwiseIdentifier: (ctx, accountId, client) => subjectOf(ctx, accountId, client.clientId),
      sectorIdentifierUriValidate: () => false,
      responseTypes: ['code'],
      scopes: ['openid', 'profile', 'email'],
      // IT chose what each app receives; `openid` alone brings all of it, `profile` and `email` are accepted.
      claims: {
        openid: ['sub', ...ALL_CLAIMS],
        profile: ['name', 'given_name', 'family_name', 'preferred_username'],
        email: ['email'],
      },
      // Apps read the claims from the ID token, as most relying-party libraries expect.
      conformIdTokenClaims: false,
      clientDefaults: { id_token_signed_response_alg: 'ES256', token_endpoint_auth_method: 'client_secret_basic' },
      enabledJWA: { idTokenSigningAlgValues: ['ES256'], userinfoSigningAlgValues: ['ES256'] },
      clientAuthMethods: ['client_secret_basic', 'none'],
      issueRefreshToken: async () => false,
      ttl: { ...OIDC_TTL, ...deps.ttl },
      features: {
        devInteractions: { enabled: false },
        dPoP: { enabled: false },
        pushedAuthorizationRequests: { enabled: false },
        resourceIndicators: { enabled: false },
        revocation: { enabled: true },
        userinfo: { enabled: true },
        rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      },
      // A public client (a browser app) calls the token endpoint from its own page.
      clientBasedCORS: (_ctx, origin, client) => client.redirectUris!.some((uri) => new URL(uri).origin === origin),
    };
    const provider = new Provider(deps.publicUrl, configuration);
    // The Hono route sets X-Forwarded-Proto/Host from the public URL, so every URL it makes is under the issuer.
    provider.proxy = true;
    const on = provider.on.bind(provider) as (event: string, listener: ProtocolErrorListener) => void;
    for (const event of PROTOCOL_ERRORS) {
      on(event, (ctx, error) => {
        ctx.state.refusal ??= { error: error.error ?? 'server_error' };
      });
    }
    provider.on('server_error', (_ctx: unknown, error: Error) =>
      console.error(`OIDC provider error: ${error.name}: ${error.message}`),
    );
    provider.use(async (ctx, next) => {
      await next();
      await auditOutcome(ctx as KoaContextWithOIDC, ctx.state.refusal);
    });
    return { provider, handle: provider.callback() };
  }

  let built: { version: string; provider: Provider; handle: ReturnType<Provider['callback']> } | undefined;
  /** The provider over the current keys: rebuilt (it holds no state of its own) when a rotation changed them. */
  function current() {
    const version = deps.keys.version();
    if (built?.version !== version) built = { version, ...build() };
    return built;
  }

  return {
    current,
    /** Hands the request's portal facts to the provider's hooks, which see only Node's request. */
    remember: (req: IncomingMessage, facts: RequestFacts) => void factsOf.set(req, facts),
    admission,
    isSessionNotFound: (error: unknown) => error instanceof errors.SessionNotFound,
  };
}

const PROTOCOL_ERRORS = [
  'authorization.error',
  'grant.error',
  'userinfo.error',
  'end_session.error',
  'revocation.error',
];
type ProtocolErrorListener = (ctx: KoaContextWithOIDC, error: { error?: string }) => void;

function problemKey(error: string, thrown: Error) {
  if (thrown instanceof errors.SessionNotFound || error === 'invalid_request_uri') return 'oidc.problem.expired';
  if (error === 'invalid_redirect_uri') return 'oidc.problem.redirect';
  return 'oidc.problem.request';
}
