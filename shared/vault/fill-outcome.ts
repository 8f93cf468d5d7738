import { z } from 'zod';

/** Why a fill did not end signed in. Reported by the extension; never contains page text or a secret. */
export const FILL_FAILURE_REASONS = [
  'credentials_rejected',
  'form_not_found',
  'field_not_visible',
  'origin_mismatch',
  'timed_out',
  'page_changed',
  /** The form would have sent the password in its address (GET) or to another window. */
  'form_unsafe',
] as const;
export type FillFailureReason = (typeof FILL_FAILURE_REASONS)[number];

export const FILL_OUTCOMES = ['filled', 'submitted', 'succeeded', 'failed'] as const;

export const fillOutcomeReport = z
  .strictObject({ outcome: z.enum(FILL_OUTCOMES), reason: z.enum(FILL_FAILURE_REASONS).optional() })
  .refine((report) => (report.outcome === 'failed') === (report.reason !== undefined), {
    message: 'is required when the outcome is failed, and only then',
    path: ['reason'],
  });
export type FillOutcomeReport = z.infer<typeof fillOutcomeReport>;

/** Only a rejected credential holds it back: a missing form says nothing about the password. */
export const holdsCredential = (reason: FillFailureReason) => reason === 'credentials_rejected';
