import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import { pathMatcher } from './csrf';

const BODILESS_METHODS = new Set(['GET', 'HEAD']);

export const KB = 1024;
export const MB = 1024 * KB;

const sizeText = (bytes: number) => (bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} kB`);

export const bodyTooLarge = (maxBytes: number) =>
  new AppError('body_too_large', 413, `The request body must be at most ${sizeText(maxBytes)}.`);

/** Explains an oversized body better than its size can, from the bytes read before the limit; or undefined. */
export type OversizeExplainer = (prefix: string) => AppError | undefined;

interface BodyLimitOptions {
  explain?: OversizeExplainer;
  /** Paths (or patterns) this limit leaves alone, because a limit of their own is applied further on. */
  except?: readonly (string | RegExp)[];
}

/**
 * Bounds the body before anything else reads it, and answers 413 past `maxBytes`: by its Content-Length when it
 * has one (the HTTP parser delivers no more than that), otherwise (a chunked upload) by reading at most
 * `maxBytes` of it as it arrives. The rest is never read into memory.
 */
export function limitBody(maxBytes: number, options: BodyLimitOptions = {}): MiddlewareHandler {
  const exempt = pathMatcher(options.except ?? []);
  return async (c, next) => {
    // GET and HEAD carry no body anyone reads; asking for `raw.body` would make @hono/node-server build a full
    // Request, off its fast path, on every page and tile load.
    if (BODILESS_METHODS.has(c.req.method) || exempt(c.req.path)) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared)) {
      // Node's HTTP parser hands on exactly Content-Length bytes (the rest would be the next request), so a
      // declared length within the limit bounds the body. Reading it here anyway halved the release rate.
      if (Number(declared) <= maxBytes) return next();
      if (!options.explain) throw bodyTooLarge(maxBytes);
    }
    const body = c.req.raw.body;
    if (!body) return next();
    const read = await readAtMost(body, maxBytes);
    if (read.overflowed) throw options.explain?.(new TextDecoder().decode(read.bytes)) ?? bodyTooLarge(maxBytes);
    c.req.raw = new Request(c.req.raw, { body: read.bytes });
    return next();
  };
}

/** Up to `maxBytes` of the stream (growing as it arrives), and whether there was more. */
async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: concat(chunks, size), overflowed: false };
    const room = maxBytes - size;
    chunks.push(value.length > room ? value.subarray(0, room) : value);
    size += Math.min(room, value.length);
    if (value.length > room) {
      await reader.cancel().catch(() => undefined);
      return { bytes: concat(chunks, size), overflowed: true };
    }
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * Names the JSON string field that made a body too long, e.g. a username pasted 5,000 times: the first
 * listed field whose value, as far as it was read, is longer than its limit.
 */
export function tooLongField(maxLengths: Record<string, number>): OversizeExplainer {
  return (prefix) => {
    for (const [field, max] of Object.entries(maxLengths)) {
      const start = new RegExp(`"${field}"\\s*:\\s*"`).exec(prefix);
      if (!start) continue;
      const value = /^(?:[^"\\]|\\.)*/.exec(prefix.slice(start.index + start[0].length))![0];
      if (decodedLength(value) > max) {
        return new AppError('invalid_request', 400, `${field}: must be at most ${max} characters`);
      }
    }
    return undefined;
  };
}

/** Characters a JSON string body stands for (escapes count once), close enough to compare with a limit. */
const decodedLength = (raw: string) => raw.replace(/\\u[0-9a-fA-F]{4}|\\./g, '_').length;
