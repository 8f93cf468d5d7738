import { html, raw } from 'hono/html';
import { translate, type Locale, type MessageKey, type MessageParams } from '../../../shared/i18n';
import { pageSecurityPolicy, REFUSAL_STYLE } from '../sign-in-gate';

export { pageSecurityPolicy };

/** The sign-out page's answer for "this app and the portal" (oidc-provider ends every app's sign-in on any value). */
export const PORTAL_TOO = 'portal-too';

/**
 * The provider's own pages, in the gate's page style and the person's language: the sign-out question an app's
 * sign-out leads to, and the page after it when the app named no address to return to.
 */

/** No script; the sign-out form may lead on (by redirect) to the app's registered sign-out return addresses. */

function shell(locale: Locale, title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${raw(REFUSAL_STYLE)} button {
            display: block;
            width: 100%;
            margin: 0.75rem 0;
            padding: 0.7rem;
            font-size: 1rem;
            border-radius: 6px;
            border: 1px solid #1d4f91;
            background: #fff;
            color: #1d4f91;
          }
          button.primary {
            background: #1d4f91;
            color: #fff;
          }
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`;
}

const t =
  (locale: Locale) =>
  (key: MessageKey, params: MessageParams = {}) =>
    translate(locale, key, params);

/** `form` is oidc-provider's own hidden form (its anti-forgery token); both buttons submit it. */
export async function logoutPage(locale: Locale, app: string, form: string) {
  const say = t(locale);
  return String(
    await shell(
      locale,
      say('oidc.logout.title', { app }),
      html`<h1>${say('oidc.logout.title', { app })}</h1>
        <p>${say('oidc.logout.shared')}</p>
        ${raw(form)}
        <button class="primary" autofocus type="submit" form="op.logoutForm" name="logout" value="${PORTAL_TOO}">
          ${say('oidc.logout.everywhere', { app })}
        </button>
        <button type="submit" form="op.logoutForm">${say('oidc.logout.appOnly', { app })}</button>`,
    ),
  );
}

export async function signedOutPage(locale: Locale, app: string, portalUrl: string) {
  const say = t(locale);
  return String(
    await shell(
      locale,
      say('oidc.signedOut.title'),
      html`<h1>${say('oidc.signedOut.title')}</h1>
        <p>${say('oidc.signedOut.body', { app })}</p>
        <p><a href="${portalUrl}/">${say('oidc.signedOut.back')}</a></p>`,
    ),
  );
}
