import type { CredentialField } from '../../../shared/connectors/connector';
import type { FillFailureReason, SUBMIT_WAYS } from '../../../shared/vault/fill-outcome';

/**
 * The three stages of a fill, after bitwarden's: the page engine COLLECTS a secret-free snapshot of the
 * fields a connector names; the service worker PLANS what goes where (a pure function); the page engine
 * INSERTS the values, checking again that each field is still the one that was planned.
 */

/** What the engine looks for on the page: one login step of a connector. */
export interface CollectRequest {
  /** A same-origin iframe holding the form, by selector on the top page. */
  frame?: string;
  fields: Partial<Record<CredentialField, string>>;
  submit?: string;
  /** How long to wait for the fields to appear (pages that render their form late). */
  waitMs: number;
  /** The connector's success signal: while it shows, the person is already signed in and nothing is filled. */
  success?: SuccessSignal;
}

/** The connector's success signal, as the page engine checks it. */
export interface SuccessSignal {
  urlPattern?: string;
  element?: string;
}

/** The connector's failure signal, as the page engine checks it (its text never leaves the page). */
export interface FailureSignal extends SuccessSignal {
  text?: string;
}

export type Invisibility = 'hidden' | 'transparent' | 'too_small' | 'off_screen' | 'covered';

export interface ElementSnapshot {
  /** A handle the engine keeps for the element until the page changes. */
  ref: number;
  visible: boolean;
  invisibility?: Invisibility;
}

export interface PageSnapshot {
  pageOrigin: string;
  /** The named frame: absent when the connector names none. */
  frame?: { found: boolean; origin: string | null };
  fields: Partial<Record<CredentialField, ElementSnapshot | null>>;
  submit: ElementSnapshot | null;
  /** The resolved action of the form holding the fields; null when they are in no form. */
  formAction: string | null;
  /** The success signal showed while the engine looked: the person is already signed in. */
  signedIn?: boolean;
}

/** Where each value goes: element handles only, never the values themselves. */
export type FillPlan =
  | {
      ok: true;
      targets: { field: CredentialField; ref: number }[];
      submitRef: number | null;
      /** Submit the form when there is no submit element to click. */
      submitForm: boolean;
    }
  | { ok: false; reason: FillFailureReason };

/** A direct sign-in POST from the app's own page. */
export interface PostPlan {
  action: string;
  fields: Record<string, string>;
  /** The connector's field names: they tell the page's own login form apart when its action differs. */
  credentialNames: string[];
}

/** How a login was sent: a named button, the form's default button (what Enter presses), the form, a POST, or not at all. */
export type SubmitWay = (typeof SUBMIT_WAYS)[number];

export type InsertResult = { ok: true; submitted: boolean; way: SubmitWay } | { ok: false; reason: FillFailureReason };

/** What the engine sees after a submit. */
export type PageSignal = 'success' | 'failure' | 'none';
