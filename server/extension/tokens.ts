import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import type { SigningKeys } from './signing-keys';

/**
 * The extension's access token (RFC 8725): ES256 only, its own `typ`, exact `iss` and `aud`, ten minutes
 * at most, bound to the device key by `cnf.jkt` (RFC 9449 §6).
 */
export const EXTENSION_TOKEN_TYPE = 'gatehouse-extension+jwt';
export const EXTENSION_TOKEN_SECONDS = 600;
const CLOCK_TOLERANCE_SECONDS = 30;

export interface ExtensionClaims {
  sub: string;
  sid: string;
  jkt: string;
  exp: number;
}

export type TokenCheck = { ok: true; claims: ExtensionClaims } | { ok: false; code: 'token_invalid' | 'token_expired' };

export function createExtensionTokens(
  keys: SigningKeys,
  options: { issuer: string; audience: string; now: () => number },
) {
  const { issuer, audience, now } = options;
  // A verified token is remembered until it expires: the extension sends the same one for minutes, and
  // revocation is checked against the database on every request anyway.
  const verified = new Map<string, ExtensionClaims>();

  const getKey = async (header: JWTHeaderParameters) => {
    const key = typeof header.kid === 'string' ? await keys.verificationKey(header.kid) : undefined;
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };

  async function verifyFresh(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms: ['ES256'],
        typ: EXTENSION_TOKEN_TYPE,
        issuer,
        audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: EXTENSION_TOKEN_SECONDS + CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now()),
        requiredClaims: ['sub', 'sid', 'exp', 'iat', 'cnf'],
      });
      const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt;
      if (typeof payload.sid !== 'string' || typeof jkt !== 'string') return { ok: false, code: 'token_invalid' };
      return { ok: true, claims: { sub: payload.sub!, sid: payload.sid, jkt, exp: payload.exp! } };
    } catch (error) {
      return { ok: false, code: error instanceof errors.JWTExpired ? 'token_expired' : 'token_invalid' };
    }
  }

  return {
    async issue(claims: Omit<ExtensionClaims, 'exp'>) {
      const { kid, privateKey } = await keys.current();
      const issuedAt = Math.floor(now() / 1000);
      const exp = issuedAt + EXTENSION_TOKEN_SECONDS;
      const token = await new SignJWT({ sid: claims.sid, cnf: { jkt: claims.jkt } })
        .setProtectedHeader({ alg: 'ES256', typ: EXTENSION_TOKEN_TYPE, kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(claims.sub)
        .setIssuedAt(issuedAt)
        .setExpirationTime(exp)
        .sign(privateKey);
      return { token, expiresAt: exp * 1000 };
    },

    async verify(token: string): Promise<TokenCheck> {
      const known = verified.get(token);
      if (known) {
        if (now() / 1000 <= known.exp + CLOCK_TOLERANCE_SECONDS) return { ok: true, claims: known };
        verified.delete(token);
        return { ok: false, code: 'token_expired' };
      }
      const result = await verifyFresh(token);
      if (result.ok) {
        if (verified.size >= 10_000) verified.clear();
        verified.set(token, result.claims);
      }
      return result;
    },
  };
}

export type ExtensionTokens = ReturnType<typeof createExtensionTokens>;
