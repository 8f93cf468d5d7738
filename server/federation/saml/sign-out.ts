import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import { translate, type Locale, type MessageKey } from '../../../shared/i18n';
import type { AuditLog } from '../../audit/audit-log';
import type { SessionStore } from '../../auth/sessions';
import type { AppEnv } from '../../http/env';
import { clientIp } from '../../http/request';
import { pageSecurityPolicy, REFUSAL_STYLE, type SignInGate } from '../sign-in-gate';

/**
 * `/saml/logout`: where an app (Google Workspace's "sign-out page URL") sends a person who signed out of it.
 * Chromebooks in a classroom are shared, so the page offers to end the portal session too; ending it is a
 * POST from this page only (its Origin is the portal's), so a link elsewhere cannot sign anyone out.
 */
export interface SamlSignOutDeps {
  gate: SignInGate;
  sessions: SessionStore;
  audit: AuditLog;
  cookieName: string;
  publicUrl: string;
}

export function createSamlSignOutRoutes(deps: SamlSignOutDeps) {
  const routes = new Hono<AppEnv>();
  const secure = deps.publicUrl.startsWith('https://');

  const page = (c: Context, signedIn: boolean) => {
    c.header('Content-Security-Policy', pageSecurityPolicy());
    return c.html(signOutPage(deps.gate.localeOf(c), signedIn, deps.publicUrl));
  };

  routes.get('/saml/logout', async (c) => page(c, (await deps.gate.signedInPerson(c)) !== undefined));

  routes.post('/saml/logout', async (c) => {
    if (c.req.header('origin') !== new URL(deps.publicUrl).origin) return page(c, true);
    const token = getCookie(c, deps.cookieName);
    const person = await deps.gate.signedInPerson(c);
    if (token) await deps.sessions.end(token);
    deleteCookie(c, deps.cookieName, { path: '/', secure });
    if (person) {
      await deps.audit.record({
        action: 'sso.signed_out',
        outcome: 'success',
        actorUserId: person.id,
        subjectUserId: person.id,
        ip: clientIp(c),
        detail: { protocol: 'saml', portal: true },
      });
    }
    return page(c, false);
  });
  return routes;
}

function signOutPage(locale: Locale, signedIn: boolean, portalUrl: string) {
  const t = (key: MessageKey) => translate(locale, key);
  const title = t(signedIn ? 'sso.signOut.title' : 'sso.signOut.done');
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${raw(REFUSAL_STYLE)} button {
            font: inherit;
            padding: 0.6rem 1rem;
            margin: 0.25rem 0;
          }
        </style>
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          ${
            signedIn
              ? html`<p>${t('sso.signOut.shared')}</p>
                  <form method="post" action="/saml/logout">
                    <button type="submit" autofocus>${t('sso.signOut.portal')}</button>
                  </form>`
              : ''
          }
          <p><a href="${portalUrl}/">${t('sso.refused.back')}</a></p>
        </main>
      </body>
    </html>`;
}
