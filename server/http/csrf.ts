import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State changes must come from our own pages. A cross-site form cannot send `application/json` without a
 * CORS preflight (which we never answer), and browsers name the requesting origin in `Origin` and
 * `Sec-Fetch-Site`; any of these failing is refused before the handler runs.
 */
export function csrfGuard(ownOrigin: string): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const contentType = c.req.header('content-type') ?? '';
    const crossSite =
      (origin !== undefined && origin !== ownOrigin && origin !== new URL(c.req.url).origin) ||
      (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none');
    if (crossSite || !contentType.startsWith('application/json')) {
      throw new AppError('csrf_rejected', 403, 'This request did not come from the portal’s own page.');
    }
    return next();
  };
}
