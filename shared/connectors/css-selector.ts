import { isTraversal, parse, type Selector } from 'css-what';

/**
 * Checks a connector's CSS selectors where there is no DOM to ask (the server), so a typo such as `###` is
 * refused when IT saves, not discovered when a child's sign-in fails. css-what parses leniently, so the
 * few things it lets through that `querySelector` would throw on are checked here too.
 */

/** Pseudo-classes `querySelector` understands that make sense on a sign-in page. */
const PSEUDO_CLASSES = new Set([
  'not',
  'is',
  'where',
  'has',
  'first-child',
  'last-child',
  'only-child',
  'first-of-type',
  'last-of-type',
  'only-of-type',
  'nth-child',
  'nth-last-child',
  'nth-of-type',
  'nth-last-of-type',
  'empty',
  'root',
  'scope',
  'checked',
  'disabled',
  'enabled',
  'required',
  'optional',
  'read-only',
  'read-write',
  'placeholder-shown',
  'default',
  'indeterminate',
  'valid',
  'invalid',
  'defined',
  'link',
  'any-link',
  'focus',
  'focus-within',
  'focus-visible',
  'autofill',
  'lang',
  'dir',
]);

/** Why one compound-and-combinator sequence is not a selector an element can match, or undefined. */
function sequenceProblem(tokens: Selector[]): string | undefined {
  if (tokens.length === 0) return 'has an empty part';
  // `:has(> a)` is relative and fine, but css-what also accepts `> a` and `a >` at the top level.
  if (isTraversal(tokens.at(-1)!)) return 'ends with a combinator';
  for (const [index, token] of tokens.entries()) {
    if (isTraversal(token) && index > 0 && isTraversal(tokens[index - 1]!)) return 'has two combinators in a row';
    if (token.type === 'pseudo-element') return `uses ::${token.name}, which is not an element`;
    if (token.type !== 'pseudo') continue;
    if (!PSEUDO_CLASSES.has(token.name)) return `uses :${token.name}, which is not a known pseudo-class`;
    if (Array.isArray(token.data)) {
      const inner = listProblem(token.data, token.name === 'has');
      if (inner) return inner;
    }
  }
  return undefined;
}

function listProblem(list: Selector[][], relative: boolean): string | undefined {
  for (const tokens of list) {
    if (!relative && tokens.length > 0 && isTraversal(tokens[0]!)) return 'starts with a combinator';
    const problem = sequenceProblem(tokens);
    if (problem) return problem;
  }
  return undefined;
}

/** Why `value` is not a usable CSS selector (a short phrase for a problem list), or undefined when it is. */
export function cssSelectorProblem(value: string): string | undefined {
  let parsed: Selector[][];
  try {
    parsed = parse(value);
  } catch {
    return 'is not a valid CSS selector';
  }
  const problem = listProblem(parsed, false);
  return problem ? `is not a valid CSS selector: it ${problem}` : undefined;
}
