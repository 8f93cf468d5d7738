import { randomUUID, createHash } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { signManagedProof, type ManagedDeviceSecret } from '../../shared/extension/managed-proof';

/**
 * Plays the extension's part against the API: a non-extractable ES256 device key, pairing, and a fresh
 * proof for every call. Tests bend one thing at a time through `options`.
 */
export interface DeviceKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createDeviceKey(): Promise<DeviceKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const { kty, crv, x, y } = await exportJWK(publicKey);
  return { privateKey, publicJwk: { kty, crv, x, y } };
}

export interface ProofOptions {
  method: string;
  url: string;
  token: string;
  /** Seconds since the epoch. */
  iat?: number;
  jti?: string;
  /** Sign with this key while naming `key` in the header. */
  signWith?: DeviceKey;
}

export async function signProof(key: DeviceKey, options: ProofOptions): Promise<string> {
  const signer = options.signWith ?? key;
  return new SignJWT({
    htm: options.method,
    htu: options.url,
    jti: options.jti ?? randomUUID(),
    ath: createHash('sha256').update(options.token).digest('base64url'),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.publicJwk })
    .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
    .sign(signer.privateKey);
}

type Requestable = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };
/** A portal as the extension meets it: its API, and the managed-device secret its policy would carry. */
type ManagedPortal = { app: Requestable; deviceSecret: ManagedDeviceSecret };

export interface CallOptions {
  token?: string | null;
  proof?: string | null;
  proofFor?: Partial<ProofOptions>;
}

/** An extension paired with a portal session, calling the API as the real one would. */
export async function pairExtension(
  portal: ManagedPortal & { request: { post: (path: string, body: unknown, cookie?: string) => Promise<Response> } },
  cookie: string,
  options: { publicUrl: string; now?: () => number; deviceKey?: DeviceKey },
) {
  const deviceKey = options.deviceKey ?? (await createDeviceKey());
  const code = (await (await portal.request.post('/api/auth/extension/pairing-code', {}, cookie)).json()) as {
    code: string;
  };
  const paired = await redeem(portal, code.code, deviceKey);
  if (paired.status !== 200) throw new Error(`pairing failed: ${paired.status} ${await paired.text()}`);
  const session = (await paired.json()) as { token: string; expiresAt: number };
  const nowSeconds = () => Math.floor((options.now?.() ?? Date.now()) / 1000);

  async function call(method: string, path: string, body?: unknown, callOptions: CallOptions = {}) {
    const token = callOptions.token === undefined ? session.token : callOptions.token;
    const proof =
      callOptions.proof === undefined
        ? await signProof(deviceKey, {
            method,
            url: `${options.publicUrl}${path}`,
            token: token ?? '',
            iat: nowSeconds(),
            ...callOptions.proofFor,
          })
        : callOptions.proof;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      origin: 'chrome-extension://gatehouse-test',
    };
    if (token !== null) headers.authorization = `DPoP ${token}`;
    if (proof !== null) headers.dpop = proof;
    return portal.app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  return { deviceKey, session, call, nowSeconds };
}

/**
 * Trades a pairing code for a token, as the managed extension does: with proof of the portal's
 * managed-device secret, or of `managed` instead (`null`: no proof, as a script without the policy would).
 */
export async function redeem(
  portal: ManagedPortal,
  code: string,
  deviceKey: DeviceKey,
  managed: ManagedDeviceSecret | null = portal.deviceSecret,
) {
  const jkt = await calculateJwkThumbprint(deviceKey.publicJwk, 'sha256');
  const managedProof = managed ? await signManagedProof(managed, code, jkt) : undefined;
  return portal.app.request('/api/extension/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'chrome-extension://gatehouse-test' },
    body: JSON.stringify({ code, deviceKey: deviceKey.publicJwk, managedProof }),
  });
}

/** The stable error code of a refused call. */
export async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code: string } };
  return body.error?.code ?? `(no error; status ${response.status})`;
}
