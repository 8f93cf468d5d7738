// The OIDC provider's signing keys: the newest signs, a retired key stays published for the overlap (ID tokens it
// signed still verify), then goes; running portals follow a rotation made by the CLI.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createOidcKeys,
  ensureOidcKeyFile,
  OIDC_KEY_OVERLAP_MS,
  rotateOidcKeys,
} from '../../server/federation/oidc-keys';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-oidc-keys-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const START = Date.UTC(2026, 10, 23);

describe('OIDC signing keys', () => {
  it('sign with the newest, publish the retired one for the overlap, then drop it', async () => {
    const file = path.join(dir, 'oidc-keys.json');
    expect(await ensureOidcKeyFile(file, START)).toBe(true);
    expect(await ensureOidcKeyFile(file, START)).toBe(false);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const first = createOidcKeys({ file }).signingSet().keys[0]!.kid;

    const second = await rotateOidcKeys(file, START + 1_000);
    const keys = createOidcKeys({ file });
    expect(keys.signingSet().keys.map((key) => key.kid)).toEqual([second, first]);
    expect(keys.signingSet().keys.every((key) => key.alg === 'ES256' && key.use === 'sig')).toBe(true);

    // Within the overlap the first key is still published; past it, it is gone.
    const third = await rotateOidcKeys(file, START + 1_000 + OIDC_KEY_OVERLAP_MS - 1);
    expect(
      createOidcKeys({ file })
        .signingSet()
        .keys.map((key) => key.kid),
    ).toEqual([third, second, first]);
    const fourth = await rotateOidcKeys(file, START + 2_000 + OIDC_KEY_OVERLAP_MS);
    expect(
      createOidcKeys({ file })
        .signingSet()
        .keys.map((key) => key.kid),
    ).toEqual([fourth, third, second]);
  });
});
