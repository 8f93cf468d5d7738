// Threat: a new password an attacker guesses first: too short, one of the passwords everyone uses, or the words
// anyone who knows the person would try (their name, username, school, district). NIST SP 800-63B 5.1.1.2: length
// 8..128 checked whole, never truncated, and a blocklist, with the reason shown.
import { describe, expect, it } from 'vitest';
import { fold, passwordProblem, type PasswordContext } from '../../server/accounts/password-rules';

const ana: PasswordContext = {
  username: 'ana.ortiz-2031',
  givenName: 'Ana María',
  familyName: 'Ortiz',
  campusNames: ['Lakeside Middle School', 'Riverbend Elementary'],
  districtName: 'Maplewood Independent School District',
};

const problem = (password: string, context: PasswordContext = ana) => passwordProblem(password, context);

describe('password length, in code points after NFC', () => {
  it('refuses 7 and accepts 8', () => {
    expect(problem('zq8#vtk')).toBe('too_short');
    expect(problem('zq8#vtkw')).toBeNull();
  });

  it('accepts 128 and refuses 129, never truncating', () => {
    const base = 'vq7#kzw';
    const of = (n: number) => base.repeat(20).slice(0, n);
    expect(problem(of(128))).toBeNull();
    expect(problem(of(129))).toBe('too_long');
  });

  it('counts an emoji once (two UTF-16 units), and a decomposed accent once', () => {
    const sevenPlusEmoji = 'zq8#vtk🦊';
    expect(sevenPlusEmoji.length).toBe(9);
    expect(problem(sevenPlusEmoji)).toBeNull();
    expect(problem('zq8#vt🦊')).toBe('too_short');
    // "é" as e + combining acute: 2 code points before NFC, 1 after.
    const decomposed = 'zq8#vt' + 'e\u0301';
    expect(Array.from(decomposed).length).toBe(8);
    expect(problem(decomposed)).toBe('too_short');
    const longest = 'é'.normalize('NFD').repeat(128);
    expect(problem(longest)).toBeNull();
    expect(problem(longest + 'é'.normalize('NFD'))).toBe('too_long');
  });
});

describe('common passwords', () => {
  it.each([
    'password',
    'PASSWORD',
    'iloveyou',
    'sunshine1',
    'Password123!',
    'letmein!!',
    'Sunshine2024!!',
    'dragon#2027',
    'qwertyuiop',
    '12345678',
  ])('refuses %s', (password) => expect(problem(password)).toBe('common'));

  it('accepts a long random passphrase and a made-up one', () => {
    expect(problem('correct-purple-otter-violin-harbor-39')).toBeNull();
    expect(problem('mi gato come tacos los martes')).toBeNull();
    expect(problem('k7$Gq!vR2pZx')).toBeNull();
  });

  it('strips only what people add at the end, not what they put first', () => {
    expect(problem('!!sunshine')).toBeNull();
  });
});

describe('the person’s and their places’ words', () => {
  it('refuses the given or family name, in any case and without its accents', () => {
    expect(problem('mariaforever9')).toBe('contains_name');
    expect(problem('MaRíA-rocks-2024')).toBe('contains_name');
    expect(problem('my-ORTIZ-pass')).toBe('contains_name');
    // "Ana" (3 letters) counts; a name part shorter than 3 letters would not.
    expect(problem('banana split sundae')).toBe('contains_name');
  });

  it('refuses José and Nguyễn typed with or without their accents', () => {
    const jose: PasswordContext = { ...ana, username: 'jn7', givenName: 'José', familyName: 'Nguyễn' };
    expect(problem('my name is jose!', jose)).toBe('contains_name');
    expect(problem('JOSÉ is great', jose)).toBe('contains_name');
    expect(problem('team nguyen rules', jose)).toBe('contains_name');
    expect(problem('team Nguyễn rules', jose)).toBe('contains_name');
    expect(problem('team NGUYỄN rules'.normalize('NFD'), jose)).toBe('contains_name');
    expect(problem('purple otter violin', jose)).toBeNull();
  });

  it('ignores name parts shorter than 3 letters', () => {
    const li: PasswordContext = { ...ana, username: 'x9q', givenName: 'Li', familyName: 'Wu' };
    expect(problem('limewuzzle42', li)).toBeNull();
  });

  it('refuses the username and its parts', () => {
    const plain: PasswordContext = { ...ana, givenName: 'Zed', familyName: 'Quill' };
    expect(problem('xx ana.ortiz-2031 xx', plain)).toBe('contains_username');
    expect(problem('ortiz is my name', { ...plain, familyName: 'Other' })).toBe('contains_username');
    expect(problem('class of 2031 rocks', plain)).toBe('contains_username');
    const demo: PasswordContext = { ...plain, username: 'demo.student.g4' };
    expect(problem('my student days', demo)).toBe('contains_username');
    // "g4" alone is too short to mean the person.
    expect(problem('g4 purple otter', demo)).toBeNull();
    // An email address as the username: its local part is the person's, its domain is not.
    const email: PasswordContext = { ...plain, username: 'aortiz@lakeside-isd.test' };
    expect(problem('aortiz rocks 42', email)).toBe('contains_username');
    expect(problem('AORTIZ@lakeside-isd.test!', email)).toBe('contains_username');
    expect(problem('a test of patience', email)).toBeNull();
  });

  it('refuses a campus’s own name but not the filler words every school has', () => {
    expect(problem('go lakeside go!')).toBe('contains_school');
    expect(problem('RIVERBEND4ever')).toBe('contains_school');
    expect(problem('my middle school years')).toBeNull();
    expect(problem('elementary my dear')).toBeNull();
  });

  it('refuses the district’s name, not "independent school district"', () => {
    expect(problem('maplewood rocks 1')).toBe('contains_district');
    expect(problem('Independent thinker 42')).toBeNull();
  });

  it('names the first reason: the person’s name before the common list', () => {
    const michael: PasswordContext = { ...ana, givenName: 'Michael', familyName: 'Brown' };
    expect(problem('michael123', michael)).toBe('contains_name');
    expect(problem('michael123')).toBe('common');
  });
});

describe('fold', () => {
  it('takes off accents and lower-cases, including letters without a separate mark', () => {
    expect(fold('Nguyễn Thị Ánh')).toBe('nguyen thi anh');
    expect(fold('Łukasz Đặng Søren Straße')).toBe('lukasz dang soren strasse');
    expect(fold('Дарья')).toBe('дарья');
  });
});
