import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AuditLog } from '../audit/audit-log';
import type { Directory, Person } from '../directory/directory';
import { AppError, forbidden, notSignedIn } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp } from '../http/request';
import type { SignInStep } from '../../shared/accounts';
import type { Role } from '../../shared/roles';
import type { SessionStore } from './sessions';

/** Session cookie name; `__Host-` (Secure, path /, no Domain) when the portal is served over https. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-gatehouse_session' : 'gatehouse_session');

/** A session pending a step reaches only that step; the page the person is on goes to it. */
export const stepRequired = (next: SignInStep) =>
  new AppError('step_required', 403, 'Finish signing in first.', {}, { next });

/**
 * Resolves the session cookie to the signed-in, still active person, or answers 401. A badge session also ends
 * the moment its person stops being eligible for a badge (moved up a grade, flag removed by a roster import).
 * A session pending a step (a code, enrolment, a new password) is refused with `step_required` unless the route
 * is that step's (`allowSteps`).
 */
export function requireViewer(
  sessions: SessionStore,
  directory: Directory,
  cookieName: string,
  badgeStillAllowed: (person: Person) => boolean,
  allowSteps: readonly SignInStep[] = [],
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, cookieName);
    const session = token ? await sessions.resolve(token) : undefined;
    const person = session ? await directory.findById(session.userId) : undefined;
    if (!token || !session || !person || person.status !== 'active') throw notSignedIn();
    if (session.method === 'badge' && !badgeStillAllowed(person)) throw notSignedIn();
    if (session.pending && !allowSteps.includes(session.pending)) throw stepRequired(session.pending);
    c.set('viewer', { person, session, sessionToken: token });
    return next();
  };
}

/** The id of the active person a session cookie names, without refusing anyone (for auditing refusals). */
export function cookieHolder(sessions: SessionStore, cookieName: string) {
  return async (c: Context): Promise<string | undefined> => {
    const token = getCookie(c, cookieName);
    // A refused request is no use of the session: it must not keep it (and its extension session) alive.
    return token ? (await sessions.peek(token))?.userId : undefined;
  };
}

/**
 * Records who was refused which route and why, and gives the 403 to throw: `throw await accessRefused(…)`.
 * (A caller that forgot the `await` would throw a promise, which still refuses, as a 500.)
 */
export async function accessRefused(
  c: Context<AppEnv>,
  audit: AuditLog,
  reason: 'role' | 'badge_session' | 'scope',
  /** What was reached for, when the route does not say (a class or person named in the body). */
  reachedFor: { subjectUserId?: string; detail?: Record<string, string> } = {},
) {
  const { person } = c.get('viewer');
  await audit.record({
    action: 'access.denied',
    outcome: 'failure',
    actorUserId: person.id,
    subjectUserId: reachedFor.subjectUserId,
    ip: clientIp(c),
    detail: { route: `${c.req.method} ${c.req.path}`, reason, role: person.role, ...reachedFor.detail },
  });
  return forbidden();
}
