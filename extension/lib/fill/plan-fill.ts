import { CREDENTIAL_FIELDS, type CredentialField, type LoginRecipe } from '../../../shared/connectors/connector';
import { originOf } from '../../../shared/origins';
import type { Credential } from '../../../shared/vault/entry';
import type { CollectRequest, FillPlan, PageSnapshot, PostPlan } from './fill-types';

type Fields = Partial<Record<CredentialField, string>>;

/** What to look for on the page for one step of a fill or steps recipe. */
export function collectRequest(login: LoginRecipe, step: number, waitMs: number): CollectRequest {
  if (login.mode === 'post') return { fields: {}, waitMs: 0 };
  if (login.mode === 'steps') {
    const { fields, submit } = login.steps[step]!;
    return { fields, submit, waitMs };
  }
  return { fields: login.fields, submit: login.submit, frame: login.frame, waitMs };
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
  if (snapshot.formAction !== null) {
    const actionOrigin = originOf(snapshot.formAction);
    if (actionOrigin !== snapshot.pageOrigin) return { ok: false, reason: 'origin_mismatch' };
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
  return { action: login.action, fields };
}

/** A connector's URL pattern: `*` matches any run of characters, everything else itself. */
export function matchesUrlPattern(url: string, pattern: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(url);
}
