// Text from the SIS, shared files and arguments reaches IT's terminal through the CLI: a control character
// in it must be shown, never obeyed (clear the screen, forge a line, reverse the text that follows).
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../server/cli/terminal-output';

describe('terminalSafe', () => {
  it.each([
    ['ESC (ANSI sequences)', 'a\x1b[2Jb', 'a\\x1b[2Jb'],
    ['CR and LF', 'name\r\nFORGED', 'name\\r\\nFORGED'],
    ['tab, NUL and BEL', '\t\x00\x07', '\\t\\x00\\x07'],
    ['DEL', 'a\x7fb', 'a\\u007fb'],
    ['C1 (8-bit CSI, NEL)', '\x9b2J\x85', '\\u009b2J\\u0085'],
    ['bidi override and isolates', 'abc\u202edcba\u2066x\u2069', 'abc\\u202edcba\\u2066x\\u2069'],
    ['bidi embeddings', '\u202a\u202b\u202c\u202d', '\\u202a\\u202b\\u202c\\u202d'],
  ])('shows %s as escapes', (_, text, shown) => {
    expect(terminalSafe(text)).toBe(shown);
  });

  it('keeps JSON valid, so a policy file printed to the terminal still parses to the same value', () => {
    const value = { districtName: 'Lake\u202eside\x7f\x85 ISD\r\n\x1b' };
    expect(JSON.parse(terminalSafe(JSON.stringify(value)))).toEqual(value);
  });

  it('leaves printable text alone, accents, check marks and emoji included', () => {
    const text = 'José Núñez ✓ ✗ “quoted” 🙂 \\x1b';
    expect(terminalSafe(text)).toBe(text);
  });
});
