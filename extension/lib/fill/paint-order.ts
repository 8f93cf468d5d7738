/**
 * Which of two elements the browser paints on top, after CSS 2.1 Appendix E, simplified: stacking
 * contexts nest; inside one, negative z-index comes first, then ordinary flow, then positioned elements
 * (z-index auto or 0), then positive z-index; ties go to the later element in the tree. Used for the
 * elements hit-testing looks through (pointer-events: none), which elementFromPoint cannot rank. Runs in
 * the page.
 */
const styleOf = (element: Element) => element.ownerDocument.defaultView!.getComputedStyle(element);

/** The element's parent, stepping out of a shadow root to its host. */
export function parentAcross(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

function isFlexOrGridItem(element: Element): boolean {
  const parent = parentAcross(element);
  return parent !== null && /flex|grid/.test(styleOf(parent).display);
}

function makesStackingContext(element: Element, style: CSSStyleDeclaration): boolean {
  if (element === element.ownerDocument.documentElement) return true;
  if (style.position === 'fixed' || style.position === 'sticky') return true;
  if (style.zIndex !== 'auto' && (style.position !== 'static' || isFlexOrGridItem(element))) return true;
  return (
    Number.parseFloat(style.opacity) < 1 ||
    style.transform !== 'none' ||
    style.filter !== 'none' ||
    style.perspective !== 'none' ||
    style.clipPath !== 'none' ||
    style.isolation === 'isolate' ||
    style.mixBlendMode !== 'normal' ||
    /transform|opacity|filter|perspective/.test(style.willChange) ||
    /paint|strict|content/.test(style.contain)
  );
}

/** Where an element's painting falls inside its stacking context: [layer, z-index]. */
function layerOf(element: Element): [number, number] {
  const style = styleOf(element);
  const positioned = style.position !== 'static' || makesStackingContext(element, style);
  if (!positioned) return [1, 0];
  const z = style.zIndex === 'auto' ? 0 : Number.parseInt(style.zIndex, 10);
  if (z < 0) return [0, z];
  return z === 0 ? [2, 0] : [3, z];
}

/** The element's ancestors and itself, outermost first, across shadow roots. */
function lineage(element: Element): Element[] {
  const chain: Element[] = [];
  for (let node: Element | null = element; node; node = parentAcross(node)) chain.unshift(node);
  return chain;
}

/** Whether `b` comes after `a` in tree order (a shadow tree counts as after its host's light children). */
function followsInTree(a: Element, b: Element): boolean {
  const chainA = lineage(a);
  const chainB = lineage(b);
  let i = 0;
  while (i < chainA.length && i < chainB.length && chainA[i] === chainB[i]) i++;
  const [branchA, branchB] = [chainA[i], chainB[i]];
  if (!branchB) return false; // b is an ancestor of a
  if (!branchA) return true; // a is an ancestor of b
  if (branchA.getRootNode() !== branchB.getRootNode()) return branchB.getRootNode() instanceof ShadowRoot;
  return (branchA.compareDocumentPosition(branchB) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
}

/**
 * The element's painting as a path of [stacking context, the item painted in it] from the root down: the
 * item is a nested stacking context, or the nearest positioned ancestor-or-self (which paints its
 * non-positioned content along with itself), or the element itself in the normal flow.
 */
function paintPath(element: Element): { context: Element; item: Element }[] {
  const chain = lineage(element);
  const path: { context: Element; item: Element }[] = [];
  let context = chain[0]!;
  for (const node of chain.slice(1)) {
    if (!makesStackingContext(node, styleOf(node))) continue;
    path.push({ context, item: node });
    context = node;
  }
  if (context !== element) {
    const inside = chain.slice(chain.indexOf(context) + 1).reverse();
    const positioned = inside.find((node) => styleOf(node).position !== 'static');
    path.push({ context, item: positioned ?? element });
  }
  return path;
}

/** Whether `over` is painted above `under` (neither being the other's ancestor). */
export function paintsAbove(over: Element, under: Element): boolean {
  const pathOver = paintPath(over);
  const pathUnder = paintPath(under);
  for (let level = 0; level < Math.min(pathOver.length, pathUnder.length); level++) {
    const a = pathOver[level]!;
    const b = pathUnder[level]!;
    if (a.context !== b.context) break;
    if (a.item === b.item) continue;
    const [layerA, zA] = layerOf(a.item);
    const [layerB, zB] = layerOf(b.item);
    if (layerA !== layerB) return layerA > layerB;
    if (zA !== zB) return zA > zB;
    return followsInTree(b.item, a.item);
  }
  return followsInTree(under, over);
}
