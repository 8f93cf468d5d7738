import type { Context, MiddlewareHandler } from 'hono';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import { clientIp } from './request';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The header a file upload that is not JSON must carry: a custom header, which no cross-site form can send. */
export const UPLOAD_HEADER = 'x-gatehouse-upload';

export interface CsrfGuardDeps {
  audit: AuditLog;
  /**
   * Paths (or patterns of paths, e.g. an app's icon) that take files (a .zip, multipart .csv files, a picture)
   * rather than JSON, when the request carries UPLOAD_HEADER.
   */
  fileUploads?: readonly (string | RegExp)[];
  /** The signed-in person the browser's cookie names, if any: whose browser was used. */
  whoIs: (c: Context) => Promise<string | undefined>;
}

/**
 * The cookie API answers only the portal's own pages. Browsers name the requesting site in `Sec-Fetch-Site`
 * and `Origin`; anything from another site is refused before the handler runs, reads too, because some reads
 * (explaining access, searching people, the audit log) are audited and must not be recorded on behalf of a
 * page elsewhere that sent IT's browser there. State changes must also be JSON, which a cross-site form cannot
 * send without a CORS preflight (which we never answer). A file upload may be sent as a file instead, with a
 * custom header that needs the same preflight.
 */
export function csrfGuard(ownOrigin: string, { audit, whoIs, fileUploads = [] }: CsrfGuardDeps): MiddlewareHandler {
  const isUploadPath = pathMatcher(fileUploads);
  const isUpload = (c: Context) => isUploadPath(c.req.path) && c.req.header(UPLOAD_HEADER) !== undefined;
  return async (c, next) => {
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const contentType = c.req.header('content-type') ?? '';
    const crossSite =
      (origin !== undefined && origin !== ownOrigin && origin !== new URL(c.req.url).origin) ||
      (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none');
    const notJson = !SAFE_METHODS.has(c.req.method) && !contentType.startsWith('application/json') && !isUpload(c);
    if (crossSite || notJson) {
      const holder = await whoIs(c);
      // Audited when it carried someone's session (whose browser was used); anonymous ones cost nothing to
      // send, so recording them would let anyone grow the audit log without limit.
      if (holder) await recordRefusal(c, audit, holder, crossSite ? 'cross_site' : 'not_json');
      throw new AppError('csrf_rejected', 403, 'This request did not come from the portal’s own page.');
    }
    return next();
  };
}

/** Whether a path is one of `paths` or matches one of the patterns among them. */
export function pathMatcher(paths: readonly (string | RegExp)[]): (path: string) => boolean {
  const exact = new Set(paths.filter((path) => typeof path === 'string'));
  const patterns = paths.filter((path) => path instanceof RegExp);
  return (path) => exact.has(path) || patterns.some((pattern) => pattern.test(path));
}

async function recordRefusal(c: Context, audit: AuditLog, actorUserId: string, reason: 'cross_site' | 'not_json') {
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  await audit.record({
    action: 'request.csrf_rejected',
    outcome: 'failure',
    actorUserId,
    ip: clientIp(c),
    detail: {
      route: `${c.req.method} ${c.req.path}`.slice(0, 200),
      reason,
      fetchSite: fetchSite?.slice(0, 20) ?? null,
      origin: origin?.slice(0, 200) ?? null,
    },
  });
}
