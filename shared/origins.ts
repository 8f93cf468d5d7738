/**
 * Origin rules shared by the server (connector validation) and the extension (where a credential may go).
 * Everything goes through the WHATWG URL parser, so `HTTPS://Example.org:443` and `https://example.org`
 * are the same origin and `http` never matches `https`.
 */

/** Host names that only ever reach this machine: where development and test fixtures live. */
export function isDevelopmentHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '127.0.0.1' ||
    hostname === '[::1]' ||
    hostname.endsWith('.localhost') ||
    hostname.endsWith('.test')
  );
}

/** The origin of an absolute URL, or undefined when it does not parse or is not http(s). */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export type OriginProblem = 'not_a_url' | 'not_an_origin' | 'insecure';

/**
 * Checks that `value` is exactly an origin (scheme, host, optional port; no path, query or credentials)
 * and that it is https, or http on a development host when those are allowed.
 */
export function checkOrigin(value: string, allowDevelopmentHttp: boolean): OriginProblem | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'not_a_url';
  }
  if (parsed.origin === 'null' || value.replace(/\/$/, '') !== parsed.origin) return 'not_an_origin';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && allowDevelopmentHttp && isDevelopmentHost(parsed.hostname)) return undefined;
  return 'insecure';
}

/** True when `url` parses and its origin is exactly one of `origins`. */
export function isOnOrigins(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== undefined && origins.includes(origin);
}
