/**
 * Proof that a pairing comes from the district's managed extension: an HMAC-SHA256, keyed with the
 * managed-device secret that only Chrome policy delivers (`chrome.storage.managed`), over the one-time
 * pairing code and the thumbprint of the device key being bound. The secret itself never travels; a proof
 * is good for one code and one device key only. WebCrypto, so the extension and the server share this file.
 */

export interface ManagedDeviceSecret {
  /** Names the secret, so the portal knows which one to check during a rotation's overlap. */
  id: string;
  /** 32 random bytes, base64url. */
  secret: string;
}

/** What the extension sends with a pairing code. */
export interface ManagedProof {
  secretId: string;
  mac: string;
}

const encoder = new TextEncoder();
const PROOF_LABEL = 'gatehouse-managed-pairing/1';

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The MAC of one pairing: the code and the device key's JWK thumbprint, under the secret. */
export async function managedPairingMac(secret: string, code: string, deviceJkt: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', fromBase64url(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const signed = await crypto.subtle.sign('HMAC', key, encoder.encode(`${PROOF_LABEL}\n${code}\n${deviceJkt}`));
  return toBase64url(new Uint8Array(signed));
}

/** The proof the extension attaches to a pairing request. */
export async function signManagedProof(
  device: ManagedDeviceSecret,
  code: string,
  deviceJkt: string,
): Promise<ManagedProof> {
  return { secretId: device.id, mac: await managedPairingMac(device.secret, code, deviceJkt) };
}
