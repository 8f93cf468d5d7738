import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import { pickLocale, translate, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
import type { AuditLog } from '../audit/audit-log';
import type { CatalogApp, AppCatalog } from '../apps/catalog';
import { explainPersonAccess } from '../apps/explain-person-access';
import type { SessionStore } from '../auth/sessions';
import type { Directory, Person } from '../directory/directory';
import { clientIp } from '../http/request';
import { claimsFor, subjectFor, type ClaimSource, type ClaimValue } from './assertion-claims';
import type { RegistrationStore, SsoRegistration } from './registration-store';
import type { AssertionClaim } from '../../shared/federation';

/**
 * The gate every federated sign-in passes, whichever protocol asks: who is signed in at the portal, whether
 * the access rules give them the app, and what the app would be told. A refusal is a page in the person's
 * language with the explain-access words, never a protocol error, and it is audited.
 */

export const LANGUAGE_COOKIE = 'gatehouse_lang';

export type RefusalReason = 'not_entitled' | 'unknown_app' | 'no_identifier' | 'bad_request' | 'signed_in_elsewhere';

export interface Refusal {
  reason: RefusalReason;
  app?: CatalogApp;
  /** For `bad_request`: what was wrong with the app's request, in words safe to show (no secret, no token). */
  problem?: string;
  /** The explain-access sentences, for `not_entitled`. */
  explanation?: { summary: string; reasons: string[] };
}

/** What an entitled person's assertion carries. */
export interface Assertion {
  person: Person;
  app: CatalogApp;
  registration: SsoRegistration;
  subject: string;
  claims: Partial<Record<AssertionClaim, ClaimValue>>;
}

export interface SignInGateDeps {
  sessions: SessionStore;
  directory: Directory;
  catalog: AppCatalog;
  registrations: RegistrationStore;
  audit: AuditLog;
  cookieName: string;
  /** Whether a badge session's person may still use a badge (grade, flags). */
  badgeStillAllowed: (person: Person) => boolean;
  pairwiseSecret: Buffer;
  publicUrl: string;
}

export type SignInGate = ReturnType<typeof createSignInGate>;

export function createSignInGate(deps: SignInGateDeps) {
  const { sessions, directory, catalog, registrations, audit, cookieName } = deps;

  /** The person a full portal session belongs to (password, badge or TOTP alike), or undefined. */
  async function signedInPerson(c: Context): Promise<Person | undefined> {
    const token = getCookie(c, cookieName);
    const session = token ? await sessions.resolve(token) : undefined;
    if (!session || session.pending) return undefined;
    const person = await directory.findById(session.userId);
    if (!person || person.status !== 'active') return undefined;
    if (session.method === 'badge' && !deps.badgeStillAllowed(person)) return undefined;
    return person;
  }

  async function claimSource(person: Person): Promise<ClaimSource> {
    const names = new Map((await directory.campuses()).map((campus) => [campus.id, campus.name]));
    return { person, campusNames: person.campusIds.map((id) => names.get(id) ?? id) };
  }

  /** What the app's registration says it receives about this person, without asking whether they may go. */
  async function assertionFor(
    person: Person,
    app: CatalogApp,
    registration: SsoRegistration,
  ): Promise<Assertion | Refusal> {
    const subject = subjectFor(person, registration.subject, { secret: deps.pairwiseSecret, appId: app.id });
    if (!subject.ok) return { reason: 'no_identifier', app };
    const claims = claimsFor(await claimSource(person), registration.claims);
    return { person, app, registration, subject: subject.subject, claims };
  }

  /** The app's assertion for this person when the access rules give it to them; otherwise why not. */
  async function admit(person: Person, registration: SsoRegistration | undefined, locale: Locale) {
    const app = registration && catalog.byId(registration.appId);
    if (!registration || !app || app.signInKind !== 'sso') return { reason: 'unknown_app' } satisfies Refusal;
    const visible = catalog.visibleTo(directory.accessFacts(person)).some((each) => each.id === app.id);
    if (!visible) {
      const description = await explainPersonAccess(directory, person, app, locale);
      const reasons = description.rules.flatMap((rule) =>
        rule.conditions.filter((each) => !each.met).map((each) => each.text),
      );
      return { reason: 'not_entitled', app, explanation: { summary: description.summary, reasons } } satisfies Refusal;
    }
    return assertionFor(person, app, registration);
  }

  /** The reader's language: the portal's language choice (a cookie the web page sets), else the browser's. */
  function localeOf(c: Context): Locale {
    const chosen = getCookie(c, LANGUAGE_COOKIE);
    return pickLocale(chosen ? [chosen] : c.req.header('accept-language'));
  }

  /** Audits the refusal and answers with a page that says why, in the reader's language. */
  async function refuse(
    c: Context,
    refusal: Refusal,
    person: Person | undefined,
    detail: Record<string, unknown> = {},
  ) {
    await audit.record({
      action: 'sso.refused',
      outcome: 'failure',
      actorUserId: person?.id ?? null,
      subjectUserId: person?.id ?? null,
      appId: refusal.app?.id ?? null,
      ip: clientIp(c),
      detail: { reason: refusal.reason, ...detail },
    });
    const locale = localeOf(c);
    const status = refusal.reason === 'bad_request' ? 400 : 403;
    c.header('Content-Security-Policy', pageSecurityPolicy());
    return c.html(refusalPage(locale, refusal, deps.publicUrl), status);
  }

  return { signedInPerson, admit, assertionFor, localeOf, refuse };
}

const isRefusal = (value: Assertion | Refusal): value is Refusal => 'reason' in value;
export { isRefusal };

/** The identity provider's own pages: no script, their own style, forms only to the portal and `formTargets`. */
export const pageSecurityPolicy = (formTargets: readonly string[] = []) =>
  [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

/** The refusal as a small self-contained page (no script), readable at 390 px and by a screen reader. */
export function refusalPage(locale: Locale, refusal: Refusal, portalUrl: string) {
  const t = (key: MessageKey, params: MessageParams = {}) => translate(locale, key, params);
  const appName = refusal.app ? (locale === 'es' && refusal.app.nameEs) || refusal.app.name : t('sso.refused.thisApp');
  const message = t(`sso.refused.${refusal.reason}`, { app: appName, problem: refusal.problem ?? '' });
  const reasons = refusal.explanation?.reasons ?? [];
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${t('sso.refused.title', { app: appName })}</title>
        <style>
          ${raw(REFUSAL_STYLE)}
        </style>
      </head>
      <body>
        <main>
          <h1>${t('sso.refused.title', { app: appName })}</h1>
          <p>${message}</p>
          ${refusal.explanation ? html`<p>${refusal.explanation.summary}</p>` : ''}
          ${
            reasons.length
              ? html`<ul>
                  ${reasons.map((reason) => html`<li>${reason}</li>`)}
                </ul>`
              : ''
          }
          <p>${t('sso.refused.help')}</p>
          <p><a href="${portalUrl}/">${t('sso.refused.back')}</a></p>
        </main>
      </body>
    </html>`;
}

export const REFUSAL_STYLE = `body{font-family:system-ui,sans-serif;margin:0;padding:1rem;color:#1b1b1b;background:#f6f7f9}
main{max-width:36rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:8px;border:1px solid #d5d9e0}
h1{font-size:1.4rem;margin-top:0}a{color:#1d4f91}`;
