import type { Invisibility } from './fill-types';
import { paintsAbove, parentAcross } from './paint-order';

/**
 * Whether a person could see and click an element: SECURITY.md's rule that the extension fills only
 * visible fields, so a page cannot collect a credential into a transparent, tiny, off-screen or covered one.
 * Runs in the page.
 */
const MIN_OPACITY = 0.7;
const MIN_SIZE_PX = 4;
/** An overlay this opaque, or more, hides what is under it. */
const HIDING_ALPHA = 0.3;
/** Where the element is looked at, as fractions of its box: the centre first, then four inner points. */
const SAMPLES: [number, number][] = [
  [0.5, 0.5],
  [0.25, 0.25],
  [0.75, 0.25],
  [0.25, 0.75],
  [0.75, 0.75],
];
/** Covered at the centre, or at most of the samples (a small icon over one end of a field is fine). */
const COVERED_SAMPLES = 3;

const styleOf = (element: Element) => element.ownerDocument.defaultView!.getComputedStyle(element);

/** One element's own opacity: its `opacity` times every `opacity()` in its `filter` (0.2 or 20%). */
function ownOpacity(style: CSSStyleDeclaration): number {
  let opacity = Number.parseFloat(style.opacity);
  for (const [, amount] of style.filter.matchAll(/opacity\(\s*([^)\s]+)\s*\)/g)) {
    const value = Number.parseFloat(amount!);
    opacity *= Math.min(1, amount!.endsWith('%') ? value / 100 : value);
  }
  return opacity;
}

/**
 * The opacity the element is painted with: its own times every ancestor's (html and body included), and,
 * in a frame, times the frame's as the top page paints it.
 */
function opacityOf(element: Element, frame: HTMLIFrameElement | null = null): number {
  let opacity = frame ? opacityOf(frame) : 1;
  for (let node: Element | null = element; node; node = parentAcross(node)) opacity *= ownOpacity(styleOf(node));
  return opacity;
}

/** Hidden or too transparent, judged over the element and every ancestor (and the frame's, if any). */
function styleProblem(element: Element, frame: HTMLIFrameElement | null): Invisibility | undefined {
  for (const start of frame ? [element, frame] : [element]) {
    for (let node: Element | null = start; node; node = parentAcross(node)) {
      const style = styleOf(node);
      if (style.display === 'none' || style.visibility === 'hidden') return 'hidden';
    }
  }
  return opacityOf(element, frame) < MIN_OPACITY ? 'transparent' : undefined;
}

/** The alpha of a computed colour ('rgba(0, 0, 0, 0)', 'rgb(…)', 'color(srgb … / 0.5)'). */
function alphaOf(color: string): number {
  const parts =
    /\(([^)]*)\)/
      .exec(color)?.[1]
      ?.split(/[\s,/]+/)
      .filter(Boolean) ?? [];
  const alpha = parts.length === 4 ? parts[3]! : color.includes('/') ? parts.at(-1)! : '1';
  return alpha.endsWith('%') ? Number.parseFloat(alpha) / 100 : Number.parseFloat(alpha);
}

const REPLACED = new Set([
  'IMG',
  'VIDEO',
  'CANVAS',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'INPUT',
  'TEXTAREA',
  'SELECT',
  'BUTTON',
]);

/** Whether the element paints something a person would see instead of what lies under it. */
function paintsVisibly(element: Element): boolean {
  const style = styleOf(element);
  if (style.visibility !== 'visible' || opacityOf(element) < HIDING_ALPHA) return false;
  if (alphaOf(style.backgroundColor) >= HIDING_ALPHA || style.backgroundImage !== 'none') return true;
  if (REPLACED.has(element.tagName) || element instanceof SVGSVGElement) return true;
  return [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
}

function* elementsIn(root: Document | ShadowRoot): Generator<Element> {
  for (const element of root.querySelectorAll('*')) {
    yield element;
    if (element.shadowRoot) yield* elementsIn(element.shadowRoot);
  }
}

const overlaps = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

const isAncestorOf = (node: Element, element: Element) => {
  for (let up = parentAcross(element); up; up = parentAcross(up)) if (up === node) return true;
  return false;
};

let boxesByDocument: Map<Document, [Element, DOMRect][]> | undefined;

/** Every element's box, read once per document for one synchronous look (nothing can move in between). */
function boxesIn(doc: Document): [Element, DOMRect][] {
  if (!boxesByDocument) {
    boxesByDocument = new Map();
    queueMicrotask(() => (boxesByDocument = undefined));
  }
  let boxes = boxesByDocument.get(doc);
  if (!boxes) {
    boxes = [...elementsIn(doc)].map((element): [Element, DOMRect] => [element, element.getBoundingClientRect()]);
    boxesByDocument.set(doc, boxes);
  }
  return boxes;
}

/**
 * The boxes of elements that hit-testing looks straight through (pointer-events: none) but that are
 * painted over the element where it lies: a decoy drawn over a real form. elementFromPoint never sees them.
 */
function seeThroughOverlays(element: Element, rect: DOMRect): DOMRect[] {
  const boxes: DOMRect[] = [];
  for (const [candidate, box] of boxesIn(element.ownerDocument)) {
    if (candidate === element || element.contains(candidate)) continue;
    if (!overlaps(box, rect) || styleOf(candidate).pointerEvents !== 'none') continue;
    if (isAncestorOf(candidate, element) || !paintsVisibly(candidate)) continue;
    if (paintsAbove(candidate, element)) boxes.push(box);
  }
  return boxes;
}

const inside = (box: DOMRect, x: number, y: number) => x >= box.left && x < box.right && y >= box.top && y < box.bottom;

/** Whether something else is hit, or painted, over the element at the centre or most sample points of `rect`. */
function isCovered(element: Element, rect: DOMRect): boolean {
  const root = element.getRootNode() as Document | ShadowRoot;
  const overlays = seeThroughOverlays(element, rect);
  const covered = SAMPLES.map(([fx, fy]) => {
    const x = rect.left + rect.width * fx;
    const y = rect.top + rect.height * fy;
    const hit = root.elementFromPoint(x, y);
    if (hit !== element && !(hit && element.contains(hit))) return true;
    return overlays.some((box) => inside(box, x, y));
  });
  return covered[0]! || covered.filter(Boolean).length >= COVERED_SAMPLES;
}

/** Why the element is not visible, or undefined when it is. `frame` is the iframe holding it, if any. */
export function invisibility(element: Element, frame: HTMLIFrameElement | null): Invisibility | undefined {
  const problem = styleProblem(element, frame);
  if (problem) return problem;
  const rect = element.getBoundingClientRect();
  if (rect.width < MIN_SIZE_PX || rect.height < MIN_SIZE_PX) return 'too_small';
  const view = element.ownerDocument.defaultView!;
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  if (x < 0 || y < 0 || x > view.innerWidth || y > view.innerHeight) return 'off_screen';
  if (isCovered(element, rect)) return 'covered';
  if (!frame) return undefined;
  const frameRect = frame.getBoundingClientRect();
  if (frameRect.left + x > window.innerWidth || frameRect.top + y > window.innerHeight) return 'off_screen';
  // The field's own box, seen from the top page: whatever covers the frame there covers the field.
  const seenFromTop = new DOMRect(frameRect.left + rect.left, frameRect.top + rect.top, rect.width, rect.height);
  return isCovered(frame, seenFromTop) ? 'covered' : undefined;
}
