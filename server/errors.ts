import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error type a request can end with. `code` is stable (tests and the UI's message catalog key on
 * it); `message` is safe to show a person and never holds a secret.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Structured detail a screen can show, e.g. every rejected row of an import. Never a secret. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalidRequest = (field: string, problem: string) =>
  new AppError('invalid_request', 400, `${field}: ${problem}`);

export const notSignedIn = () => new AppError('not_signed_in', 401, 'Sign in to continue.');

export const forbidden = () => new AppError('forbidden', 403, 'You do not have access to this.');

export const notFound = (what: string) => new AppError('not_found', 404, `${what} was not found.`);

/** Renders every failure as `{ error: { code, message } }`; anything that is not an AppError is a bug. */
export function renderError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    const details = err.details === undefined ? {} : { details: err.details };
    return c.json({ error: { code: err.code, message: err.message, ...details } }, err.status);
  }
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Hono's own HTTPExceptions (e.g. the body limit) are the client's fault, not ours.
    const code = status === 413 ? 'body_too_large' : 'bad_request';
    return c.json({ error: { code, message: err.message || 'Bad request.' } }, status as ContentfulStatusCode);
  }
  const cause = rootCause(err);
  if (REFUSED_CHARACTERS.has((cause as { code?: unknown }).code as string)) {
    // PostgreSQL refuses NUL in text, where SQLite stores it: the same input must not be a 500 on one engine.
    const message = 'The request holds a character that cannot be stored.';
    return c.json({ error: { code: 'bad_request', message } }, 400);
  }
  console.error('unexpected error', c.req.method, c.req.path, cause.stack ?? cause.message);
  return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
}

/** PostgreSQL's codes for a character its text cannot hold (NUL, or not in the encoding). */
const REFUSED_CHARACTERS = new Set(['22021', '22P05']);

/**
 * The innermost error: the database driver's own. drizzle wraps it in an error whose message quotes the
 * failed query and its parameters (a typed username, a hash, a sealed value), which have no place in a log.
 */
export function rootCause(error: unknown): Error {
  let cause = error instanceof Error ? error : new Error(String(error));
  while (cause.cause instanceof Error) cause = cause.cause;
  return cause;
}
