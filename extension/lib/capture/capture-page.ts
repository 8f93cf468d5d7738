import type { CapturePart } from '../../../shared/extension/messages';
import { stableSelector } from './stable-selector';

/**
 * The in-page half of "Capture this login", injected on demand into the login page's top frame. It highlights
 * what the pointer is over, takes one click as a pick (the page never sees that click), names the element with
 * a stable selector and says, in a banner of its own, which click is next. It reads no field's value: only
 * attributes and labels. Escape cancels.
 */

export interface PickRequest {
  part: CapturePart;
  /** The banner's words, in the person's language (the service worker translates). */
  prompt: string;
  step: string;
  escape: string;
  pickAgain: string;
  cancel: string;
  /** The button that says this part is not on the page, when it may be missing. */
  skip?: string;
}

export type PickResult =
  { kind: 'picked'; selector: string; label?: string } | { kind: 'skipped' } | { kind: 'cancelled' };

const FIELDS = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]), textarea, select';
const BUTTONS = 'button, input[type=submit], input[type=button], input[type=image], [role=button], a';
const MAX_LABEL = 60;

/** Whether a person can see the element: it has a box, is not hidden, and nothing around it is transparent. */
function isVisible(element: Element): boolean {
  if (element instanceof HTMLInputElement && element.type === 'hidden') return false;
  if (element.getClientRects().length === 0) return false;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden' || style.visibility === 'collapse') return false;
  for (let at: Element | null = element; at; at = at.parentElement) {
    if (getComputedStyle(at).opacity === '0') return false;
  }
  return true;
}

/** The field or button a click on `target` means (a click on a field's label means its field). */
function pickedElement(target: Element, part: CapturePart): Element | null {
  if (part === 'submit') return target.closest(BUTTONS);
  const label = target.closest('label');
  if (label?.control) return label.control;
  return target.closest(FIELDS);
}

/** The words a person sees for the field: its label, aria-label or placeholder (never its value). */
function labelOf(element: Element): string | undefined {
  const labels = (element as HTMLInputElement).labels;
  const text =
    labels?.[0]?.textContent ?? element.getAttribute('aria-label') ?? element.getAttribute('placeholder') ?? '';
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL) || undefined;
}

const BANNER_STYLE = `
  :host { all: initial; }
  .banner { position: fixed; inset: auto 0.75rem 0.75rem 0.75rem; z-index: 2147483647; max-width: 40rem;
    margin: 0 auto; padding: 0.75rem 1rem; border-radius: 0.5rem; background: #1f3b5c; color: #fff;
    font: 16px/1.4 system-ui, sans-serif; box-shadow: 0 4px 16px rgb(0 0 0 / 35%); }
  .banner p { margin: 0 0 0.4rem; }
  .step { font-size: 0.85em; opacity: 0.9; }
  button { font: inherit; margin: 0.25rem 0.5rem 0 0; padding: 0.3rem 0.7rem; border-radius: 0.3rem;
    border: 1px solid #fff; background: #fff; color: #1f3b5c; cursor: pointer; }
  button:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
  .highlight { position: fixed; z-index: 2147483646; pointer-events: none; outline: 3px solid #f0b400;
    background: rgb(240 180 0 / 15%); border-radius: 2px; display: none; }
`;

interface Overlay {
  host: HTMLElement;
  banner: HTMLElement;
  highlight: HTMLElement;
}

let overlay: Overlay | undefined;
let endPick: ((result: PickResult) => void) | undefined;

function ensureOverlay(): Overlay {
  if (overlay?.host.isConnected) return overlay;
  const host = document.createElement('gatehouse-capture');
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = `<style>${BANNER_STYLE}</style><div class="highlight"></div><div class="banner" role="status" aria-live="polite"></div>`;
  document.documentElement.append(host);
  overlay = {
    host,
    banner: shadow.querySelector('.banner')!,
    highlight: shadow.querySelector('.highlight')!,
  };
  return overlay;
}

function showBanner(lines: string[], buttons: { text: string; onClick(): void }[] = []) {
  const { banner } = ensureOverlay();
  banner.replaceChildren(
    ...lines.map((line, index) => {
      const paragraph = document.createElement('p');
      paragraph.textContent = line;
      if (index > 0) paragraph.className = 'step';
      return paragraph;
    }),
    ...buttons.map(({ text, onClick }) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = text;
      button.addEventListener('click', (event) => event.isTrusted && onClick());
      return button;
    }),
  );
}

function highlight(element: Element | null) {
  const box = ensureOverlay().highlight;
  if (!element) return void (box.style.display = 'none');
  const rect = element.getBoundingClientRect();
  Object.assign(box.style, {
    display: 'block',
    left: `${rect.left - 2}px`,
    top: `${rect.top - 2}px`,
    width: `${rect.width + 4}px`,
    height: `${rect.height + 4}px`,
  });
}

/** Waits for one click that names the asked-for part; the page's own handlers never see it. */
function pick(request: PickRequest): Promise<PickResult> {
  endPick?.({ kind: 'cancelled' });
  return new Promise((resolve) => {
    const fromOverlay = (event: Event) => overlay !== undefined && event.composedPath().includes(overlay.host);
    const targetOf = (event: Event) => event.composedPath()[0] as Element;
    // Only the person's own input counts: a page's script could click its own decoy to be picked.
    const onMove = (event: Event) => {
      if (fromOverlay(event) || !event.isTrusted) return;
      highlight(pickedElement(targetOf(event), request.part));
    };
    const onClick = (event: Event) => {
      if (fromOverlay(event)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (!event.isTrusted) return;
      const element = pickedElement(targetOf(event), request.part);
      const root = element?.getRootNode() as Document | ShadowRoot | undefined;
      const selector = element && root && stableSelector(element, { root, isVisible });
      if (!element || !selector) return showPrompt(request.pickAgain);
      finish({ kind: 'picked', selector, ...(request.part === 'extra' ? { label: labelOf(element) } : {}) });
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !event.isTrusted) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      finish({ kind: 'cancelled' });
    };
    // Presses and releases are swallowed too, so a pick neither focuses a field nor starts the page's own drag.
    const swallow = (event: Event) => {
      if (fromOverlay(event)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    const swallowed = ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'auxclick', 'dblclick'];
    const finish = (result: PickResult) => {
      window.removeEventListener('mouseover', onMove, true);
      window.removeEventListener('click', onClick, true);
      window.removeEventListener('keydown', onKey, true);
      for (const type of swallowed) window.removeEventListener(type, swallow, true);
      highlight(null);
      endPick = undefined;
      resolve(result);
    };
    const showPrompt = (notice?: string) =>
      showBanner([notice ?? request.prompt, `${request.step} · ${request.escape}`].filter(Boolean), [
        ...(request.skip ? [{ text: request.skip, onClick: () => finish({ kind: 'skipped' }) }] : []),
        { text: request.cancel, onClick: () => finish({ kind: 'cancelled' }) },
      ]);
    endPick = finish;
    window.addEventListener('mouseover', onMove, true);
    window.addEventListener('click', onClick, true);
    window.addEventListener('keydown', onKey, true);
    for (const type of swallowed) window.addEventListener(type, swallow, true);
    showPrompt();
  });
}

/** Shows a message with no pick pending (what to do next, or that the capture ended). */
function say({ text, hideAfterMs }: { text: string; hideAfterMs?: number }) {
  showBanner([text]);
  if (hideAfterMs) setTimeout(stop, hideAfterMs);
}

/** Ends any pick as cancelled and takes the banner away. */
function stop() {
  endPick?.({ kind: 'cancelled' });
  overlay?.host.remove();
  overlay = undefined;
}

export const capturePage = { pick, say, stop };
export type CapturePage = typeof capturePage;
