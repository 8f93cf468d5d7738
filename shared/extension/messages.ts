import { z } from 'zod';
import type { CaptureTarget } from '../connectors/connector-drafts';

/**
 * The messages the extension accepts, declared once. The portal page talks to it over
 * `externally_connectable` (checked against the managed portal origin); the popup over `runtime.sendMessage`.
 * Everything arriving is parsed with these schemas: anything else is ignored.
 */

/** A tile launch as the portal hands it over: the launch the API created, and where the app lives. */
export const launchTicket = z.strictObject({
  launchId: z.string().min(1).max(100),
  appId: z.string().min(1).max(100),
  launchUrl: z.url(),
  origins: z.array(z.string()).min(1).max(5),
});
export type LaunchTicket = z.infer<typeof launchTicket>;

/** IT's connector test (shared/connector-tests.ts): the run to release and where the app lives, never the secret. */
export const connectorTestTicket = z.strictObject({
  runId: z.string().min(1).max(100),
  appId: z.string().min(1).max(100),
  launchUrl: z.url(),
  origins: z.array(z.string()).min(1).max(5),
});
export type ConnectorTestTicket = z.infer<typeof connectorTestTicket>;

export const portalMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status') }),
  z.strictObject({ type: z.literal('pair'), code: z.string().min(1).max(100) }),
  z.strictObject({ type: z.literal('launch'), ticket: launchTicket }),
  z.strictObject({ type: z.literal('test-connector'), test: connectorTestTicket }),
  z.strictObject({ type: z.literal('signed-out') }),
]);
export type PortalMessage = z.infer<typeof portalMessage>;

/** What the extension says back to the portal page. Never a token or a credential. */
export type PortalReply =
  | { ok: true; signedInAs: string | null }
  | { ok: false; reason: 'not_configured' | 'not_managed' | 'not_paired' | 'pairing_failed' | 'bad_message' };

export const popupMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('popup-state') }),
  z.strictObject({ type: z.literal('sign-me-in'), tabId: z.number().int() }),
  ...captureMessages(),
]);
export type PopupMessage = z.infer<typeof popupMessage>;

export interface SignedInPerson {
  displayName: string;
  username: string;
}

/** Everything the popup shows: who, which district, what it can do on this tab, and the effective policy. */
export interface PopupState {
  /** The latest policy read, whether a good configuration is in force (it may be the last good one), and its values. */
  config: { state: 'ok' | 'missing' | 'invalid'; inForce: boolean; values: Record<string, unknown> };
  person: SignedInPerson | null;
  district: string | null;
  /** The app the active tab belongs to, when the person has a stored sign-in for it. */
  signInOffer: { appId: string; appName: string; tabId: number } | null;
  diagnostics: {
    extensionId: string;
    version: string;
    installType: string;
    sessionExpiresAt: number | null;
    /** Whether Chrome's own password manager still offers to save passwords. */
    passwordSaving: 'off' | 'on' | 'unknown';
  };
}

/** IT's "Capture this login" in the popup: what it may capture, start one on a tab, cancel it. */
function captureMessages() {
  return [
    z.strictObject({ type: z.literal('capture-state') }),
    z.strictObject({
      type: z.literal('capture-start'),
      tabId: z.number().int(),
      appId: z.string().min(1).max(100),
    }),
    z.strictObject({ type: z.literal('capture-cancel') }),
  ] as const;
}

/** The parts of a login a capture asks IT to click, in order. */
export type CapturePart = 'username' | 'password' | 'extra' | 'submit';

/** Where a capture stands: picking fields, waiting for the next page or the sign-in, sending, or ended. */
export type CapturePhase = 'picking' | 'continue' | 'signing-in' | 'sending' | 'sent' | 'cancelled' | 'failed';

export interface CaptureStatus {
  appName: string;
  phase: CapturePhase;
  /** The field or button the next click picks, while picking. */
  part: CapturePart | null;
  /** Why it failed, in words the API gave (never a value typed on the page). */
  reason: string | null;
}

/** What the popup shows for capture; `mayCapture` is false for anyone but IT, and then nothing is offered. */
export interface CapturePopupState {
  mayCapture: boolean;
  apps: CaptureTarget[];
  /** The page tab a capture would run in, if there is one. */
  tabId: number | null;
  /** The app whose connector or launch origin matches the tab. */
  suggestedAppId: string | null;
  status: CaptureStatus | null;
}
