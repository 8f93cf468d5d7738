// The session store on both engines: a session made on one portal process is honoured by every other, ends
// everywhere at once, and keeps its idle and absolute timeouts.
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionStore, type SessionStore } from '../../server/auth/sessions';
import type { Engine, Storage } from '../../server/storage/storage';
import { manualClock } from '../helpers/test-portal';
import { addPerson, runStatement, selectRows, twoProcesses } from './auth-storage-fixtures';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const MINUTE = 60_000;
const TIMEOUTS = { idleMs: 60 * MINUTE, absoluteMs: 12 * 60 * MINUTE };
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

describe.each(ENGINES)('sessions on %s', (engine) => {
  const opened: Storage[] = [];
  afterAll(async () => Promise.all(opened.map((storage) => storage.close())));

  /** Two portal processes on one database, each with its session store, sharing one clock; two people. */
  async function portals() {
    const { first, second } = await twoProcesses(engine);
    opened.push(first, second);
    await addPerson(first, 'ana');
    await addPerson(first, 'ben');
    const clock = manualClock();
    const store = (storage: Storage): SessionStore => createSessionStore(storage, clock.now, TIMEOUTS);
    return { clock, first, one: store(first), two: store(second) };
  }

  it('honours a session on every process, stored only as a hash of the cookie value', async () => {
    const { first, one, two } = await portals();
    const { token, expiresAt } = await one.create('ana', 'password');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await two.resolve(token)).toMatchObject({ userId: 'ana', method: 'password', expiresAt });
    expect(await two.peekByHash(hashOf(token))).toMatchObject({ userId: 'ana' });
    const stored = await selectRows(first, 'SELECT id_hash FROM sessions');
    expect(stored).toEqual([{ id_hash: hashOf(token) }]);
    expect(await two.resolve('not-a-session')).toBeUndefined();
    expect(await two.peekByHash(token)).toBeUndefined();
  });

  it('signs out everywhere: a session ended on one process is gone on the other', async () => {
    const { one, two } = await portals();
    const { token } = await one.create('ana', 'password');
    const other = await one.create('ana', 'badge');
    await two.end(token);
    expect(await one.resolve(token)).toBeUndefined();
    expect(await one.peek(token)).toBeUndefined();
    expect(await one.resolve(other.token)).toMatchObject({ method: 'badge' });
  });

  it('ends after an hour idle; use on any process (not a peek) keeps it alive', async () => {
    const { clock, one, two } = await portals();
    const used = await one.create('ana', 'password');
    const peeked = await one.create('ana', 'password');
    clock.advance(50 * MINUTE);
    expect(await two.resolve(used.token)).toBeDefined();
    expect(await two.peek(peeked.token)).toBeDefined();
    clock.advance(50 * MINUTE);
    expect(await one.resolve(used.token)).toBeDefined();
    expect(await one.peek(peeked.token)).toBeUndefined();
    expect(await one.resolve(peeked.token)).toBeUndefined();
    clock.advance(60 * MINUTE);
    expect(await two.resolve(used.token)).toBeUndefined();
  });

  it('ends twelve hours after sign-in however busy', async () => {
    const { clock, one, two } = await portals();
    const { token, expiresAt } = await one.create('ana', 'totp');
    while (clock.now() + 50 * MINUTE < expiresAt) {
      clock.advance(50 * MINUTE);
      expect(await two.resolve(token)).toBeDefined();
    }
    clock.advance(50 * MINUTE);
    expect(await two.resolve(token)).toBeUndefined();
    expect(await two.peekByHash(hashOf(token))).toBeUndefined();
  });

  it('ends all of one person’s sessions, and the extension rows hanging off them, leaving others', async () => {
    const { first, clock, one, two } = await portals();
    const anas = [await one.create('ana', 'password'), await two.create('ana', 'badge')];
    const bens = await one.create('ben', 'password');
    for (const [i, session] of [...anas, bens].entries()) {
      await runStatement(
        first,
        'INSERT INTO extension_pairings (code_hash, portal_session_hash, user_id, expires_at) VALUES (?, ?, ?, ?)',
        [`code-${i}`, hashOf(session.token), i < 2 ? 'ana' : 'ben', clock.now() + MINUTE],
      );
    }
    expect(await two.endAllFor('ana')).toBe(2);
    for (const { token } of anas) expect(await one.resolve(token)).toBeUndefined();
    expect(await one.resolve(bens.token)).toBeDefined();
    expect(await selectRows(first, 'SELECT user_id FROM extension_pairings')).toEqual([{ user_id: 'ben' }]);
    expect(await one.endAllFor('ana')).toBe(0);
  });

  it('ends a person’s sessions in the caller’s unit of work: all of it, or none if it fails', async () => {
    const { first, one } = await portals();
    const { token } = await one.create('ana', 'password');
    await expect(
      first.transaction(async (tx) => {
        expect(await one.endAllFor('ana', tx)).toBe(1);
        throw new Error('the rest of the deactivation failed');
      }),
    ).rejects.toThrow('the rest');
    expect(await one.resolve(token)).toBeDefined();
    await first.transaction(async (tx) => void (await one.endAllFor('ana', tx)));
    expect(await one.resolve(token)).toBeUndefined();
  });

  it('prunes the sessions that have ended, idle or past their end, and counts them', async () => {
    const { first, clock, one, two } = await portals();
    const idle = await one.create('ana', 'password');
    const busy = await one.create('ben', 'password');
    clock.advance(30 * MINUTE);
    const fresh = await one.create('ana', 'badge');
    await one.resolve(busy.token);
    for (let i = 0; i < 13; i++) {
      clock.advance(50 * MINUTE);
      await one.resolve(busy.token);
      await one.resolve(fresh.token);
    }
    clock.advance(40 * MINUTE);
    // Twelve hours in: idle has been idle for hours; busy has reached its end; fresh is live.
    expect(await two.pruneExpired(clock.now())).toBe(2);
    expect(await selectRows(first, 'SELECT id_hash FROM sessions')).toEqual([{ id_hash: hashOf(fresh.token) }]);
    expect(await one.resolve(idle.token)).toBeUndefined();
    expect(await one.resolve(fresh.token)).toBeDefined();
    expect(await two.pruneExpired(clock.now())).toBe(0);
  });
});
