import type { CredentialField } from '../../../shared/connectors/connector';
import { originOf } from '../../../shared/origins';

/** One login page as captured: which selector names each field, and the button that sends it. */
export interface CapturedStep {
  fields: Partial<Record<CredentialField, string>>;
  submit: string;
}

export interface CapturedLogin {
  /** The page the capture started on. */
  launchUrl: string;
  /** Every login page's address, in order (one for a form, two for a username-first login). */
  loginUrls: string[];
  /** Every address the tab's top frame committed to from the login page to the signed-in page. */
  seenUrls: string[];
  steps: CapturedStep[];
  /** Where the tab landed after the sign-in. */
  signedInUrl: string;
  /** The extra field's own label on the page (not its value), when one was picked. */
  extraLabel?: string;
}

/** The connector schema allows at most this many origins. */
const MAX_ORIGINS = 5;
const MAX_LABEL = 60;

const withoutQuery = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

/**
 * The success URL pattern for the signed-in page: its path and anything after it, unless that would also match
 * a login page (a sign-in that lands on `/` while the login is `/login`), then its exact path.
 */
export function successPattern(signedInUrl: string, loginUrls: string[]): string {
  const base = withoutQuery(signedInUrl);
  const broad = `${base}*`;
  if (!loginUrls.some((url) => url.startsWith(base))) return broad;
  return new URL(signedInUrl).search ? `${base}?*` : base;
}

/**
 * The connector a capture recorded: `fill` for a login on one page, `steps` when the fields were on two. Holds
 * selectors and addresses only; nothing typed during the capture is ever given to it.
 */
export function buildDraft(login: CapturedLogin) {
  // Only the pages the login was on and the one it landed on: an address the tab merely passed through (a
  // tracker's bounce, a script's redirect) must not become a place the password may go.
  const visited = [login.launchUrl, ...login.loginUrls, login.signedInUrl];
  const origins = [...new Set(visited.map(originOf).filter((origin) => origin !== undefined))];
  const recipe =
    login.steps.length === 1
      ? { mode: 'fill' as const, fields: login.steps[0]!.fields, submit: login.steps[0]!.submit }
      : { mode: 'steps' as const, steps: login.steps.map(({ fields, submit }) => ({ fields, submit })) };
  const label = login.extraLabel?.trim().slice(0, MAX_LABEL);
  const usesExtra = login.steps.some((step) => step.fields.extra !== undefined);
  return {
    launchUrl: login.launchUrl,
    origins: origins.slice(0, MAX_ORIGINS),
    login: recipe,
    success: { urlPattern: successPattern(login.signedInUrl, login.loginUrls) },
    ...(usesExtra ? { extraFieldLabel: label || 'Extra' } : {}),
  };
}
