// A captured connector is only as good as its selectors: each must find the clicked field again on the next
// load, and nothing else a person can see. Run on a DOM (linkedom) where "visible" means not hidden by the
// `hidden` attribute or an inline `display: none` on the element or an ancestor.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { looksGenerated, pointsOnlyAt, stableSelector } from '../../extension/lib/capture/stable-selector';

function scopeOf(body: string) {
  const { document } = parseHTML(`<!doctype html><html><body>${body}</body></html>`);
  const isVisible = (element: Element) => {
    for (let at: Element | null = element; at; at = at.parentElement) {
      if (at.hasAttribute('hidden') || /display:\s*none/.test(at.getAttribute('style') ?? '')) return false;
    }
    return true;
  };
  return { document, scope: { root: document as unknown as ParentNode, isVisible } };
}

const cases: { name: string; body: string; target: string; expected: string }[] = [
  {
    name: 'a stable id wins',
    body: '<form><input id="username" name="user" autocomplete="username"></form>',
    target: '#username',
    expected: '#username',
  },
  {
    name: 'a generated id is passed over for the name',
    body: '<form><input id=":r1:" name="login"></form>',
    target: 'input',
    expected: 'input[name="login"]',
  },
  {
    name: 'per-load names fall through to autocomplete',
    body: '<form><input id="f-839201" name="user_8f3a9c2b" autocomplete="username"></form>',
    target: 'input',
    expected: 'input[autocomplete="username"]',
  },
  {
    name: 'aria-label when nothing else is stable',
    body: '<form><input aria-label="School code"><input type="password" name="pw"></form>',
    target: 'input',
    expected: 'input[aria-label="School code"]',
  },
  {
    name: 'a hidden twin (a login modal) does not make a name ambiguous',
    body: '<div id="modal" hidden><input name="username"></div><form><input name="username"></form>',
    target: 'form input',
    expected: 'input[name="username"]',
  },
  {
    name: 'two visible forms sharing names are told apart by the form’s id',
    body: '<form id="top-login"><input name="username"></form><form id="page-login"><input name="username"></form>',
    target: '#page-login input',
    expected: '#page-login input[name="username"]',
  },
  {
    name: 'a button with no attributes gets a short path from a stable ancestor',
    body: '<form id="login"><input name="u"><div><button>Back</button><button>Sign in</button></div></form>',
    target: '#login div button:nth-of-type(2)',
    expected: '#login > div > button:nth-of-type(2)',
  },
  {
    name: 'the submit button by its type when it is the only one',
    body: '<form><input name="u"><button type="submit">Go</button></form>',
    target: 'button',
    expected: 'button[type=submit]',
  },
  {
    name: 'a quote in a value is escaped',
    body: '<form><input aria-label="Teacher&quot;s code"></form>',
    target: 'input',
    expected: 'input[aria-label="Teacher\\"s code"]',
  },
];

describe('stable selectors for captured fields', () => {
  it.each(cases)('$name', ({ body, target, expected }) => {
    const { document, scope } = scopeOf(body);
    const element = document.querySelector(target)!;
    const selector = stableSelector(element, scope);
    expect(selector).toBe(expected);
    // Whatever it chose finds exactly the clicked element among the visible ones.
    expect(pointsOnlyAt(selector!, element, scope)).toBe(true);
  });

  it('gives up (so the capture asks again) rather than name a deep anonymous element', () => {
    const nested = '<div><div><div><div><div><div><div><span><input></span></div></div></div></div></div></div></div>';
    const { document, scope } = scopeOf(nested + nested);
    expect(stableSelector(document.querySelectorAll('input')[1]!, scope)).toBeUndefined();
  });

  it('never names a hidden element', () => {
    const { document, scope } = scopeOf('<form><input name="u" hidden></form>');
    expect(stableSelector(document.querySelector('input')!, scope)).toBeUndefined();
  });
});

describe('values that look generated', () => {
  it.each([
    [':r1:', true],
    ['user_8f3a9c2b', true],
    ['field-20261202', true],
    ['{{token}}', true],
    ['username', false],
    ['login-form', false],
    ['password2', false],
    ['deadbeef', false],
  ])('%s → %s', (value, generated) => expect(looksGenerated(value)).toBe(generated));
});
