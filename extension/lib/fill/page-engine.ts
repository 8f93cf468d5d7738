import type { CredentialField } from '../../../shared/connectors/connector';
import type { FillFailureReason } from '../../../shared/vault/fill-outcome';
import type {
  CollectRequest,
  ElementSnapshot,
  FailureSignal,
  InsertResult,
  PageSignal,
  PageSnapshot,
  PostPlan,
  SubmitWay,
  SuccessSignal,
} from './fill-types';
import { destinationProblem, resolvedAction, submitChecked } from './form-submission';
import { invisibility } from './page-visibility';
import { matchesUrlPattern } from './url-pattern';

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

/** Every match in the document, then in each open shadow root inside it. */
function queryAllDeep(root: Document | ShadowRoot, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  for (const host of root.querySelectorAll('*')) {
    if (host.shadowRoot) found.push(...queryAllDeep(host.shadowRoot, selector));
  }
  return found;
}

const queryDeep = (root: Document | ShadowRoot, selector: string): Element | null =>
  queryAllDeep(root, selector)[0] ?? null;

/**
 * The first match a person could see and use, else the first match (which the planner then refuses as not
 * visible): a hidden login modal beside the page's own form must not stand in for it.
 */
function firstVisible(root: Document, selector: string, frame: HTMLIFrameElement | null): Element | null {
  const matches = queryAllDeep(root, selector);
  return matches.find((element) => invisibility(element, frame) === undefined) ?? matches[0] ?? null;
}

/** Rendered and not hidden: a signal element a page keeps in its markup but shows only on an error does not count. */
const isShown = (element: Element) => element.checkVisibility({ visibilityProperty: true });

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
    const element = doc ? firstVisible(doc, selector, frame) : null;
    fields[field] = snapshotOf(element, frame);
    if (element) found.push(element);
    if (field === 'password') password = element;
  }
  // The form that counts is the password's, or the first field's on a step without one.
  const firstField = password ?? found[0] ?? null;
  const submitElement = doc && request.submit ? firstVisible(doc, request.submit, frame) : null;
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

/** Whether the connector's success signal shows: the app's own session is already there. */
function showsSuccess(success: SuccessSignal | undefined, frame: string | undefined): boolean {
  if (!success) return false;
  if (success.urlPattern !== undefined && matchesUrlPattern(location.href, success.urlPattern)) return true;
  return success.element !== undefined && signalElements(success.element, frame).length > 0;
}

/** A snapshot once every field is there (or the person turns out to be signed in already), or whatever is there when the wait is over. */
async function collect(request: CollectRequest): Promise<PageSnapshot> {
  const deadline = Date.now() + request.waitMs;
  for (;;) {
    elements.clear();
    if (showsSuccess(request.success, request.frame)) {
      return { pageOrigin: location.origin, fields: {}, submit: null, formAction: null, signedIn: true };
    }
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
  if ('refused' in sent) return refused(sent.refused);
  return { ok: true, submitted: sent.way !== 'none', way: sent.way };
}

const isSubmitButton = (element: Element) =>
  (element instanceof HTMLButtonElement && element.type === 'submit') ||
  (element instanceof HTMLInputElement && (element.type === 'submit' || element.type === 'image'));

/**
 * The button Enter presses: the form's first submit button in tree order (HTML's "default button"),
 * wherever it sits in the document (a `form=` attribute ties it to the form).
 */
function defaultButton(form: HTMLFormElement): HTMLElement | null {
  const root = form.getRootNode() as Document | ShadowRoot;
  const candidates = root.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input');
  return [...candidates].find((element) => element.form === form && isSubmitButton(element)) ?? null;
}

/**
 * Submits as a person would: clicks the connector's button, or else presses the form's default button so
 * the page's own click handlers run (one may hash the password first); the form itself is submitted only
 * when it has no submit button. The way it went, or why the last look refused it.
 */
function send(
  form: HTMLFormElement | null,
  submit: Element | null,
  request: InsertRequest,
): { way: SubmitWay } | { refused: FillFailureReason } {
  const rules = {
    origins: request.origins,
    containsPassword: request.containsPassword,
    passwordInAddress: request.passwordInAddress,
  };
  const checked = (way: SubmitWay, press: () => void) => {
    const refused = submitChecked(form, rules, press);
    return refused ? { refused } : { way };
  };
  if (submit) return checked('button', () => (submit as HTMLElement).click());
  if (!request.submitForm || !form) return { way: 'none' };
  const button = defaultButton(form);
  if (button && !(button as HTMLButtonElement).disabled) return checked('default_button', () => button.click());
  return checked('form', () => form.requestSubmit());
}

/** Two addresses the same but for a fragment, the connector's written as IT typed it. */
const sameAddress = (a: string, b: string) => a.split('#')[0] === new URL(b, document.baseURI).href.split('#')[0];

/** The page's own login form for a `post` recipe: the one aimed at its action, else the one with its field names. */
function ownLoginForm(plan: PostPlan): HTMLFormElement | undefined {
  const forms = [...document.forms];
  return (
    forms.find((form) => sameAddress(resolvedAction(form, null) ?? '', plan.action)) ??
    forms.find((form) => plan.credentialNames.some((name) => form.elements.namedItem(name) !== null))
  );
}

/** The hidden inputs of the page's own login form (a per-load token), as that form would send them. */
function ownHiddenFields(plan: PostPlan): Record<string, string> {
  const form = ownLoginForm(plan);
  const hidden = form ? [...form.querySelectorAll<HTMLInputElement>('input[type=hidden][name]')] : [];
  return Object.fromEntries(hidden.filter((input) => !input.disabled).map((input) => [input.name, input.value]));
}

/**
 * Sends a `post` recipe from the app's own page, as its own login form would: with that form's hidden
 * inputs as this load of the page wrote them (a token), then the connector's fields over them.
 */
function post(plan: PostPlan): InsertResult {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = plan.action;
  // In this tab, whatever the page's <base target> says: the launch watches this tab for the result.
  form.target = '_self';
  form.hidden = true;
  for (const [name, value] of Object.entries({ ...ownHiddenFields(plan), ...plan.fields })) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  HTMLFormElement.prototype.submit.call(form);
  return { ok: true, submitted: true, way: 'post' };
}

/** The shown elements a signal names, in the page and in the connector's frame. */
function signalElements(selector: string, frame: string | undefined): Element[] {
  const docs = [document, formDocument(frame).doc].filter((doc): doc is Document => doc !== null);
  return docs.flatMap((doc) => queryAllDeep(doc, selector)).filter(isShown);
}

const normalised = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The failure signal: its URL (only on a page the submit led to: the login page's own address says
 * nothing), its element, and its words inside the element or the page, each when the connector gives it.
 */
function showsFailure(failure: FailureSignal, frame: string | undefined, newPage: boolean): boolean {
  if (failure.urlPattern !== undefined && !(newPage && matchesUrlPattern(location.href, failure.urlPattern))) {
    return false;
  }
  const shown = failure.element === undefined ? [document.body] : signalElements(failure.element, frame);
  if (shown.length === 0) return false;
  if (failure.text === undefined) return true;
  const words = normalised(failure.text);
  return shown.some((element) =>
    normalised((element as HTMLElement).innerText ?? element.textContent ?? '').includes(words),
  );
}

/** Whether the page shows the connector's failure or success signal. Never returns the page's text. */
function signal(request: {
  failure?: FailureSignal;
  success?: SuccessSignal;
  frame?: string;
  /** The page is not the one the login was submitted from. */
  newPage: boolean;
}): PageSignal {
  if (request.failure && showsFailure(request.failure, request.frame, request.newPage)) return 'failure';
  return showsSuccess(request.success, request.frame) ? 'success' : 'none';
}

export const pageEngine = { collect, insert, post, signal };
export type PageEngine = typeof pageEngine;
export type { InsertRequest };
