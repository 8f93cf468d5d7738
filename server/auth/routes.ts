import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { displayName, type Person } from '../directory/directory';
import { AppError } from '../errors';
import type { AppEnv } from '../http/env';
import { KB, limitBody, tooLongField } from '../http/body-limit';
import { clientIp, readJson } from '../http/request';
import type { createPasswordSignIn } from './password-sign-in';
import type { SessionStore } from './sessions';
import type { StartSession } from './session-cookie';

const MAX_FIELD = 128;
const SIGN_IN_MAX_BYTES = 4 * KB;
const signInBody = z.object({
  username: z.string().trim().min(1, 'is required').max(MAX_FIELD, `must be at most ${MAX_FIELD} characters`),
  // NIST SP 800-63B: up to 128 characters, checked whole (never truncated).
  password: z.string().min(1, 'is required').max(MAX_FIELD, `must be at most ${MAX_FIELD} characters`),
});

export interface AuthRoutesDeps {
  signInWithPassword: ReturnType<typeof createPasswordSignIn>;
  sessions: SessionStore;
  audit: AuditLog;
  cookieName: string;
  secureCookie: boolean;
  requireViewer: MiddlewareHandler<AppEnv>;
  startSession: StartSession;
}

/** The public view of the signed-in person. */
export const viewerJson = (person: Person) => ({
  id: person.id,
  username: person.username,
  displayName: displayName(person),
  role: person.role,
  grade: person.grade,
});

export function createAuthRoutes(deps: AuthRoutesDeps) {
  const { sessions, audit, cookieName, secureCookie } = deps;
  const routes = new Hono<AppEnv>();

  routes.post(
    '/sign-in',
    // Refuse oversized bodies before any hashing happens; a field pasted far too long is named, not just sized.
    limitBody(SIGN_IN_MAX_BYTES, { explain: tooLongField({ username: MAX_FIELD, password: MAX_FIELD }) }),
    async (c) => {
      const { username, password } = await readJson(c, signInBody);
      const result = await deps.signInWithPassword(username, password, clientIp(c));
      if (!result.ok) {
        throw new AppError('invalid_credentials', 401, 'That username and password don’t match.');
      }
      await deps.startSession(c, result.person.id, 'password');
      return c.json({ user: viewerJson(result.person) });
    },
  );

  routes.post('/sign-out', deps.requireViewer, async (c) => {
    const { person, sessionToken } = c.get('viewer');
    await sessions.end(sessionToken);
    deleteCookie(c, cookieName, { path: '/', secure: secureCookie });
    await audit.record({
      action: 'sign_out',
      outcome: 'success',
      actorUserId: person.id,
      subjectUserId: person.id,
      ip: clientIp(c),
    });
    return c.body(null, 204);
  });

  routes.get('/me', deps.requireViewer, async (c) => c.json({ user: viewerJson(c.get('viewer').person) }));

  return routes;
}
