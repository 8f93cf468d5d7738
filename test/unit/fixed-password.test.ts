// A PreK-5 child's password, given by the district: a five-year-old types it from a printed card (lower-case
// words, then two digits), and it is still drawn from ~7.5 million with a cryptographic random source.
import { describe, expect, it } from 'vitest';
import {
  FIXED_PASSWORD_BITS,
  FIXED_PASSWORD_WORDS,
  fixedPasswordParts,
  newFixedPassword,
} from '../../server/accounts/fixed-password';

const SHAPE = /^([a-z]{3,5})([a-z]{3,5})(\d\d)$/;

/** Words a child must never be handed, alone or where two words meet ("star" + "dog" reads "tard"). */
const RUDE = [
  'ass',
  'arse',
  'butt',
  'pee',
  'wee',
  'piss',
  'shit',
  'crap',
  'fart',
  'fuck',
  'cum',
  'cock',
  'dick',
  'tit',
  'boob',
  'sex',
  'porn',
  'nig',
  'fag',
  'gay',
  'homo',
  'slut',
  'whore',
  'hoe',
  'rape',
  'anal',
  'anus',
  'nazi',
  'cunt',
  'twat',
  'wank',
  'bitch',
  'pussy',
  'jizz',
  'knob',
  'dildo',
  'bum',
  'turd',
  'weed',
  'drug',
  'beer',
  'wine',
  'meth',
  'gun',
  'kill',
  'stab',
  'dead',
  'die',
  'hate',
  'ugly',
  'fat',
  'dumb',
  'stupid',
  'idiot',
  'loser',
  'coon',
  'chink',
  'kike',
  'tard',
  'pedo',
  'nude',
  'naked',
  'sexy',
  'suck',
  'hump',
  'nut',
  'penis',
];

/** Sound like another spelling, or mock: left out of the list on purpose, and kept out. */
const LEFT_OUT = ['bear', 'sun', 'pear', 'sea', 'rose', 'whale', 'deer', 'bee', 'pea', 'pig', 'cow', 'rat'];

describe('a fixed password', () => {
  it('is two lower-case words of the list and two digits, at least 8 characters', () => {
    const words = new Set(FIXED_PASSWORD_WORDS);
    for (let i = 0; i < 1000; i++) {
      const password = newFixedPassword();
      const [, first, second, digits] = SHAPE.exec(password) ?? [];
      expect(password.length).toBeGreaterThanOrEqual(8);
      // The shape alone could be split two ways ("catsun" as "cats"+"un"): one of the splits is two list words.
      const splits = Array.from({ length: password.length - 2 }, (_, at) => [
        password.slice(0, at),
        password.slice(at, -2),
      ]).filter(([a, b]) => words.has(a!) && words.has(b!));
      expect(first && second && splits.length > 0, password).toBe(true);
      expect(digits === '69' || digits === '88', password).toBe(false);
    }
  });

  it('draws from at least 256 distinct words of 3-5 lower-case letters: at least 22 bits', () => {
    expect(FIXED_PASSWORD_WORDS.length).toBeGreaterThanOrEqual(256);
    expect(new Set(FIXED_PASSWORD_WORDS).size).toBe(FIXED_PASSWORD_WORDS.length);
    for (const word of FIXED_PASSWORD_WORDS) expect(word).toMatch(/^[a-z]{3,5}$/);
    expect(FIXED_PASSWORD_BITS).toBeGreaterThanOrEqual(22);
    expect(FIXED_PASSWORD_BITS).toBeCloseTo(Math.log2(FIXED_PASSWORD_WORDS.length ** 2 * 98), 6);
  });

  it('reads nothing rude, alone or where any two words meet', () => {
    const found: string[] = [];
    for (const a of FIXED_PASSWORD_WORDS)
      for (const b of FIXED_PASSWORD_WORDS)
        for (const rude of RUDE) if ((a + b).includes(rude)) found.push(`${a}+${b}: ${rude}`);
    expect(found).toEqual([]);
    for (const word of LEFT_OUT) expect(FIXED_PASSWORD_WORDS).not.toContain(word);
  });

  it('uses every word, in both places, and every allowed number over 10,000 draws, none far too often', () => {
    const firsts = new Map<string, number>();
    const seconds = new Map<string, number>();
    const numbers = new Map<string, number>();
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const words = new Set(FIXED_PASSWORD_WORDS);
    const passwords = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const password = newFixedPassword();
      passwords.add(password);
      const at = Array.from({ length: password.length - 2 }, (_, n) => n).find(
        (n) => words.has(password.slice(0, n)) && words.has(password.slice(n, -2)),
      )!;
      count(firsts, password.slice(0, at));
      count(seconds, password.slice(at, -2));
      count(numbers, password.slice(-2));
    }
    // Expected ~36 draws per word and ~102 per number: a word never seen in 10,000 has odds of about e^-36.
    expect(firsts.size).toBe(FIXED_PASSWORD_WORDS.length);
    expect(seconds.size).toBe(FIXED_PASSWORD_WORDS.length);
    expect(numbers.size).toBe(98);
    expect(Math.max(...firsts.values(), ...seconds.values())).toBeLessThan(100);
    expect(Math.max(...numbers.values())).toBeLessThan(200);
    // 10,000 draws from 7.5 million: a handful of repeats at most (birthday bound ≈ 6.7 expected).
    expect(passwords.size).toBeGreaterThan(9_970);
  });
});

describe('a fixed password in parts, for printing in two inks', () => {
  it('splits into its two words and digits, and leaves any other password whole', () => {
    expect(fixedPasswordParts('frogmoon42')).toEqual(['frog', 'moon', '42']);
    expect(fixedPasswordParts('cubegg07')).toEqual(['cub', 'egg', '07']);
    for (let i = 0; i < 200; i++) {
      const password = newFixedPassword();
      const parts = fixedPasswordParts(password);
      expect(parts).toHaveLength(3);
      expect(parts.join('')).toBe(password);
    }
    expect(fixedPasswordParts('hunter2!')).toEqual(['hunter2!']);
    expect(fixedPasswordParts('zzzzqqqq42')).toEqual(['zzzzqqqq42']);
  });
});
