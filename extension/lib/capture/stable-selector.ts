/**
 * Builds the CSS selector a captured connector names a field or button by. It must still find the same
 * element on the next load of the page, so it prefers what a site rarely changes (id, name, autocomplete,
 * aria-label) over where the element sits, skips values that look generated per load (React's `:r1:`,
 * `user_8f3a9c2b`), and keeps only a selector that matches exactly one visible element: the one clicked.
 * Pure apart from asking the element's own tree; visibility is the caller's (the page's layout decides it).
 */

/** The tree the selector is evaluated in (the document, or the open shadow root the element is in). */
export interface SelectorScope {
  root: ParentNode;
  isVisible(element: Element): boolean;
}

/** How far up a structural path may climb before giving up: a longer path breaks with any layout change. */
const MAX_PATH_DEPTH = 6;
const MAX_VALUE_LENGTH = 80;

/** Values a page makes up per load or per build: long digit runs, hashes, framework ids. */
export function looksGenerated(value: string): boolean {
  return (
    value.length === 0 ||
    value.length > MAX_VALUE_LENGTH ||
    /\d{4,}/.test(value) ||
    (value.match(/[0-9a-f]{8,}/gi) ?? []).some((run) => /\d/.test(run) && /[a-f]/i.test(run)) ||
    /^[:_]|:$/.test(value) ||
    /[{}$]/.test(value)
  );
}

const IDENTIFIER = /^-?[A-Za-z_][\w-]*$/;
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ')}"`;
const attribute = (name: string, value: string) => `[${name}=${quoted(value)}]`;
const idSelector = (id: string) => (IDENTIFIER.test(id) ? `#${id}` : attribute('id', id));

/** Whether `selector` finds exactly one visible element in the scope, and that is `element`. */
export function pointsOnlyAt(selector: string, element: Element, scope: SelectorScope): boolean {
  let matches: Element[];
  try {
    matches = [...scope.root.querySelectorAll(selector)];
  } catch {
    return false;
  }
  const visible = matches.filter((match) => scope.isVisible(match));
  return visible.length === 1 && visible[0] === element;
}

/** Attribute-based candidates, most stable first. */
function attributeCandidates(element: Element): string[] {
  const tag = element.localName;
  const candidates: string[] = [];
  const id = element.getAttribute('id');
  if (id && !looksGenerated(id)) candidates.push(idSelector(id));
  for (const name of ['name', 'autocomplete', 'aria-label', 'data-testid']) {
    const value = element.getAttribute(name)?.trim();
    if (!value || looksGenerated(value)) continue;
    if (name === 'autocomplete' && ['on', 'off'].includes(value)) continue;
    candidates.push(`${tag}${attribute(name, value)}`);
  }
  const type = element.getAttribute('type');
  if (type && ['password', 'submit', 'email', 'image'].includes(type)) candidates.push(`${tag}[type=${type}]`);
  return candidates;
}

/** The element's place among its siblings of the same tag, as `tag:nth-of-type(n)` (plain `tag` when alone). */
function step(element: Element): string {
  const tag = element.localName;
  const siblings = element.parentElement
    ? [...element.parentElement.children].filter((sibling) => sibling.localName === tag)
    : [element];
  return siblings.length > 1 ? `${tag}:nth-of-type(${siblings.indexOf(element) + 1})` : tag;
}

/** The nearest ancestor with an id a page keeps, to start a path from. */
function stableAncestor(element: Element): Element | undefined {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const id = parent.getAttribute('id');
    if (id && !looksGenerated(id)) return parent;
  }
  return undefined;
}

/** A short child-combinator path, from a stable ancestor when there is one. */
function structuralPath(element: Element, scope: SelectorScope): string | undefined {
  const anchor = stableAncestor(element);
  const anchorSelector = anchor && idSelector(anchor.getAttribute('id')!);
  const steps: string[] = [];
  for (let current: Element | null = element; current && current !== anchor; current = current.parentElement) {
    if (steps.length === MAX_PATH_DEPTH) return undefined;
    steps.unshift(step(current));
    const path = [anchorSelector, ...steps].filter(Boolean).join(' > ');
    if (pointsOnlyAt(path, element, scope)) return path;
  }
  return undefined;
}

/**
 * A selector that names `element` and, in the scope, nothing else that is visible; undefined when none short
 * and stable enough exists (the capture then asks for another click).
 */
export function stableSelector(element: Element, scope: SelectorScope): string | undefined {
  const candidates = attributeCandidates(element);
  const unique = candidates.find((candidate) => pointsOnlyAt(candidate, element, scope));
  if (unique) return unique;
  // Two forms on one page (a login modal beside the page form) share names: the form's own id tells them apart.
  const anchor = stableAncestor(element);
  if (anchor) {
    const scoped = candidates
      .map((candidate) => `${idSelector(anchor.getAttribute('id')!)} ${candidate}`)
      .find((candidate) => pointsOnlyAt(candidate, element, scope));
    if (scoped) return scoped;
  }
  return structuralPath(element, scope);
}
