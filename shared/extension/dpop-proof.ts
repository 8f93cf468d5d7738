/**
 * Device proofs (RFC 9449 DPoP) signed with WebCrypto, so the extension needs no JWT library: ES256 over the
 * method, URL, time, a unique id and the hash of the token. The private key never leaves its CryptoKey.
 */

export interface DeviceJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const encodeJson = (value: unknown) => base64url(encoder.encode(JSON.stringify(value)));

export async function sha256Base64url(text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** The `htu` form of a URL: no query, no fragment. */
export function proofTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** The key's RFC 7638 thumbprint (the token's `cnf.jkt`): SHA-256 of its required members in order. */
export const deviceKeyThumbprint = (jwk: DeviceJwk) =>
  sha256Base64url(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }));

/** A fresh ES256 key pair whose private half cannot be exported. */
export async function generateDeviceKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

export async function publicDeviceJwk(publicKey: CryptoKey): Promise<DeviceJwk> {
  const { x, y } = await crypto.subtle.exportKey('jwk', publicKey);
  return { kty: 'EC', crv: 'P-256', x: x!, y: y! };
}

export async function signDeviceProof(
  key: { privateKey: CryptoKey; jwk: DeviceJwk },
  request: { method: string; url: string; token: string; nowMs?: number },
): Promise<string> {
  const header = encodeJson({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk });
  const claims = encodeJson({
    htm: request.method,
    htu: proofTarget(request.url),
    iat: Math.floor((request.nowMs ?? Date.now()) / 1000),
    jti: crypto.randomUUID(),
    ath: await sha256Base64url(request.token),
  });
  const signingInput = `${header}.${claims}`;
  // WebCrypto's ECDSA signature is already r‖s, the form JWS wants.
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key.privateKey,
    encoder.encode(signingInput),
  );
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}
