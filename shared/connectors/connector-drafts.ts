import { z } from 'zod';
import type { ConnectorDefinition } from './connector';

/**
 * The connector drafts API, shared by the server, the extension's capture and the Connectors page. A draft's
 * definition is checked by the full connector schema on arrival; it holds selectors and addresses only.
 */

/** What the extension sends after a capture. The definition is validated by the connector schema. */
export const capturedDraftBody = z.strictObject({
  appId: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  definition: z.unknown(),
});
export type CapturedDraftBody = z.infer<typeof capturedDraftBody>;

/** An app IT may capture a login for, with the origins that tell the popup which app a tab belongs to. */
export interface CaptureTarget {
  appId: string;
  name: string;
  origins: string[];
}

/** Whether the signed-in person may capture at all (IT only), and for which apps. */
export interface CaptureTargets {
  mayCapture: boolean;
  apps: CaptureTarget[];
}

/** A draft as the Connectors page lists it. */
export interface ConnectorDraftSummary {
  id: string;
  appId: string;
  appName: string;
  definition: ConnectorDefinition;
  capturedAt: number;
  capturedByName: string;
}

/** The largest capture body the API reads: a connector is well under 4 kB. */
export const CAPTURED_DRAFT_MAX_BYTES = 16 * 1024;
