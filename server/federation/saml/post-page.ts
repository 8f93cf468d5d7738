import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { translate, type Locale } from '../../../shared/i18n';
import type { SignedResponse } from './saml-idp';

/**
 * The HTTP-POST binding's page: a form that carries the signed Response to the SP's ACS URL. Its own CSP
 * lets the form go to that one origin only and runs only the nonce'd script that submits it; without script
 * the person presses Continue.
 */
export function postToAcs(c: Context, response: SignedResponse, appName: string, locale: Locale) {
  const nonce = randomBytes(16).toString('base64');
  const acsOrigin = new URL(response.acsUrl).origin;
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; ` +
      `form-action ${acsOrigin}; base-uri 'none'; frame-ancestors 'none'`,
  );
  // The Response is a bearer credential for the next minutes: no cache may keep the page.
  c.header('Cache-Control', 'no-store');
  const t = (key: 'saml.post.title' | 'saml.post.wait' | 'saml.post.continue') =>
    translate(locale, key, { app: appName });
  return c.html(
    html`<!doctype html>
      <html lang="${locale}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${t('saml.post.title')}</title>
          <style nonce="${nonce}">
            ${raw(POST_STYLE)}
          </style>
        </head>
        <body>
          <main>
            <h1>${t('saml.post.title')}</h1>
            <p role="status">${t('saml.post.wait')}</p>
            <form method="post" action="${response.acsUrl}">
              <input type="hidden" name="SAMLResponse" value="${response.samlResponse}" />
              ${
                response.relayState === undefined
                  ? ''
                  : html`<input type="hidden" name="RelayState" value="${response.relayState}" />`
              }
              <button type="submit">${t('saml.post.continue')}</button>
            </form>
          </main>
          <script nonce="${nonce}">
            document.forms[0].submit();
          </script>
        </body>
      </html>`,
  );
}

const POST_STYLE = `body{font-family:system-ui,sans-serif;margin:0;padding:1rem;color:#1b1b1b;background:#f6f7f9}
main{max-width:36rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:8px;border:1px solid #d5d9e0}
h1{font-size:1.4rem;margin-top:0}button{font:inherit;padding:.75rem 1.25rem;min-height:44px;border-radius:6px;
border:0;background:#1d4f91;color:#fff;cursor:pointer;max-width:100%}button:focus-visible{outline:3px solid #f0b400;outline-offset:2px}`;
