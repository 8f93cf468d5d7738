import { api } from '../api';
import type { ConnectorTestTicket } from '../../../../shared/extension/messages';
import type { LaunchTicket } from '../pages/vault/vault-api';

/**
 * The portal page's side of the handoff to the district's browser extension (`externally_connectable`,
 * which lets only this origin talk to it). After sign-in the page hands the extension a one-time pairing
 * code; a tile click hands it the launch. Without the extension every call here answers "not handled", and
 * the page falls back to its how-to-sign-in help.
 */
type Reply = { ok: true; signedInAs: string | null } | { ok: false; reason: string };

interface ExtensionRuntime {
  sendMessage(extensionId: string, message: unknown, callback: (reply: unknown) => void): void;
  lastError?: unknown;
}

/** Present only when an installed extension lists this page's origin. */
const runtime = () => (globalThis as { chrome?: { runtime?: ExtensionRuntime } }).chrome?.runtime;

/**
 * Whether an extension answered and is paired, so a tile click signs the person in. Until it is known, the
 * page promises nothing: tiles say how to sign in by hand.
 */
export type ExtensionReadiness = 'checking' | 'ready' | 'absent';
let readiness: ExtensionReadiness = 'checking';
const readinessListeners = new Set<(readiness: ExtensionReadiness) => void>();

function setReadiness(next: ExtensionReadiness) {
  if (next === readiness) return;
  readiness = next;
  for (const listener of readinessListeners) listener(next);
}

export const extensionReadiness = () => readiness;

/** Calls `listener` on each change of the readiness; returns how to stop. */
export function onExtensionReadiness(listener: (readiness: ExtensionReadiness) => void): () => void {
  readinessListeners.add(listener);
  return () => readinessListeners.delete(listener);
}

let extensionId: Promise<string | null> | undefined;
/** Who is signed in at the portal: the extension is paired (again) as them whenever it is not yet. */
let viewer: string | null = null;

function findExtension(): Promise<string | null> {
  if (!runtime()?.sendMessage) return Promise.resolve(null);
  extensionId ??= fetch('/extension/extension.json')
    .then((response) => (response.ok ? (response.json() as Promise<{ id: string }>) : null))
    .then((info) => info?.id ?? null)
    .catch(() => null);
  return extensionId;
}

async function send(message: unknown): Promise<Reply | null> {
  const id = await findExtension();
  const chromeRuntime = runtime();
  if (!id || !chromeRuntime) return null;
  return new Promise((resolve) => {
    try {
      chromeRuntime.sendMessage(id, message, (reply) => {
        void chromeRuntime.lastError; // read, so Chrome does not log "unchecked runtime.lastError"
        resolve((reply as Reply | undefined) ?? null);
      });
    } catch {
      resolve(null);
    }
  });
}

/** Pairs the extension with the signed-in person unless it already is; true when it is ready to launch. */
export async function connectExtension(username: string): Promise<boolean> {
  viewer = username;
  const connected = await pair(username).catch(() => false);
  setReadiness(connected ? 'ready' : 'absent');
  return connected;
}

async function pair(username: string): Promise<boolean> {
  const status = await send({ type: 'status' });
  if (!status?.ok) return false;
  if (status.signedInAs === username) return true;
  const { code } = await api<{ code: string }>('/auth/extension/pairing-code', { method: 'POST', body: {} });
  const paired = await send({ type: 'pair', code });
  return paired?.ok === true;
}

/** Hands a launch to the extension, which opens the app and signs in; false when there is no extension. */
export async function launchWithExtension(ticket: LaunchTicket): Promise<boolean> {
  // Also pairs it now if its configuration arrived after the page loaded (a fresh Chromebook).
  if (!viewer || !(await connectExtension(viewer))) return false;
  const { launchId, appId, launchUrl, origins } = ticket;
  const reply = await send({ type: 'launch', ticket: { launchId, appId, launchUrl, origins } });
  return reply?.ok === true;
}

/** Whether this browser's extension answers and is paired as the signed-in person (pairing it now if it can). */
export async function extensionReadyNow(): Promise<boolean> {
  return viewer !== null && connectExtension(viewer);
}

/** Hands IT's connector test to the extension, which runs it as it runs a launch; false when there is no extension. */
export async function testWithExtension(test: ConnectorTestTicket): Promise<boolean> {
  const reply = await send({ type: 'test-connector', test });
  return reply?.ok === true;
}

/** Signing out at the portal signs the extension out too (the API ends its session either way). */
export async function tellExtensionSignedOut() {
  viewer = null;
  setReadiness('checking');
  await send({ type: 'signed-out' });
}
