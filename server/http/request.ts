import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { AppError, invalidRequest } from '../errors';

// A missing field reads "reason: is required", not zod's "Invalid input: expected string, received undefined".
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
});

/** Parses a JSON body against a schema; a problem names the field, e.g. "password: must be at most 128 characters". */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  return parseInput(schema, await readBody(c));
}

/** The JSON body, unchecked, for callers that validate it themselves and report every problem. */
export async function readBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AppError('invalid_request', 400, 'The request body must be JSON.');
  }
}

/** Validates query parameters or any other input the same way as a body. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidRequest(issue.path.join('.') || 'body', issue.message);
}

/** The caller's address as the socket saw it; tests through app.request() have none. */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
