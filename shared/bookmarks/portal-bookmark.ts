/**
 * Which bookmarks point at the portal under a wrong address. Pure: the extension's bookmark repair applies it.
 * Everything goes through the WHATWG URL parser, so host names arrive lowercased and IDNA-encoded.
 */
import type { ManagedConfig } from '../managed-config';

/** First path segments of saved sign-in, sign-out and redirect pages: stale once the session they served ends. */
const STALE_FIRST_SEGMENTS = new Set([
  'login',
  'signin',
  'sign-in',
  'logout',
  'auth',
  'sso',
  'saml',
  'oauth',
  'session-expired',
  'index.php',
  'index.html',
]);
const REDIRECT_PARAMETERS = ['redirect', 'redirect_uri', 'returnTo', 'return_to', 'next', 'continue'];

/**
 * The canonical portal URL (`canonicalPortalUrl` as normalised by the URL parser) when `url` points at the
 * portal under a wrong address, otherwise null. Only http(s) bookmarks are considered, and the canonical URL
 * itself is never repaired, so applying the result again gives null. A bookmark is repaired when:
 * - it is on the canonical origin but on a stale page: a first path segment such as `login`, `logout`,
 *   `auth`, `sso`, `saml`, `oauth`, `session-expired`, `index.php`, or a `redirect`, `redirect_uri`,
 *   `returnTo`, `return_to`, `next` or `continue` query parameter (other portal pages are left alone);
 * - its host is in `bookmarkAliases` (an alias with a port matches that port only, one without any port);
 * - it is on the canonical host name but over `http:` where the canonical URL is `https:` (both on the
 *   default port), or written with a trailing dot;
 * - its host name is a typo of the canonical one: the same number of labels (so `harmonytx.org` and
 *   `my.harmonytx.org.evil.com` are other sites), and every label that differs is one Damerau-Levenshtein edit
 *   from its counterpart (a letter inserted, deleted or replaced, or two adjacent letters swapped:
 *   `my.harmonoytx.org`). In a label shorter than 4 characters (`my`, `sso`, `org`) only a swap counts
 *   (`rog` for `org`): any other edit of so short a name spells another real one (`mx`, `ssl`, `ong`). Two
 *   edits in one label make another name (`my.harmonyhs.org`, another district, is not `my.harmonytx.org`).
 *   At most one label may differ when the canonical host name is under 10 characters, two otherwise. IP
 *   addresses are never typos: a near-miss address is another machine.
 * Returns null for everything when `canonicalPortalUrl` does not parse as an http(s) URL.
 */
export function repairedPortalBookmark(
  url: string,
  config: Pick<ManagedConfig, 'canonicalPortalUrl' | 'bookmarkAliases'>,
): string | null {
  const canonical = parseHttpUrl(config.canonicalPortalUrl);
  const bookmark = parseHttpUrl(url);
  if (!canonical || !bookmark || bookmark.href === canonical.href) return null;

  if (bookmark.origin === canonical.origin) return isStalePortalPage(bookmark) ? canonical.href : null;

  const hostname = withoutTrailingDot(bookmark.hostname);
  const canonicalHostname = withoutTrailingDot(canonical.hostname);
  if (config.bookmarkAliases.some((alias) => matchesAlias(bookmark, alias))) return canonical.href;

  if (hostname === canonicalHostname) {
    const samePort = bookmark.protocol === canonical.protocol && bookmark.port === canonical.port;
    const upgradable =
      bookmark.protocol === 'http:' && canonical.protocol === 'https:' && bookmark.port === '' && canonical.port === '';
    // A different port on the same host is another service, not a wrong address for the portal.
    return samePort || upgradable ? canonical.href : null;
  }
  return isHostnameTypo(hostname, canonicalHostname) ? canonical.href : null;
}

// The typo rule described above.
function isHostnameTypo(typed: string, meant: string): boolean {
  if (isIpAddress(typed) || isIpAddress(meant)) return false;
  const typedLabels = typed.split('.');
  const meantLabels = meant.split('.');
  if (typedLabels.length !== meantLabels.length) return false;

  let slips = 0;
  for (const [index, meantLabel] of meantLabels.entries()) {
    const typedLabel = typedLabels[index] ?? '';
    if (typedLabel === meantLabel) continue;
    const slip = singleEdit(typedLabel, meantLabel);
    if (!slip || (slip !== 'swap' && meantLabel.length < 4)) return false;
    slips += 1;
  }
  return slips > 0 && slips <= (meant.length < 10 ? 1 : 2);
}

// The kind of the one edit that turns `meant` into `typed`, or null when it takes more than one.
function singleEdit(typed: string, meant: string): 'swap' | 'replace' | 'insert' | 'delete' | null {
  if (typed.length === meant.length) {
    const differing = [...meant].flatMap((char, index) => (char === typed[index] ? [] : [index]));
    const [first, second] = differing;
    if (differing.length === 1) return 'replace';
    if (
      differing.length === 2 &&
      first !== undefined &&
      second === first + 1 &&
      typed[first] === meant[second] &&
      typed[second] === meant[first]
    ) {
      return 'swap';
    }
    return null;
  }
  const [longer, shorter] = typed.length > meant.length ? [typed, meant] : [meant, typed];
  if (longer.length !== shorter.length + 1) return null;
  let index = 0;
  while (index < shorter.length && longer[index] === shorter[index]) index += 1;
  if (longer.slice(index + 1) !== shorter.slice(index)) return null;
  return typed.length > meant.length ? 'insert' : 'delete';
}

function isStalePortalPage(bookmark: URL): boolean {
  const firstSegment = bookmark.pathname.split('/')[1]?.toLowerCase() ?? '';
  return (
    STALE_FIRST_SEGMENTS.has(firstSegment) ||
    REDIRECT_PARAMETERS.some((parameter) => bookmark.searchParams.has(parameter))
  );
}

// `alias` is a host name, optionally with a port; a scheme or path written around it is tolerated.
function matchesAlias(bookmark: URL, alias: string): boolean {
  const text = alias.trim();
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const parsed = parseHttpUrl(withScheme);
  if (!parsed || withoutTrailingDot(parsed.hostname) !== withoutTrailingDot(bookmark.hostname)) return false;
  // Read the port from the text: the parser drops a default port, but `host:80` still names port 80 only.
  const authority = withScheme.slice(withScheme.indexOf('://') + 3).split(/[/?#]/)[0] ?? '';
  const aliasPort = /:(\d+)$/.exec(authority)?.[1];
  return aliasPort === undefined || Number(aliasPort) === Number(effectivePort(bookmark));
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function withoutTrailingDot(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}

function isIpAddress(hostname: string): boolean {
  // The parser has already turned every IPv4 spelling (`127.1`, `0x7f.0.0.1`) into a dotted quad.
  return hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
}
