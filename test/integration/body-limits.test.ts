// Threat: memory exhaustion by one large request. Every body is bounded before anything reads it, whatever
// Content-Length says, and only the file imports take more than the small default.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, PUBLIC_URL, signIn } from '../helpers/test-portal';

const CHUNK = new Uint8Array(16 * 1024).fill(0x61);

/** Far more than any limit (it stands for one that never ends), counting what was pulled from it. */
const HUGE = 24 * 1024 * 1024;

function hugeBody() {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= HUGE) return controller.close();
      counter.pulled += CHUNK.length;
      controller.enqueue(CHUNK);
    },
  });
  return { stream, counter };
}

const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

describe('request bodies', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  beforeAll(async () => {
    portal = await createTestPortal();
  });
  const pairingPost = (init: RequestInit & { duplex?: 'half' }) =>
    portal.app.request('/api/extension/session', {
      method: 'POST',
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    });

  it('over the default limit are refused with 413 naming the limit, on a route anyone can call', async () => {
    const response = await portal.app.request('/api/extension/launches/any/outcome', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'x'.repeat(100 * 1024) }),
    });
    expect(response.status).toBe(413);
    const error = await errorOf(response);
    expect(error.code).toBe('body_too_large');
    expect(error.message).toContain('64 kB');
  });

  it('declaring a length over the limit are refused before a byte of them is read', async () => {
    const { stream, counter } = hugeBody();
    const response = await pairingPost({ headers: { 'content-length': String(HUGE) }, body: stream, duplex: 'half' });
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThan(256 * 1024);
  });

  it('streamed without a length are refused after the limit, never read to the end', async () => {
    const { stream, counter } = hugeBody();
    const response = await pairingPost({ body: stream, duplex: 'half' });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('body_too_large');
    expect(counter.pulled).toBeLessThan(256 * 1024);
  });

  /** A never-ending body streamed to `route` as the portal's own page would send it. */
  const streamTo = (route: string, stream: ReadableStream<Uint8Array>) =>
    portal.app.request(route, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
      body: stream,
      duplex: 'half',
    } as RequestInit);

  it.each(['/api/auth/sign-in', '/api/extension/session'])(
    'that anyone may send to %s are read no further than 4 kB',
    async (route) => {
      const { stream, counter } = hugeBody();
      const response = await streamTo(route, stream);
      expect(response.status).toBe(413);
      expect((await errorOf(response)).message).toContain('4 kB');
      expect(counter.pulled).toBeLessThanOrEqual(2 * CHUNK.length);
    },
  );

  it('under the limit still reach the route', async () => {
    const response = await pairingPost({ body: JSON.stringify({ code: 'x'.repeat(50) }) });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('invalid_request');
  });

  it('may be larger for the vault import only, up to its own limit', async () => {
    const cookie = await signIn(portal, 'demo.it');
    const csv = `app,scope,username,password\n${'x'.repeat(200 * 1024)}\n`;
    const fits = await portal.request.post('/api/admin/vault/import', { csv }, cookie);
    expect(fits.status).not.toBe(413);
    const tooBig = await portal.request.post('/api/admin/vault/import', { csv: 'x'.repeat(9 * 1024 * 1024) }, cookie);
    expect(tooBig.status).toBe(413);
    expect((await errorOf(tooBig)).message).toContain('8 MB');
    // The same size that the import takes is refused on an ordinary admin route.
    const elsewhere = await portal.request.send('PUT', '/api/admin/connectors/reading-garden', { csv }, cookie);
    expect(elsewhere.status).toBe(413);
  });

  it('larger than the default are read only from a signed-in IT person, on the import route', async () => {
    const { stream, counter } = hugeBody();
    const anonymous = await streamTo('/api/admin/vault/import', stream);
    expect(anonymous.status).toBe(401);
    expect(counter.pulled).toBeLessThan(256 * 1024);
    const student = await signIn(portal, 'demo.student.g4');
    const csv = 'x'.repeat(200 * 1024);
    const refused = await portal.request.post('/api/admin/vault/import', { csv }, student);
    expect(refused.status).toBe(403);
  });

  it('of sign-in stay at 4 kB; a field pasted far too long is named with its limit', async () => {
    const longName = await portal.request.post('/api/auth/sign-in', { username: 'u'.repeat(5_000), password: 'p' });
    expect(longName.status).toBe(400);
    expect(await errorOf(longName)).toEqual({
      code: 'invalid_request',
      message: 'username: must be at most 128 characters',
    });
    const longPassword = await portal.request.post('/api/auth/sign-in', { username: 'a', password: 'p'.repeat(5_000) });
    expect((await errorOf(longPassword)).message).toBe('password: must be at most 128 characters');
    const padded = await portal.request.post('/api/auth/sign-in', {
      username: 'demo.teacher',
      password: 'p',
      padding: 'x'.repeat(5_000),
    });
    expect(padded.status).toBe(413);
    expect((await errorOf(padded)).message).toContain('4 kB');
  });
});

describe('request bodies over a real socket', () => {
  let server: ReturnType<typeof serve>;
  let port: number;
  beforeAll(async () => {
    const portal = await createTestPortal();
    server = serve({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Streams a chunked body until the server answers (or HUGE was sent); resolves with the status and bytes sent. */
  function hugeUpload(): Promise<{ status: number; code: string; sent: number }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/extension/session',
          headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
        },
        (response) => {
          answered = true;
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const { error } = JSON.parse(Buffer.concat(chunks).toString()) as { error: { code: string } };
            resolve({ status: response.statusCode!, code: error.code, sent });
            request.destroy();
          });
        },
      );
      request.on('error', (error) => (answered ? undefined : reject(error)));
      const writeMore = () => {
        if (answered || request.destroyed) return;
        if (sent >= HUGE) return void request.end();
        sent += CHUNK.length;
        request.write(CHUNK, () => setImmediate(writeMore));
      };
      writeMore();
    });
  }

  it('are cut at their Content-Length, however much more the client sends', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /api/extension/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
            `Content-Length: 100\r\n\r\n{"code":"${'x'.repeat(200 * 1024)}"}`,
        );
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    // The body is the first 100 bytes (cut JSON); what followed is taken for a bad next request, answered 400
    // and the connection closed: nothing reads the 200 kB as a body.
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).not.toMatch(/HTTP\/1\.1 2\d\d/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('answer a huge chunked upload with 413 long before it ends, five at once', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, hugeUpload));
    for (const result of results) {
      expect(result).toMatchObject({ status: 413, code: 'body_too_large' });
      // Socket buffers hold a little more than was read (about 100 kB in all), nowhere near the whole body.
      expect(result.sent).toBeLessThan(1024 * 1024);
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});
