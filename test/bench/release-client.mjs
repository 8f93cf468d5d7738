// The extension's side of a credential release, for the bench: an ES256 device key, pairing, token refresh,
// launches, and the single-use DPoP proof (RFC 9449) each release needs. Plain node:crypto, no jose, so
// the load generator can sign thousands of proofs in well under a second.
// The same proof in TypeScript, for the tests: test/helpers/extension-client.ts.

import { createHash, createHmac, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A demo vault app teachers are entitled to; its connector's only origin is the one below. */
export const RELEASE_APP_ID = 'app-reading-garden';
export const RELEASE_ORIGIN = 'http://reading-garden.test:8790';
export const RELEASE_BODY = JSON.stringify({ appId: RELEASE_APP_ID, origin: RELEASE_ORIGIN });

export const releasePath = (launchId) => `/api/extension/launches/${encodeURIComponent(launchId)}/release`;

const base64url = (value) => Buffer.from(value).toString('base64url');

/** A fresh P-256 key; `privateJwk` (with `d`) is how it travels to the load generator's process. */
export function createDeviceKey() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return deviceKeyFromJwk(privateKey.export({ format: 'jwk' }));
}

export function deviceKeyFromJwk(privateJwk) {
  const { kty, crv, x, y } = privateJwk;
  return {
    privateJwk,
    privateKey: createPrivateKey({ key: privateJwk, format: 'jwk' }),
    publicJwk: { kty, crv, x, y },
  };
}

/**
 * Signs proofs for one token with as little work per proof as possible: the header and `ath` are fixed,
 * and `jti` is a random prefix plus a counter (unique, 16..128 characters as the server requires).
 */
export function proofSigner(deviceKey, token) {
  const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'dpop+jwt', jwk: deviceKey.publicJwk }));
  const ath = createHash('sha256').update(token).digest('base64url');
  const jtiPrefix = randomBytes(12).toString('base64url');
  let counter = 0;
  return (method, url, iat = Math.floor(Date.now() / 1000)) => {
    const payload = base64url(JSON.stringify({ htm: method, htu: url, iat, jti: `${jtiPrefix}.${counter++}`, ath }));
    const signingInput = `${header}.${payload}`;
    const signature = sign('sha256', Buffer.from(signingInput), {
      key: deviceKey.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${signingInput}.${signature.toString('base64url')}`;
  };
}

async function postJson(url, body, headers, what) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * The managed extension's pairing proof (shared/extension/managed-proof.ts, here in node:crypto): an HMAC
 * of the code and the device key's thumbprint under the managed-device secret `{ id, secret }`.
 */
function managedProof(deviceSecret, code, publicJwk) {
  const { crv, kty, x, y } = publicJwk;
  const jkt = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  const mac = createHmac('sha256', Buffer.from(deviceSecret.secret, 'base64url'))
    .update(`gatehouse-managed-pairing/1\n${code}\n${jkt}`)
    .digest('base64url');
  return { secretId: deviceSecret.id, mac };
}

/**
 * Pairs a new device for the signed-in person behind `cookie`, as the portal page and the extension do,
 * with the portal's managed-device secret. Returns `{ deviceKey, token, expiresAt }`.
 */
export async function pairDevice(portalUrl, cookie, deviceSecret) {
  const deviceKey = createDeviceKey();
  const { code } = await postJson(`${portalUrl}/api/auth/extension/pairing-code`, {}, { cookie }, 'pairing code');
  const session = await postJson(
    `${portalUrl}/api/extension/session`,
    { code, deviceKey: deviceKey.publicJwk, managedProof: managedProof(deviceSecret, code, deviceKey.publicJwk) },
    {},
    'extension pairing',
  );
  if (session.tokenType !== 'DPoP' || !session.token)
    throw new Error(`extension pairing: unexpected ${JSON.stringify(session)}`);
  return { deviceKey, token: session.token, expiresAt: session.expiresAt };
}

/** A new token for the same device session (the old one stays valid until it expires). */
export async function refreshDevice(portalUrl, device) {
  const url = `${portalUrl}/api/extension/session/refresh`;
  const proof = proofSigner(device.deviceKey, device.token)('POST', url);
  const { token, expiresAt } = await postJson(
    url,
    {},
    { authorization: `DPoP ${device.token}`, dpop: proof },
    'token refresh',
  );
  return { ...device, token, expiresAt };
}

/** One release from here, proof and all; resolves with the server's answer (throws unless 200). */
export function releaseOnce(portalUrl, device, launchId) {
  const url = `${portalUrl}${releasePath(launchId)}`;
  const proof = proofSigner(device.deviceKey, device.token)('POST', url);
  return postJson(url, JSON.parse(RELEASE_BODY), { authorization: `DPoP ${device.token}`, dpop: proof }, 'release');
}

/**
 * `count` tile clicks for `appId` (each a launch that can be released once, within 60 s), `concurrency`
 * requests at a time over keep-alive connections. Resolves with the launch ids in creation order.
 */
export async function createLaunches(portalUrl, cookie, count, concurrency = 8) {
  const url = `${portalUrl}/api/vault/apps/${RELEASE_APP_ID}/launch`;
  const ids = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const { launchId } = await postJson(url, {}, { cookie }, 'launch');
      ids[index] = launchId;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}
