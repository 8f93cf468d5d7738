import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { z } from 'zod';

/**
 * Proof of possession of the device key (RFC 9449 DPoP, ES256): a JWT the extension signs for each
 * request, naming the method, the URL, the time, a unique id and the hash of the token it goes with.
 * Verified with node:crypto directly because it runs on every extension call and must be fast; the
 * checks are the RFC's, each with its own refusal.
 */

export const PROOF_TYPE = 'dpop+jwt';
/** How far a proof's `iat` may be from the server's clock. */
export const PROOF_WINDOW_MS = 60_000;

export const deviceJwk = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a P-256 coordinate'),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a P-256 coordinate'),
});
export type DeviceJwk = z.infer<typeof deviceJwk>;

export const deviceKeyThumbprint = (jwk: DeviceJwk) => calculateJwkThumbprint(jwk, 'sha256');

const proofHeader = z.object({ typ: z.literal(PROOF_TYPE), alg: z.literal('ES256'), jwk: deviceJwk });
const proofClaims = z.object({
  htm: z.string(),
  htu: z.string(),
  iat: z.number(),
  jti: z.string().min(16).max(128),
  ath: z.string(),
});

export type ProofCheck = { ok: true; jti: string } | { ok: false; problem: string };

const keyCache = new Map<string, KeyObject>();
function publicKeyFor(jwk: DeviceJwk): KeyObject {
  const id = `${jwk.x}.${jwk.y}`;
  let key = keyCache.get(id);
  if (!key) {
    if (keyCache.size >= 10_000) keyCache.clear();
    key = createPublicKey({ key: jwk, format: 'jwk' });
    keyCache.set(id, key);
  }
  return key;
}

const decodeJson = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

/** The `htu` form of a URL: no query, no fragment (RFC 9449 §4.3). */
export const proofTarget = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Checks a proof against the request and the device key the session was paired with. */
export function checkDeviceProof(
  proof: string,
  request: { method: string; url: string; token: string; deviceKey: DeviceJwk; now: number },
): ProofCheck {
  const parts = proof.split('.');
  if (parts.length !== 3) return { ok: false, problem: 'it is not a signed JWT' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = proofHeader.safeParse(decodeJson(headerPart));
  if (!header.success) return { ok: false, problem: 'its header must have typ dpop+jwt, alg ES256 and the device key' };
  const key = request.deviceKey;
  if (header.data.jwk.x !== key.x || header.data.jwk.y !== key.y) {
    return { ok: false, problem: 'it names a key other than this session’s device key' };
  }
  const signed = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    { key: publicKeyFor(key), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) return { ok: false, problem: 'its signature is not from the device key' };
  const claims = proofClaims.safeParse(decodeJson(payloadPart));
  if (!claims.success) return { ok: false, problem: 'it lacks htm, htu, iat, jti or ath' };
  const { htm, htu, iat, jti, ath } = claims.data;
  if (htm !== request.method) return { ok: false, problem: 'it was made for another method' };
  if (htu !== proofTarget(request.url)) return { ok: false, problem: 'it was made for another URL' };
  if (Math.abs(iat * 1000 - request.now) > PROOF_WINDOW_MS)
    return { ok: false, problem: 'it is too old or from the future' };
  if (ath !== tokenHash(request.token)) return { ok: false, problem: 'it was made for another token' };
  return { ok: true, jti };
}
