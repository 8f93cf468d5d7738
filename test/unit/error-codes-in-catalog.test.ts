// Every error code the server can answer with must have words in every language: the UI shows the
// catalogue's text for a code, so a code missing from it shows the server's English in the Spanish UI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../shared/i18n/en';
import { es } from '../../shared/i18n/es';
import { VAULT_REFUSALS } from '../../server/vault/refusals';
import { ApiError } from '../../server/web/src/api';
import { errorTextIn } from '../../server/web/src/error-text';

/** Where the server names a code: an AppError (or a subclass's super call), a refusal helper, a result. */
const CODE_PATTERNS = [
  /new AppError\(\s*'([a-z_]+)'/g,
  /super\(\s*'([a-z_]+)'/g,
  /refuse\(\s*'([a-z_]+)'/g,
  /ok: false, code: '([a-z_]+)'/g,
  /error: \{ code: '([a-z_]+)'/g,
  /code = [^;]*?'([a-z_]+)'[^;]*?'([a-z_]+)'/g,
];

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : serverFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

function codesThrownByServer(): Set<string> {
  const codes = new Set<string>(Object.keys(VAULT_REFUSALS));
  for (const file of serverFiles(path.resolve('server'))) {
    const source = fs.readFileSync(file, 'utf8');
    for (const pattern of CODE_PATTERNS)
      for (const match of source.matchAll(pattern)) match.slice(1).forEach((code) => code && codes.add(code));
  }
  return codes;
}

describe('error codes in the message catalogue', () => {
  it('finds the codes the server throws (a scan that finds nothing proves nothing)', () => {
    const codes = codesThrownByServer();
    for (const known of ['invalid_credentials', 'csrf_rejected', 'internal', 'bad_request', 'token_expired'])
      expect(codes, known).toContain(known);
    expect(codes.size).toBeGreaterThan(30);
  });

  it('has an English and a Spanish text for every code the server can answer with', () => {
    const missing = [...codesThrownByServer()]
      .map((code) => `error.${code}`)
      .filter((key) => !(key in en) || !(key in es));
    expect(missing).toEqual([]);
  });
});

describe('the words the UI shows for a failed call', () => {
  it('are the catalogue’s in the UI’s language, or the server’s own for a code the catalogue lacks', () => {
    const refused = new ApiError('csrf_rejected', 403, 'This request did not come from the portal’s own page.');
    expect(errorTextIn('es', refused)).toBe(es['error.csrf_rejected']);
    expect(errorTextIn('en', refused)).toBe(en['error.csrf_rejected']);
    const newer = new ApiError('roster_locked', 409, 'The roster is being imported; try again in a minute.');
    expect(errorTextIn('es', newer)).toBe('The roster is being imported; try again in a minute.');
    expect(errorTextIn('es', new ApiError('network', 0, 'network'))).toBe(es['error.network']);
    expect(errorTextIn('es', new Error('boom'))).toBe(es['error.unknown']);
  });
});
