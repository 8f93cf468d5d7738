// Threat: someone who is not the paired extension on this device calls the extension API — with a forged,
// altered, stolen or replayed token or proof. RFC 8725 (JWT best practice) and RFC 9449 (DPoP).
import { importJWK, SignJWT, generateKeyPair, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createDeviceKey, errorCode, pairExtension, redeem, signProof } from '../helpers/extension-client';
import { createTestPortal, manualClock, PUBLIC_URL, signIn } from '../helpers/test-portal';

const ME = '/api/extension/me';

async function paired() {
  const clock = manualClock(Date.now());
  const portal = await createTestPortal({ now: clock.now });
  const cookie = await signIn(portal, 'demo.student.g4');
  const extension = await pairExtension(portal, cookie, { publicUrl: PUBLIC_URL, now: clock.now });
  const claims = JSON.parse(Buffer.from(extension.session.token.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  /** A token like the real one, signed with the portal's real key unless told otherwise. */
  async function forge(header: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) {
    const stored = portal.signingKeyList[0]!;
    const key = await importJWK(stored.privateJwk, 'ES256');
    return new SignJWT({ ...claims, ...payload })
      .setProtectedHeader({ alg: 'ES256', typ: 'gatehouse-extension+jwt', kid: stored.kid, ...header })
      .sign(key);
  }
  return { portal, cookie, extension, clock, claims, forge };
}

const refusal = async (response: Response) => ({ status: response.status, code: await errorCode(response) });

describe('the extension API refuses tokens it did not issue as issued', () => {
  it('accepts the genuine token with a genuine proof (the control case)', async () => {
    const { extension } = await paired();
    const response = await extension.call('GET', ME);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: { username: string } }).user.username).toBe('demo.student.g4');
  });

  it('accepts a copy re-signed with the real key (the control for the forgeries below)', async () => {
    const { extension, forge } = await paired();
    expect((await extension.call('GET', ME, undefined, { token: await forge() })).status).toBe(200);
  });

  it('refuses alg none', async () => {
    const { extension, claims, portal } = await paired();
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = { alg: 'none', typ: 'gatehouse-extension+jwt', kid: portal.signingKeyList[0]!.kid };
    const token = `${encode(header)}.${encode(claims)}.`;
    expect(await refusal(await extension.call('GET', ME, undefined, { token }))).toEqual({
      status: 401,
      code: 'token_invalid',
    });
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const { extension, claims, portal } = await paired();
    const publicJwk = (await (await portal.app.request('/api/extension/jwks.json')).json()) as { keys: object[] };
    for (const secret of [JSON.stringify(publicJwk.keys[0]), JSON.stringify(publicJwk)]) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'gatehouse-extension+jwt', kid: portal.signingKeyList[0]!.kid })
        .sign(new TextEncoder().encode(secret));
      expect(await refusal(await extension.call('GET', ME, undefined, { token }))).toEqual({
        status: 401,
        code: 'token_invalid',
      });
    }
  });

  it('refuses the wrong typ, audience or issuer', async () => {
    const { extension, forge } = await paired();
    const tokens = [
      await forge({ typ: 'JWT' }),
      await forge({ typ: 'dpop+jwt' }),
      await forge({}, { aud: `${PUBLIC_URL}/api` }),
      await forge({}, { aud: 'https://elsewhere.test/api/extension' }),
      await forge({}, { iss: 'https://elsewhere.test' }),
      await forge({}, { iss: `${PUBLIC_URL}/` }),
    ];
    for (const token of tokens) {
      expect(await refusal(await extension.call('GET', ME, undefined, { token }))).toEqual({
        status: 401,
        code: 'token_invalid',
      });
    }
  });

  it('refuses an expired token', async () => {
    const { extension, clock } = await paired();
    clock.advance(10 * 60_000 + 31_000);
    expect(await refusal(await extension.call('GET', ME))).toEqual({ status: 401, code: 'token_expired' });
  });

  it('refuses a token whose kid is unknown or malicious', async () => {
    const { extension, forge, claims } = await paired();
    for (const kid of ['es256-unknown', '../../../etc/passwd', "x' OR '1'='1", 'k'.repeat(5000)]) {
      expect(await refusal(await extension.call('GET', ME, undefined, { token: await forge({ kid }) }))).toEqual({
        status: 401,
        code: 'token_invalid',
      });
    }
    // A well-formed token signed by a key that is not ours, naming that key's own kid.
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const stranger = await new SignJWT(claims)
      .setProtectedHeader({
        alg: 'ES256',
        typ: 'gatehouse-extension+jwt',
        kid: 'stranger',
        jwk: (await exportJWK(publicKey)) as never,
      })
      .sign(privateKey);
    expect(await refusal(await extension.call('GET', ME, undefined, { token: stranger }))).toEqual({
      status: 401,
      code: 'token_invalid',
    });
  });

  it('refuses a call with no token', async () => {
    const { extension } = await paired();
    expect(await refusal(await extension.call('GET', ME, undefined, { token: null }))).toEqual({
      status: 401,
      code: 'token_missing',
    });
  });
});

describe('every call needs a fresh proof from the device key', () => {
  it('refuses a token without its proof', async () => {
    const { extension } = await paired();
    expect(await refusal(await extension.call('GET', ME, undefined, { proof: null }))).toEqual({
      status: 401,
      code: 'proof_missing',
    });
  });

  it('refuses a replayed proof', async () => {
    const { extension } = await paired();
    const proof = await signProof(extension.deviceKey, {
      method: 'GET',
      url: `${PUBLIC_URL}${ME}`,
      token: extension.session.token,
      iat: extension.nowSeconds(),
    });
    expect((await extension.call('GET', ME, undefined, { proof })).status).toBe(200);
    expect(await refusal(await extension.call('GET', ME, undefined, { proof }))).toEqual({
      status: 401,
      code: 'proof_replayed',
    });
  });

  it('refuses a proof made for another method or another URL', async () => {
    const { extension } = await paired();
    const elsewhere = [
      { method: 'POST' },
      { url: `${PUBLIC_URL}/api/extension/launches/x/release` },
      { url: `http://localhost:8787${ME}` },
    ];
    for (const proofFor of elsewhere) {
      expect(await refusal(await extension.call('GET', ME, undefined, { proofFor }))).toEqual({
        status: 401,
        code: 'proof_invalid',
      });
    }
  });

  it('refuses a proof signed by another key, or naming another key', async () => {
    const { extension } = await paired();
    const thief = await createDeviceKey();
    const url = `${PUBLIC_URL}${ME}`;
    const token = extension.session.token;
    const iat = extension.nowSeconds();
    const signedByThief = await signProof(extension.deviceKey, { method: 'GET', url, token, iat, signWith: thief });
    const thiefsOwn = await signProof(thief, { method: 'GET', url, token, iat });
    for (const proof of [signedByThief, thiefsOwn]) {
      expect(await refusal(await extension.call('GET', ME, undefined, { proof }))).toEqual({
        status: 401,
        code: 'proof_invalid',
      });
    }
  });

  it('refuses a stolen token with the thief’s own proof, and a proof for another token', async () => {
    const { extension, portal, clock } = await paired();
    const other = await pairExtension(portal, await signIn(portal, 'demo.student.g8'), {
      publicUrl: PUBLIC_URL,
      now: clock.now,
    });
    const stolen = extension.session.token;
    expect(await refusal(await other.call('GET', ME, undefined, { token: stolen }))).toEqual({
      status: 401,
      code: 'proof_invalid',
    });
    const proofForOtherToken = await signProof(extension.deviceKey, {
      method: 'GET',
      url: `${PUBLIC_URL}${ME}`,
      token: other.session.token,
      iat: extension.nowSeconds(),
    });
    expect(await refusal(await extension.call('GET', ME, undefined, { proof: proofForOtherToken }))).toEqual({
      status: 401,
      code: 'proof_invalid',
    });
  });

  it('refuses a proof more than a minute old', async () => {
    const { extension } = await paired();
    const stale = { iat: extension.nowSeconds() - 120 };
    expect(await refusal(await extension.call('GET', ME, undefined, { proofFor: stale }))).toEqual({
      status: 401,
      code: 'proof_invalid',
    });
  });
});

describe('pairing codes', () => {
  it('pair once: a code used twice is refused', async () => {
    const { portal, cookie } = await paired();
    const { code } = (await (await portal.request.post('/api/auth/extension/pairing-code', {}, cookie)).json()) as {
      code: string;
    };
    expect((await redeem(portal, code, await createDeviceKey())).status).toBe(200);
    expect(await refusal(await redeem(portal, code, await createDeviceKey()))).toEqual({
      status: 401,
      code: 'pairing_code_used',
    });
  });

  it('expire after 60 seconds', async () => {
    const { portal, cookie, clock } = await paired();
    const { code } = (await (await portal.request.post('/api/auth/extension/pairing-code', {}, cookie)).json()) as {
      code: string;
    };
    clock.advance(60_001);
    expect(await refusal(await redeem(portal, code, await createDeviceKey()))).toEqual({
      status: 401,
      code: 'pairing_code_expired',
    });
  });

  it('are refused when made up, and only a signed-in portal page can get one', async () => {
    const { portal } = await paired();
    expect(await refusal(await redeem(portal, 'made-up-code', await createDeviceKey()))).toEqual({
      status: 401,
      code: 'pairing_code_invalid',
    });
    expect((await portal.request.post('/api/auth/extension/pairing-code', {})).status).toBe(401);
  });

  it('are capped per portal session, so a page in a loop cannot pile them up', async () => {
    const { portal, cookie, clock } = await paired();
    const ask = () => portal.request.post('/api/auth/extension/pairing-code', {}, cookie);
    for (let i = 0; i < 5; i++) expect((await ask()).status).toBe(200);
    expect(await refusal(await ask())).toEqual({ status: 429, code: 'too_many_pairing_codes' });
    const refused = (await portal.audit.list({ limit: 5 })).find((row) => row.action === 'extension.pairing_refused');
    expect(refused).toMatchObject({ actorUsername: 'demo.student.g4', detail: { reason: 'too_many_pairing_codes' } });
    clock.advance(60_001);
    expect((await ask()).status).toBe(200);
  });

  it('hand out tokens that no cache may keep', async () => {
    const { portal, cookie } = await paired();
    const { code } = (await (await portal.request.post('/api/auth/extension/pairing-code', {}, cookie)).json()) as {
      code: string;
    };
    const response = await redeem(portal, code, await createDeviceKey());
    expect(response.headers.get('cache-control')).toBe('no-store');
    const unknown = await portal.app.request('/api/extension/nothing-here', { method: 'POST' });
    expect(await refusal(unknown)).toEqual({ status: 404, code: 'not_found' });
  });

  it('issue a short-lived ES256 token with exact iss, aud, typ, kid and the device key’s thumbprint', async () => {
    const { extension, portal } = await paired();
    const [header, payload] = extension.session.token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'ES256', typ: 'gatehouse-extension+jwt', kid: portal.signingKeyList[0]!.kid });
    expect(payload.iss).toBe(PUBLIC_URL);
    expect(payload.aud).toBe(`${PUBLIC_URL}/api/extension`);
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(600);
    const { calculateJwkThumbprint } = await import('jose');
    expect(payload.cnf).toEqual({ jkt: await calculateJwkThumbprint(extension.deviceKey.publicJwk as never) });
  });
});
