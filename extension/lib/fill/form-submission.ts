import type { FillFailureReason } from '../../../shared/vault/fill-outcome';

/**
 * Where and how submitting a form would send it, read from the attributes (a field named "action" or
 * "method" shadows the form's properties), and whether that may carry a credential. Runs in the page.
 */
export interface SubmissionRules {
  /** The app's origins: the only ones a credential may be sent to. */
  origins: readonly string[];
  /** A password in the address (method GET) is refused unless the connector allows it. */
  passwordInAddress: boolean;
  containsPassword: boolean;
}

type Submitter = Element | null | undefined;

const submitterAttribute = (submitter: Submitter, name: string) =>
  submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement ? submitter.getAttribute(name) : null;

/** Where submitting would send the form: a button's formaction wins over the form's action. */
export function resolvedAction(form: HTMLFormElement | null, submitter: Submitter): string | null {
  if (!form) return null;
  const action = submitterAttribute(submitter, 'formaction') ?? form.getAttribute('action') ?? '';
  return new URL(action, form.ownerDocument.baseURI).href;
}

function resolvedMethod(form: HTMLFormElement, submitter: Submitter): 'get' | 'post' | 'dialog' {
  const method = (submitterAttribute(submitter, 'formmethod') ?? form.getAttribute('method') ?? '').trim();
  const lower = method.toLowerCase();
  return lower === 'post' || lower === 'dialog' ? lower : 'get';
}

/** The browsing context the form would load in: the same tab, or (a named or new window) possibly another. */
function staysInTab(form: HTMLFormElement, submitter: Submitter): boolean {
  const doc = form.ownerDocument;
  const target =
    submitterAttribute(submitter, 'formtarget') ??
    form.getAttribute('target') ??
    doc.querySelector('base[target]')?.getAttribute('target') ??
    '';
  const name = target.trim().toLowerCase();
  if (['', '_self', '_parent', '_top'].includes(name)) return true;
  // A named frame of this page is in the same tab; a window of that name may be anywhere.
  return [...doc.querySelectorAll('iframe')].some((frame) => frame.name.toLowerCase() === name);
}

/** Why the form may not send the credential where it points now (another origin or window), if it may not. */
export function destinationProblem(
  form: HTMLFormElement | null,
  submitter: Submitter,
  origins: readonly string[],
): FillFailureReason | undefined {
  const action = resolvedAction(form, submitter);
  if (!form || action === null) return undefined;
  if (!origins.includes(new URL(action).origin)) return 'origin_mismatch';
  return staysInTab(form, submitter) ? undefined : 'form_unsafe';
}

/** The same, at the moment the form is submitted: its method now counts too (an SPA's form has none and never submits). */
export function submissionProblem(
  form: HTMLFormElement,
  submitter: Submitter,
  rules: SubmissionRules,
): FillFailureReason | undefined {
  const problem = destinationProblem(form, submitter, rules.origins);
  if (problem) return problem;
  const inAddress = resolvedMethod(form, submitter) === 'get' && rules.containsPassword;
  return inAddress && !rules.passwordInAddress ? 'form_unsafe' : undefined;
}

/**
 * Runs `submit` (a click or requestSubmit) and checks the form once more when its submit event has gone
 * through the page's own listeners: a submission the page did not take over is cancelled if it would now
 * send the credential somewhere it may not go.
 */
export function submitChecked(
  form: HTMLFormElement | null,
  rules: SubmissionRules,
  submit: () => void,
): FillFailureReason | undefined {
  if (!form) {
    submit();
    return undefined;
  }
  let problem: FillFailureReason | undefined;
  const check = (event: Event) => {
    // A submission the page prevented is the page's own request, kept on the app's origins by the tab guard.
    if (event.target !== form || event.defaultPrevented) return;
    problem = submissionProblem(form, (event as SubmitEvent).submitter, rules);
    if (problem) event.preventDefault();
  };
  const root = form.getRootNode();
  root.addEventListener('submit', check);
  try {
    submit();
  } finally {
    root.removeEventListener('submit', check);
  }
  return problem;
}
