import { CREDENTIAL_FIELDS, type CredentialField, type LoginRecipe } from '../../../shared/connectors/connector';
import { originOf } from '../../../shared/origins';
import type { Credential } from '../../../shared/vault/entry';
import type { FillFailureReason, FillSeen } from '../../../shared/vault/fill-outcome';
import type { CollectRequest, FillPlan, PageSnapshot, PostPlan, SubmitWay, SuccessSignal } from './fill-types';

export { matchesUrlPattern } from './url-pattern';

type Fields = Partial<Record<CredentialField, string>>;

/**
 * What to look for on the page for one step of a fill or steps recipe; with the connector's success signal,
 * the engine stops looking as soon as it shows (the person is already signed in).
 */
export function collectRequest(
  login: LoginRecipe,
  step: number,
  waitMs: number,
  success?: SuccessSignal,
): CollectRequest {
  const watch = success ? { success } : {};
  if (login.mode === 'post') return { fields: {}, waitMs: 0, ...watch };
  if (login.mode === 'steps') {
    const { fields, submit } = login.steps[step]!;
    return { fields, submit, waitMs, ...watch };
  }
  return { fields: login.fields, submit: login.submit, frame: login.frame, waitMs, ...watch };
}

/** How many pages the recipe fills. */
export const stepCount = (login: LoginRecipe) => (login.mode === 'steps' ? login.steps.length : 1);

const usedFields = (fields: Fields) => CREDENTIAL_FIELDS.filter((field) => fields[field] !== undefined);

/**
 * Decides, from a secret-free snapshot, which element gets which credential part — or why nothing may be
 * filled. Every rule of SECURITY.md's "The extension" that can be judged from the snapshot is judged here.
 */
export function planFill(request: CollectRequest, snapshot: PageSnapshot, origins: readonly string[]): FillPlan {
  if (!origins.includes(snapshot.pageOrigin)) return { ok: false, reason: 'origin_mismatch' };
  if (request.frame !== undefined) {
    if (!snapshot.frame?.found) return { ok: false, reason: 'form_not_found' };
    if (snapshot.frame.origin !== snapshot.pageOrigin) return { ok: false, reason: 'origin_mismatch' };
  }
  const targets: { field: CredentialField; ref: number }[] = [];
  for (const field of usedFields(request.fields)) {
    const element = snapshot.fields[field];
    if (!element) return { ok: false, reason: 'form_not_found' };
    if (!element.visible) return { ok: false, reason: 'field_not_visible' };
    targets.push({ field, ref: element.ref });
  }
  // One rule for every mode: a form may send the login to any origin the connector lists, and nowhere else
  // (a school site's login box that posts to the LMS).
  if (snapshot.formAction !== null && !origins.includes(originOf(snapshot.formAction) ?? '')) {
    return { ok: false, reason: 'origin_mismatch' };
  }
  if (request.submit === undefined) return { ok: true, targets, submitRef: null, submitForm: true };
  if (!snapshot.submit) return { ok: false, reason: 'form_not_found' };
  if (!snapshot.submit.visible) return { ok: false, reason: 'field_not_visible' };
  return { ok: true, targets, submitRef: snapshot.submit.ref, submitForm: false };
}

/** The values for a plan's targets, looked up only when the plan is about to be inserted. */
export function valuesFor(plan: Extract<FillPlan, { ok: true }>, credential: Credential) {
  return plan.targets.map(({ field, ref }) => ({ ref, value: credential[field] ?? '' }));
}

/** How strictly the submit is judged: a password may travel in the form's address only if the connector says so. */
export function submitRules(login: LoginRecipe, step: number, plan: Extract<FillPlan, { ok: true }>) {
  const recipe = login.mode === 'steps' ? login.steps[step] : login.mode === 'fill' ? login : undefined;
  return {
    containsPassword: plan.targets.some(({ field }) => field === 'password'),
    passwordInAddress: recipe?.passwordInAddress === true,
  };
}

/** The body of a `post` recipe, or null when the page is not on one of the app's origins. */
export function planPost(
  login: Extract<LoginRecipe, { mode: 'post' }>,
  pageOrigin: string,
  origins: readonly string[],
  credential: Credential,
): PostPlan | null {
  if (!origins.includes(pageOrigin) || !origins.includes(originOf(login.action) ?? '')) return null;
  const fields: Record<string, string> = { ...login.staticFields };
  for (const field of usedFields(login.fields)) fields[login.fields[field]!] = credential[field] ?? '';
  return {
    action: login.action,
    fields,
    credentialNames: usedFields(login.fields).map((field) => login.fields[field]!),
  };
}

/** What the extension saw of each field the step names: matched (visible), hidden, or missing. */
export function seenFields(request: CollectRequest, snapshot: PageSnapshot | undefined): FillSeen['fields'] {
  const seen: FillSeen['fields'] = {};
  for (const field of usedFields(request.fields)) {
    const element = snapshot?.fields[field];
    seen[field] = !element ? 'missing' : element.visible ? 'matched' : 'hidden';
  }
  return seen;
}

/**
 * The lockout guard's rule: the failure signal blames the password only after a submit that went the
 * page's own way (its fields, its button or form, its scripts and fresh tokens). After a static POST it may
 * just as well mean a missing token or a skipped script: the connector's problem until shown otherwise.
 */
export const rejectionReason = (way: SubmitWay): FillFailureReason =>
  way === 'post' ? 'failure_unconfirmed' : 'credentials_rejected';
