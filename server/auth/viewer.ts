import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Directory } from '../directory/directory';
import { forbidden, notSignedIn } from '../errors';
import type { AppEnv } from '../http/env';
import type { Role } from '../../shared/roles';
import type { SessionStore } from './sessions';

/** Session cookie name; `__Host-` (Secure, path /, no Domain) when the portal is served over https. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-gatehouse_session' : 'gatehouse_session');

/** Resolves the session cookie to the signed-in, still active person, or answers 401. */
export function requireViewer(
  sessions: SessionStore,
  directory: Directory,
  cookieName: string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, cookieName);
    const session = token ? sessions.resolve(token) : undefined;
    const person = session ? directory.findById(session.userId) : undefined;
    if (!token || !session || !person || person.status !== 'active') throw notSignedIn();
    c.set('viewer', { person, session, sessionToken: token });
    return next();
  };
}

/** Lets the request through only for the given roles (after requireViewer). */
export function requireRole(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('viewer').person.role)) throw forbidden();
    return next();
  };
}
