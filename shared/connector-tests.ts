import { z } from 'zod';
import type { ConnectorTestTicket } from './extension/messages';
import type { FailureBlame, FillFailureReason, FillSeen, FILL_OUTCOMES } from './vault/fill-outcome';

const testSecret = z.string().min(1, 'is required').max(200, 'must be at most 200 characters');

/** IT asks for a test run: the app, a test account's sign-in, and the editor's connector (the saved one if left out). */
export const connectorTestRequest = z.strictObject({
  appId: z.string().min(1, 'is required').max(100),
  /** Validated as a connector by the server, which names the field of any problem. */
  definition: z.record(z.string(), z.unknown()).optional(),
  username: testSecret,
  password: testSecret,
  extra: testSecret.optional(),
});
export type ConnectorTestRequest = z.infer<typeof connectorTestRequest>;

/**
 * Where a test run stands: waiting for the extension to ask for it, running, finished (a final outcome, or the
 * extension stopped reporting), or expired before any extension asked.
 */
export type ConnectorTestState = 'waiting' | 'running' | 'finished' | 'expired';

/** A test run as the Connectors page shows it. Never the test credential. */
export interface ConnectorTestRunView {
  id: string;
  appId: string;
  state: ConnectorTestState;
  createdAt: number;
  expiresAt: number;
  releasedAt: number | null;
  outcome: (typeof FILL_OUTCOMES)[number] | null;
  reason: FillFailureReason | null;
  /** Whom a failure points at: the test credential, the connector, or the page. */
  blame: FailureBlame | null;
  seen: FillSeen | null;
}

/** A run just made, and what the page hands the extension to run it. */
export interface ConnectorTestStarted {
  run: ConnectorTestRunView;
  ticket: ConnectorTestTicket;
}
