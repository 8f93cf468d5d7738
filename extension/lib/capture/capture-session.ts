import type { CaptureTargets } from '../../../shared/connectors/connector-drafts';
import type { CapturePart, CapturePopupState, CaptureStatus } from '../../../shared/extension/messages';
import { isMessageKey, pickLocale, translate, type MessageKey } from '../../../shared/i18n';
import { originOf } from '../../../shared/origins';
import { managedConfig } from '../config/managed-config';
import { ApiError, callApi, currentSession } from '../session/extension-session';
import { buildDraft, type CapturedStep } from './build-draft';
import type { CapturePage, PickRequest, PickResult } from './capture-page';

/**
 * The service worker's half of "Capture this login": one capture at a time, in one tab. It asks the page for
 * each click in turn, follows the tab through a username-first login's second page and the one real sign-in,
 * notes every origin the tab's top frame committed to, and sends the connector draft to the portal. What IT
 * types into the page is never read: only selectors, labels and addresses leave it.
 */

interface Capture {
  tabId: number;
  appId: string;
  appName: string;
  status: CaptureStatus;
  cancelled: boolean;
  seenUrls: string[];
}

interface TopDocument {
  tabId: number;
  documentId: string;
  url: string;
}

const POLL_MS = 200;
const KEEP_ALIVE_MS = 20_000;
/** The popup asks twice a second while a capture runs; what IT may capture changes rarely. */
const TARGETS_CACHE_MS = 60_000;

let current: Capture | undefined;
let targetsCache: { username: string; at: number; targets: CaptureTargets } | undefined;

async function captureTargets(username: string): Promise<CaptureTargets | null> {
  if (targetsCache?.username === username && Date.now() - targetsCache.at < TARGETS_CACHE_MS)
    return targetsCache.targets;
  const targets = await callApi<CaptureTargets>('GET', '/api/extension/connector-drafts/apps').catch(() => null);
  if (targets) targetsCache = { username, at: Date.now(), targets };
  return targets;
}

const t = (key: MessageKey, values?: Record<string, string | number>) =>
  translate(pickLocale(navigator.languages), key, values);

const isPage = (url: string | undefined) => /^https?:/.test(url ?? '');

/** What the popup shows: nothing to anyone but IT; for IT the apps, the tab's likely app and the capture's status. */
export async function capturePopupState(tabId: number | null): Promise<CapturePopupState> {
  const status = current?.status ?? null;
  const none = { mayCapture: false, apps: [], tabId: null, suggestedAppId: null, status };
  const session = await currentSession();
  if (!managedConfig() || !session) return none;
  const targets = await captureTargets(session.person.username);
  if (!targets?.mayCapture) return none;
  const tab = tabId === null ? undefined : await browser.tabs.get(tabId).catch(() => undefined);
  const origin = tab?.url ? originOf(tab.url) : undefined;
  const suggested = origin ? targets.apps.find((app) => app.origins.includes(origin)) : undefined;
  return {
    mayCapture: true,
    apps: targets.apps,
    tabId: tab && isPage(tab.url) ? tabId : null,
    suggestedAppId: suggested?.appId ?? null,
    status,
  };
}

/** Starts a capture in the tab for the app; false when the person may not, or there is no page there. */
export async function startCapture(tabId: number, appId: string): Promise<boolean> {
  const state = await capturePopupState(tabId);
  const app = state.apps.find((candidate) => candidate.appId === appId);
  if (!state.mayCapture || state.tabId !== tabId || !app) return false;
  await cancelCapture();
  const capture: Capture = {
    tabId,
    appId,
    appName: app.name,
    status: { appName: app.name, phase: 'picking', part: null, reason: null },
    cancelled: false,
    seenUrls: [],
  };
  current = capture;
  void runCapture(capture).catch((error: unknown) => {
    if (capture.cancelled) return;
    capture.status = { ...capture.status, phase: 'failed', part: null, reason: failureReason(error) };
    void stopInTab(capture.tabId);
  });
  return true;
}

/** Why a capture failed, in the catalogue's words: the API's refusal, or the page that could not be read. */
function failureReason(error: unknown): string {
  const key = error instanceof ApiError ? `error.${error.code}` : '';
  return isMessageKey(key) ? t(key) : t('capture.failedPage');
}

export async function cancelCapture() {
  const capture = current;
  if (!capture || capture.cancelled) return;
  capture.cancelled = true;
  if (['picking', 'continue', 'signing-in'].includes(capture.status.phase))
    capture.status = { ...capture.status, phase: 'cancelled', part: null };
  await stopInTab(capture.tabId);
}

class CaptureEnded extends Error {}

async function runCapture(capture: Capture) {
  const noteOrigin = (details: { tabId: number; frameId: number; url: string }) => {
    if (details.tabId === capture.tabId && details.frameId === 0 && isPage(details.url))
      capture.seenUrls.push(details.url);
  };
  browser.webNavigation.onCommitted.addListener(noteOrigin);
  // Chrome stops an idle service worker after 30 s, and IT may think longer than that over a click; any
  // extension call counts as activity.
  const keepAlive = setInterval(() => void browser.runtime.getPlatformInfo(), KEEP_ALIVE_MS);
  try {
    await capturedLogin(capture);
  } catch (error) {
    if (!(error instanceof CaptureEnded)) throw error;
  } finally {
    clearInterval(keepAlive);
    browser.webNavigation.onCommitted.removeListener(noteOrigin);
  }
}

async function capturedLogin(capture: Capture) {
  let page = await nextDocument(capture);
  const launchUrl = page.url;
  capture.seenUrls.push(launchUrl);
  const loginUrls = [launchUrl];
  const first = await pickStep(capture, page, ['username', 'password', 'extra', 'submit']);
  const steps = [first.step];
  let extraLabel = first.extraLabel;
  if (first.passwordLater) {
    setPhase(capture, 'continue');
    await say(page, t('capture.continue'));
    page = await nextDocument(capture, page.documentId);
    loginUrls.push(page.url);
    const second = await pickStep(capture, page, ['password', 'extra', 'submit']);
    steps.push(second.step);
    extraLabel ??= second.extraLabel;
  }
  setPhase(capture, 'signing-in');
  await say(page, t('capture.signIn'));
  const signedIn = await signedInDocument(capture, page.documentId, loginUrls);
  setPhase(capture, 'sending');
  const definition = buildDraft({
    launchUrl,
    loginUrls,
    seenUrls: capture.seenUrls,
    steps,
    signedInUrl: signedIn.url,
    extraLabel,
  });
  await callApi('POST', '/api/extension/connector-drafts', { appId: capture.appId, definition });
  setPhase(capture, 'sent');
  await say(signedIn, t('capture.sent', { app: capture.appName }), 10_000).catch(() => undefined);
}

function setPhase(capture: Capture, phase: CaptureStatus['phase'], part: CapturePart | null = null) {
  if (capture.cancelled) throw new CaptureEnded();
  capture.status = { ...capture.status, phase, part };
}

const SKIP_LABELS: Partial<Record<CapturePart, MessageKey>> = {
  username: 'capture.skip.username',
  password: 'capture.skip.password',
  extra: 'capture.skip.extra',
};

/** The clicks of one login page, in order; a skipped password means it is on the next page. */
async function pickStep(capture: Capture, page: TopDocument, parts: CapturePart[]) {
  const step: CapturedStep = { fields: {}, submit: '' };
  let passwordLater = false;
  let extraLabel: string | undefined;
  for (const [index, part] of parts.entries()) {
    // On the second page of a username-first login the password is the point: it cannot be skipped.
    const skippable = part !== 'submit' && !(part === 'password' && parts[0] === 'password');
    setPhase(capture, 'picking', part);
    const result = await pickInPage(page, {
      part,
      prompt: t(`capture.next.${part}`),
      step: t('capture.step', { step: index + 1, steps: parts.length }),
      escape: t('capture.escape'),
      pickAgain: t('capture.pickAgain'),
      cancel: t('capture.cancel'),
      ...(skippable ? { skip: t(SKIP_LABELS[part]!) } : {}),
    });
    if (result.kind === 'cancelled') {
      await cancelCapture();
      throw new CaptureEnded();
    }
    if (result.kind === 'skipped') {
      if (part === 'password') passwordLater = true;
      continue;
    }
    if (part === 'submit') step.submit = result.selector;
    else step.fields[part] = result.selector;
    if (part === 'extra') extraLabel = result.label;
  }
  return { step, passwordLater, extraLabel };
}

/** The tab's top document once it has loaded, waiting for one other than `after` when given. */
async function nextDocument(capture: Capture, after?: string): Promise<TopDocument> {
  for (;;) {
    if (capture.cancelled) throw new CaptureEnded();
    const tab = await browser.tabs.get(capture.tabId).catch(() => undefined);
    if (!tab) {
      await cancelCapture();
      throw new CaptureEnded();
    }
    if (tab.status === 'complete') {
      const frame = await browser.webNavigation.getFrame({ tabId: capture.tabId, frameId: 0 }).catch(() => null);
      const documentId = (frame as { documentId?: string } | null)?.documentId;
      if (frame && documentId && documentId !== after && isPage(frame.url))
        return { tabId: capture.tabId, documentId, url: frame.url };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The first page after the sign-in that is not one of the login pages (a wrong password shows a login page again). */
async function signedInDocument(capture: Capture, after: string, loginUrls: string[]): Promise<TopDocument> {
  const pathOf = (url: string) => {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  };
  const loginPaths = new Set(loginUrls.map(pathOf));
  let last = after;
  for (;;) {
    const page = await nextDocument(capture, last);
    if (!loginPaths.has(pathOf(page.url))) return page;
    last = page.documentId;
  }
}

async function inPage<K extends keyof CapturePage>(
  page: TopDocument,
  name: K,
  argument: Parameters<CapturePage[K]>[0],
): Promise<Awaited<ReturnType<CapturePage[K]>> | undefined> {
  const target = { tabId: page.tabId, documentIds: [page.documentId] } as chrome.scripting.InjectionTarget;
  await chrome.scripting.executeScript({ target, files: ['/capture-engine.js'] });
  const [result] = await chrome.scripting.executeScript({
    target,
    func: (call: string, value: unknown) => {
      const engine = (globalThis as unknown as { gatehouseCaptureEngine: Record<string, (v: unknown) => unknown> })
        .gatehouseCaptureEngine;
      return engine[call]!(value);
    },
    args: [name, argument],
  });
  return result?.result as Awaited<ReturnType<CapturePage[K]>> | undefined;
}

/** One pick; a page that went away mid-pick (IT followed a link) counts as a cancel. */
async function pickInPage(page: TopDocument, request: PickRequest): Promise<PickResult> {
  const result = await inPage(page, 'pick', request).catch(() => undefined);
  return result ?? { kind: 'cancelled' };
}

const say = (page: TopDocument, text: string, hideAfterMs?: number) =>
  inPage(page, 'say', { text, hideAfterMs }).then(() => undefined);

async function stopInTab(tabId: number) {
  const frame = await browser.webNavigation.getFrame({ tabId, frameId: 0 }).catch(() => null);
  const documentId = (frame as { documentId?: string } | null)?.documentId;
  if (!documentId) return;
  await chrome.scripting
    .executeScript({
      target: { tabId, documentIds: [documentId] } as chrome.scripting.InjectionTarget,
      func: () => (globalThis as { gatehouseCaptureEngine?: { stop(): void } }).gatehouseCaptureEngine?.stop(),
    })
    .catch(() => undefined);
}
