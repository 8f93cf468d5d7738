// When the database refuses or fails, the person gets a plain answer and the log gets the cause, never the
// query's parameters (drizzle quotes them in its own error: a typed username, a hash, a sealed value).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestPortal } from '../helpers/test-portal';

describe('database errors', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answer a NUL in a typed name as bad input on every engine, not as a crash', async () => {
    const portal = await createTestPortal();
    const response = await portal.request.post('/api/auth/sign-in', { username: 'ana\u0000', password: 'whatever-1' });
    expect([400, 401]).toContain(response.status);
  });

  it('log the cause of a failure without the values the query carried', async () => {
    const portal = await createTestPortal();
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    await portal.storage.close();
    const typed = 'typed-in-the-wrong-box-Secret-42';
    const response = await portal.request.post('/api/auth/sign-in', { username: typed, password: 'whatever-1' });
    expect(response.status).toBe(500);
    expect(logged.join('\n')).toContain('unexpected error');
    expect(logged.join('\n').toLowerCase()).not.toContain(typed.toLowerCase());
  });
});
