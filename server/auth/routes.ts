import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { displayName, type Person } from '../directory/directory';
import { AppError } from '../errors';
import type { AppEnv } from '../http/env';
import { KB, limitBody, tooLongField } from '../http/body-limit';
import { clientIp, readJson } from '../http/request';
import type { ViewerRights } from '../../shared/rights';
import type { SignedInAnswer, SignInStep } from '../../shared/accounts';
import type { createPasswordSignIn, StoredCredential } from './password-sign-in';
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
  /** Any signed-in session, pending a step or not (`me`, sign-out). */
  anySession: MiddlewareHandler<AppEnv>;
  startSession: StartSession;
  /** The step a session must take after a right password (a code, enrolment, a new password), if any. */
  stepAfterPassword: (person: Person, credential: StoredCredential['kind']) => Promise<SignInStep | undefined>;
  /** Whether the person's grade may change its own password (the district's policy). */
  mayChangePassword: (person: Person) => boolean;
  /** What the person may do for others (pages to offer); a pending session is told none. */
  rightsOf: (person: Person) => Promise<ViewerRights>;
  now: () => number;
}

/** The answer to every sign-in, and to `me`: who, the step to take first (if any), and what the menu may offer. */
export const signedInAnswer = (person: Person, next: SignInStep | null | undefined, mayChangePassword: boolean) =>
  ({ user: viewerJson(person), ...(next ? { next } : {}), mayChangePassword }) satisfies SignedInAnswer;

const NO_RIGHTS: ViewerRights = { district: [], campuses: [], ownStudents: [] };

/** How long a session pending a step lasts: long enough to fetch the phone, short enough not to linger. */
export const PENDING_STEP_MS = 15 * 60_000;

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
      const next = await deps.stepAfterPassword(result.person, result.credential);
      const pending = next ? { pending: next, endsBy: deps.now() + PENDING_STEP_MS } : {};
      await deps.startSession(c, result.person.id, 'password', pending);
      return c.json(signedInAnswer(result.person, next, deps.mayChangePassword(result.person)));
    },
  );

  routes.post('/sign-out', deps.anySession, async (c) => {
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

  routes.get('/me', deps.anySession, async (c) => {
    const { person, session } = c.get('viewer');
    const mayChange = session.method !== 'badge' && deps.mayChangePassword(person);
    const rights = session.pending ? NO_RIGHTS : await deps.rightsOf(person);
    return c.json({ ...signedInAnswer(person, session.pending, mayChange), rights });
  });

  return routes;
}
