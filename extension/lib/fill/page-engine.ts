import type { CredentialField } from '../../../shared/connectors/connector';
import type { FillFailureReason } from '../../../shared/vault/fill-outcome';
import type { CollectRequest, ElementSnapshot, InsertResult, PageSignal, PageSnapshot, PostPlan } from './fill-types';
import { destinationProblem, resolvedAction, submitChecked } from './form-submission';
import { invisibility } from './page-visibility';

/**
 * The part of the fill that runs inside the app's page (the extension's isolated world, top frame only):
 * collect a snapshot, insert planned values, read the page's signals. It takes no orders from the page:
 * only the service worker calls it, through chrome.scripting.
 */

const elements = new Map<number, { element: Element; frame: HTMLIFrameElement | null }>();
let nextRef = 1;

function remember(element: Element, frame: HTMLIFrameElement | null): number {
  const ref = nextRef++;
  elements.set(ref, { element, frame });
  return ref;
}

/** The first match in the document or any open shadow root inside it. */
function queryDeep(root: Document | ShadowRoot, selector: string): Element | null {
  const direct = root.querySelector(selector);
  if (direct) return direct;
  for (const host of root.querySelectorAll('*')) {
    if (host.shadowRoot) {
      const inner = queryDeep(host.shadowRoot, selector);
      if (inner) return inner;
    }
  }
  return null;
}

/** The document holding the form: the page, or the same-origin frame the connector names. */
function formDocument(frameSelector: string | undefined) {
  if (frameSelector === undefined) return { doc: document, frame: null, frameInfo: undefined };
  const frame = queryDeep(document, frameSelector);
  if (!(frame instanceof HTMLIFrameElement))
    return { doc: null, frame: null, frameInfo: { found: false, origin: null } };
  let doc: Document | null = null;
  let origin: string | null = null;
  try {
    doc = frame.contentDocument;
    origin = frame.contentWindow?.location.origin ?? null;
  } catch {
    // A cross-origin frame: never filled. Its address says whose it is.
  }
  if (!doc) origin = frame.src ? new URL(frame.src, document.baseURI).origin : null;
  return { doc, frame, frameInfo: { found: true, origin } };
}

function snapshotOf(element: Element | null, frame: HTMLIFrameElement | null): ElementSnapshot | null {
  if (!element) return null;
  const problem = invisibility(element, frame);
  return {
    ref: remember(element, frame),
    visible: problem === undefined,
    ...(problem ? { invisibility: problem } : {}),
  };
}

function formOf(element: Element | null): HTMLFormElement | null {
  if (!element) return null;
  return (element as HTMLInputElement).form ?? element.closest('form');
}

function look(request: CollectRequest): PageSnapshot {
  const { doc, frame, frameInfo } = formDocument(request.frame);
  const fields: PageSnapshot['fields'] = {};
  const found: Element[] = [];
  let password: Element | null = null;
  for (const [field, selector] of Object.entries(request.fields) as [CredentialField, string][]) {
    const element = doc ? queryDeep(doc, selector) : null;
    fields[field] = snapshotOf(element, frame);
    if (element) found.push(element);
    if (field === 'password') password = element;
  }
  // The form that counts is the password's, or the first field's on a step without one.
  const firstField = password ?? found[0] ?? null;
  const submitElement = doc && request.submit ? queryDeep(doc, request.submit) : null;
  return {
    pageOrigin: location.origin,
    ...(frameInfo ? { frame: frameInfo } : {}),
    fields,
    submit: snapshotOf(submitElement, frame),
    formAction: resolvedAction(formOf(firstField) ?? formOf(submitElement), submitElement),
  };
}

const complete = (snapshot: PageSnapshot) => Object.values(snapshot.fields).every((field) => field !== null);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A snapshot once every field is there, or whatever is there when the wait is over. */
async function collect(request: CollectRequest): Promise<PageSnapshot> {
  const deadline = Date.now() + request.waitMs;
  for (;;) {
    elements.clear();
    const snapshot = look(request);
    if (complete(snapshot) || Date.now() >= deadline) return snapshot;
    await pause(50);
  }
}

/** Sets a value the way typing does: through the native setter, so React's value tracker sees it. */
function typeInto(element: Element, value: string) {
  let proto = Object.getPrototypeOf(element);
  while (proto && !Object.getOwnPropertyDescriptor(proto, 'value')) proto = Object.getPrototypeOf(proto);
  const input = element as HTMLInputElement;
  input.focus();
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(element, value);
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  input.blur();
}

interface InsertRequest {
  values: { ref: number; value: string }[];
  submitRef: number | null;
  submitForm: boolean;
  origins: string[];
  /** One of the values is the password. */
  containsPassword: boolean;
  /** The connector lets the form send the password in its address (method GET). */
  passwordInAddress: boolean;
}

type Target = { element: Element; frame: HTMLIFrameElement | null };

/** Takes the values back out of the page after a refusal. */
const clear = (targets: Target[]) => targets.forEach(({ element }) => typeInto(element, ''));

/**
 * Everything is checked again before the first value goes in (the page may have changed since collect),
 * again once they are in (the page saw them typed and may have rewritten the form), and once more as the
 * form is submitted.
 */
function insert(request: InsertRequest): InsertResult {
  const found = request.values.map(({ ref }) => elements.get(ref));
  const submit = request.submitRef === null ? null : elements.get(request.submitRef);
  for (const target of found) {
    if (!target || !target.element.isConnected) return { ok: false, reason: 'page_changed' };
    if (invisibility(target.element, target.frame)) return { ok: false, reason: 'field_not_visible' };
  }
  const targets = found as Target[];
  const form = targets.map(({ element }) => formOf(element)).find((candidate) => candidate !== null) ?? null;
  const submitter = submit?.element ?? null;
  const before = destinationProblem(form, submitter, request.origins);
  if (before) return { ok: false, reason: before };
  targets.forEach(({ element }, index) => typeInto(element, request.values[index]!.value));
  const refused = (reason: FillFailureReason): InsertResult => {
    clear(targets);
    return { ok: false, reason };
  };
  const after = destinationProblem(form, submitter, request.origins);
  if (after) return refused(after);
  if (submit && !submit.element.isConnected) return refused('page_changed');
  const sent = send(form, submitter, request);
  if (typeof sent === 'string') return refused(sent);
  return { ok: true, submitted: sent };
}

/** Clicks the submit element, or submits the form itself: whether it was sent, or why the last look refused it. */
function send(
  form: HTMLFormElement | null,
  submit: Element | null,
  request: InsertRequest,
): boolean | FillFailureReason {
  const rules = {
    origins: request.origins,
    containsPassword: request.containsPassword,
    passwordInAddress: request.passwordInAddress,
  };
  if (submit) return submitChecked(form, rules, () => (submit as HTMLElement).click()) ?? true;
  if (request.submitForm && form) return submitChecked(form, rules, () => form.requestSubmit()) ?? true;
  return false;
}

/** Sends a `post` recipe from the app's own page, as its own login form would. */
function post(plan: PostPlan): InsertResult {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = plan.action;
  form.hidden = true;
  for (const [name, value] of Object.entries(plan.fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  HTMLFormElement.prototype.submit.call(form);
  return { ok: true, submitted: true };
}

/** Whether the page shows the connector's failure or success element. */
function signal(selectors: { failure?: string; success?: string; frame?: string }): PageSignal {
  const docs = [document, formDocument(selectors.frame).doc].filter((doc): doc is Document => doc !== null);
  const shows = (selector?: string) => selector !== undefined && docs.some((doc) => queryDeep(doc, selector));
  if (shows(selectors.failure)) return 'failure';
  return shows(selectors.success) ? 'success' : 'none';
}

export const pageEngine = { collect, insert, post, signal };
export type PageEngine = typeof pageEngine;
export type { InsertRequest };
