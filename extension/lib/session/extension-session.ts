import { deviceKeyThumbprint, signDeviceProof } from '../../../shared/extension/dpop-proof';
import { signManagedProof, type ManagedDeviceSecret } from '../../../shared/extension/managed-proof';
import type { SignedInPerson } from '../../../shared/extension/messages';
import { deviceKey } from './device-key';

/**
 * The extension's signed-in session: a short-lived token bound to the device key, kept in
 * `chrome.storage.session` (memory only, never on disk, not readable by content scripts). Every API call
 * carries a fresh device proof; a refused token ends the session here too.
 */
const SESSION_KEY = 'extensionSession';
const REFRESH_BEFORE_MS = 300_000;

interface StoredSession {
  /** The API the session was paired with; kept even if the managed configuration changes later. */
  apiBase: string;
  token: string;
  expiresAt: number;
  person: SignedInPerson;
  district: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`Gatehouse API refused: ${code}`);
  }
}

let session: StoredSession | undefined;
let loaded: Promise<void> | undefined;

function load(): Promise<void> {
  loaded ??= browser.storage.session.get(SESSION_KEY).then((stored) => {
    session ??= stored[SESSION_KEY] as StoredSession | undefined;
  });
  return loaded;
}

async function keep(next: StoredSession | undefined) {
  session = next;
  if (next) await browser.storage.session.set({ [SESSION_KEY]: next });
  else await browser.storage.session.remove(SESSION_KEY);
}

/** Who the extension is signed in as, if anyone. */
export async function currentSession(): Promise<Readonly<StoredSession> | undefined> {
  await load();
  return session;
}

export async function endSession() {
  await load();
  await keep(undefined);
}

async function readError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  return new ApiError(response.status, body.error?.code ?? `http_${response.status}`);
}

/**
 * Trades the portal's one-time pairing code for a token bound to this device, proving the district's
 * managed-device secret for this code and this key (the secret itself is not sent).
 */
export async function pair(apiBase: string, code: string, managed: ManagedDeviceSecret): Promise<SignedInPerson> {
  const key = await deviceKey();
  const managedProof = await signManagedProof(managed, code, await deviceKeyThumbprint(key.jwk));
  const response = await fetch(new URL('/api/extension/session', apiBase), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceKey: key.jwk, managedProof }),
  });
  if (!response.ok) throw await readError(response);
  const paired = (await response.json()) as {
    token: string;
    expiresAt: number;
    user: SignedInPerson;
    district: string;
  };
  const person = { displayName: paired.user.displayName, username: paired.user.username };
  await keep({ apiBase, token: paired.token, expiresAt: paired.expiresAt, person, district: paired.district });
  return person;
}

async function send(current: StoredSession, method: string, path: string, body?: unknown): Promise<Response> {
  const url = new URL(path, current.apiBase).href;
  const proof = await signDeviceProof(await deviceKey(), { method, url, token: current.token });
  return fetch(url, {
    method,
    headers: {
      authorization: `DPoP ${current.token}`,
      dpop: proof,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function refreshIfDue(current: StoredSession): Promise<StoredSession> {
  if (current.expiresAt - Date.now() > REFRESH_BEFORE_MS) return current;
  const response = await send(current, 'POST', '/api/extension/session/refresh');
  if (!response.ok) return current;
  const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: number };
  const next = { ...current, token, expiresAt };
  await keep(next);
  return next;
}

/**
 * One call to the extension API as the signed-in person. A 401 means the portal session ended (signed
 * out, deactivated, revoked): the extension forgets its session.
 */
export async function callApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  await load();
  if (!session) throw new ApiError(401, 'not_paired');
  const current = await refreshIfDue(session);
  const response = await send(current, method, path, body);
  if (response.status === 401) {
    await keep(undefined);
    throw await readError(response);
  }
  if (!response.ok) throw await readError(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Keeps the token fresh while the person stays signed in at the portal. */
export async function refreshSession() {
  await load();
  if (session) await callApi('GET', '/api/extension/me').catch(() => undefined);
}
