import type { Invisibility } from './fill-types';

/**
 * Whether a person could see and click an element: SECURITY.md's rule that the extension fills only
 * visible fields, so a page cannot collect a credential into a transparent, tiny, off-screen or covered one.
 * Runs in the page.
 */
const MIN_OPACITY = 0.7;
const MIN_SIZE_PX = 4;

/** The element's parent, stepping out of a shadow root to its host. */
function parentAcross(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** Hidden or too transparent, judged over the element and every ancestor (html and body included). */
function styleProblem(element: Element): Invisibility | undefined {
  let opacity = 1;
  for (let node: Element | null = element; node; node = parentAcross(node)) {
    const style = node.ownerDocument.defaultView!.getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') return 'hidden';
    opacity *= Number.parseFloat(style.opacity);
  }
  return opacity < MIN_OPACITY ? 'transparent' : undefined;
}

/** The topmost element at a point, looking into the shadow root the element lives in. */
function hitAt(element: Element, x: number, y: number): Element | null {
  const root = element.getRootNode() as Document | ShadowRoot;
  return root.elementFromPoint(x, y);
}

/** Why the element is not visible, or undefined when it is. `frame` is the iframe holding it, if any. */
export function invisibility(element: Element, frame: HTMLIFrameElement | null): Invisibility | undefined {
  const problem = styleProblem(element) ?? (frame ? styleProblem(frame) : undefined);
  if (problem) return problem;
  const rect = element.getBoundingClientRect();
  if (rect.width < MIN_SIZE_PX || rect.height < MIN_SIZE_PX) return 'too_small';
  const view = element.ownerDocument.defaultView!;
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  if (x < 0 || y < 0 || x > view.innerWidth || y > view.innerHeight) return 'off_screen';
  const hit = hitAt(element, x, y);
  if (hit !== element && !element.contains(hit)) return 'covered';
  if (!frame) return undefined;
  const frameRect = frame.getBoundingClientRect();
  const topX = frameRect.left + x;
  const topY = frameRect.top + y;
  if (topX > window.innerWidth || topY > window.innerHeight) return 'off_screen';
  return hitAt(frame, topX, topY) === frame ? undefined : 'covered';
}
