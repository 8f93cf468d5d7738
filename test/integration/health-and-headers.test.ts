import { describe, expect, it } from 'vitest';
import { createTestPortal } from '../helpers/test-portal';

describe('portal basics', () => {
  it('answers monitors at /healthz', async () => {
    const portal = await createTestPortal();
    const response = await portal.request.get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('forbids pages from loading anything from another origin, and from being framed', async () => {
    const portal = await createTestPortal();
    const csp = (await portal.request.get('/healthz')).headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('names the district before sign-in', async () => {
    const portal = await createTestPortal();
    expect(await (await portal.request.get('/api/portal')).json()).toEqual({ districtName: 'Lakeside ISD' });
  });

  it('answers unknown API paths with a 404 error, not a page', async () => {
    const portal = await createTestPortal();
    const response = await portal.request.get('/api/nothing-here');
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });

  it('never caches API answers', async () => {
    const portal = await createTestPortal();
    expect((await portal.request.get('/api/portal')).headers.get('cache-control')).toBe('no-store');
  });
});
