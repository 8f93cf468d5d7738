import { z } from 'zod';
import { CREDENTIAL_FIELDS } from '../connectors/connector';

/** Why a fill did not end signed in. Reported by the extension; never contains page text or a secret. */
export const FILL_FAILURE_REASONS = [
  /** The connector's failure signal showed after a submit that followed the page's own path. */
  'credentials_rejected',
  /**
   * The failure signal showed, but the submit did not follow the page's own path (a static POST) or the
   * site may show the same message for a stale page: a connector problem until a fresh page confirms it.
   */
  'failure_unconfirmed',
  'form_not_found',
  'field_not_visible',
  'origin_mismatch',
  'timed_out',
  'page_changed',
  /** The form would have sent the password in its address (GET) or to another window. */
  'form_unsafe',
] as const;
export type FillFailureReason = (typeof FILL_FAILURE_REASONS)[number];

/** Whom a failure points at: the stored credential, the connector IT wrote, or the page/network. */
export type FailureBlame = 'credential' | 'connector' | 'page';

const BLAME: Record<FillFailureReason, FailureBlame> = {
  credentials_rejected: 'credential',
  failure_unconfirmed: 'connector',
  form_not_found: 'connector',
  field_not_visible: 'connector',
  origin_mismatch: 'connector',
  form_unsafe: 'connector',
  timed_out: 'page',
  page_changed: 'page',
};
export const blameOf = (reason: FillFailureReason): FailureBlame => BLAME[reason];

export const FILL_OUTCOMES = ['filled', 'submitted', 'succeeded', 'failed'] as const;

/** How the login was sent: a named button, the form's default button (what Enter presses), the form, or a POST. */
export const SUBMIT_WAYS = ['button', 'default_button', 'form', 'post', 'none'] as const;

/**
 * What the extension saw on the last login page it worked on: which fields matched, how it submitted and
 * which signal fired. Element states only; never page text, selectors' values or a secret.
 */
export const fillSeen = z.strictObject({
  step: z.number().int().min(0).max(10),
  fields: z.partialRecord(z.enum(CREDENTIAL_FIELDS), z.enum(['matched', 'hidden', 'missing'])),
  submit: z.enum(SUBMIT_WAYS),
  signal: z.enum(['success', 'failure', 'none']),
  /** True when the success signal was already showing when the page arrived (an existing session). */
  alreadySignedIn: z.boolean().optional(),
});
export type FillSeen = z.infer<typeof fillSeen>;

export const fillOutcomeReport = z
  .strictObject({
    outcome: z.enum(FILL_OUTCOMES),
    reason: z.enum(FILL_FAILURE_REASONS).optional(),
    seen: fillSeen.optional(),
  })
  .refine((report) => (report.outcome === 'failed') === (report.reason !== undefined), {
    message: 'is required when the outcome is failed, and only then',
    path: ['reason'],
  });
export type FillOutcomeReport = z.infer<typeof fillOutcomeReport>;

/** Only a confirmed rejection holds the credential back: a missing form says nothing about the password. */
export const holdsCredential = (reason: FillFailureReason) => blameOf(reason) === 'credential';

/**
 * The reason as the lockout guard counts it: a rejection reported after a static POST (by what the
 * extension saw) did not follow the page's own path, so it is the connector's until a page confirms it.
 */
export function countedReason(report: FillOutcomeReport): FillFailureReason | null {
  if (report.reason === 'credentials_rejected' && report.seen?.submit === 'post') return 'failure_unconfirmed';
  return report.reason ?? null;
}
