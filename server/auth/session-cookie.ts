import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { SessionStore, SignInMethod } from './sessions';

export type StartSession = (
  c: Context,
  userId: string,
  method: SignInMethod,
  options?: Parameters<SessionStore['create']>[2],
) => Promise<void>;

export type SetSessionCookie = (c: Context, session: { token: string; expiresAt: number }) => void;

/** Hands a session's cookie to the browser: the same for every way of signing in. */
export const sessionCookieSetter =
  (cookieName: string, secure: boolean): SetSessionCookie =>
  (c, { token, expiresAt }) =>
    setCookie(c, cookieName, token, {
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      path: '/',
      expires: new Date(expiresAt),
    });

/** Starts a session and hands its cookie to the browser. */
export function sessionStarter(sessions: SessionStore, setSessionCookie: SetSessionCookie): StartSession {
  return async (c, userId, method, options) => setSessionCookie(c, await sessions.create(userId, method, options));
}
