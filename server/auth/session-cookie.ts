import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { SessionStore, SignInMethod } from './sessions';

export type StartSession = (
  c: Context,
  userId: string,
  method: SignInMethod,
  options?: Parameters<SessionStore['create']>[2],
) => Promise<void>;

/** Starts a session and hands its cookie to the browser: the same for every way of signing in. */
export function sessionStarter(sessions: SessionStore, cookieName: string, secure: boolean): StartSession {
  return async (c, userId, method, options) => {
    const { token, expiresAt } = await sessions.create(userId, method, options);
    setCookie(c, cookieName, token, {
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      path: '/',
      expires: new Date(expiresAt),
    });
  };
}
