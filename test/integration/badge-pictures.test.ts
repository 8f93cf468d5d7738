// The optional second step of a badge sign-in (district policy per grade): after the scan the child picks their
// two pictures out of a grid. It protects a lost or copied badge; the grid never gives the two away.
import { describe, expect, it } from 'vitest';
import { BADGE_PICTURES, type BadgePicture } from '../../shared/badges';
import type { NetworkLimit } from '../../server/auth/sign-in-throttle';
import { issueBadge } from '../helpers/badges';
import { createTestPortal, manualClock } from '../helpers/test-portal';

const K_TO_2 = { pictureGrades: { low: 0, high: 2 } };

async function portalWithBadges(networkLimit?: NetworkLimit) {
  const clock = manualClock();
  const portal = await createTestPortal({ now: clock.now, badges: K_TO_2, ...(networkLimit ? { networkLimit } : {}) });
  async function badgeFor(username: string) {
    const { person, text, picture } = await issueBadge(portal, username);
    const state = (await portal.badges.statesFor([person])).get(person.id)!;
    return { person, text, printed: picture, pair: state.secretPictures };
  }
  const scan = (badge: string) => portal.request.post('/api/auth/badge', { badge });
  const pick = (challenge: string, pictures: string[]) =>
    portal.request.post('/api/auth/badge/pictures', { challenge, pictures });
  return { portal, clock, badgeFor, scan, pick };
}

const REFUSED = { error: { code: 'invalid_badge', message: 'That badge doesn’t work. Ask your teacher for help.' } };

describe('the picture step after a badge scan', () => {
  it('asks a kindergartner for two pictures out of nine, then signs them in; a fourth grader goes straight in', async () => {
    const { badgeFor, scan, pick } = await portalWithBadges();
    const child = await badgeFor('demo.student.k');
    expect(child.pair).toHaveLength(2);
    expect(child.pair).not.toContain(child.printed);

    const scanned = await scan(child.text);
    expect(scanned.status).toBe(200);
    expect(scanned.headers.get('set-cookie')).toBeNull();
    const { next, challenge, choices } = await scanned.json();
    expect(next).toBe('pictures');
    expect(choices).toHaveLength(9);
    expect(new Set(choices).size).toBe(9);
    for (const picture of child.pair!) expect(choices).toContain(picture);

    const picked = await pick(challenge, [child.pair![1], child.pair![0]]);
    expect(picked.status).toBe(200);
    expect(picked.headers.get('set-cookie')).toMatch(/gatehouse_session=/);
    expect((await picked.json()).user.username).toBe('demo.student.k');

    const older = await badgeFor('demo.student.g4');
    const straightIn = await scan(older.text);
    expect(straightIn.status).toBe(200);
    expect((await straightIn.json()).user.username).toBe('demo.student.g4');
    expect(older.pair).toBeNull(); // nothing for the teacher to teach
  });

  it('shows the same grid at every scan, so comparing grids does not give the two away', async () => {
    const { badgeFor, scan } = await portalWithBadges();
    const child = await badgeFor('demo.student.k');
    const grids = await Promise.all([1, 2, 3].map(async () => (await (await scan(child.text)).json()).choices));
    expect(grids[1]).toEqual(grids[0]);
    expect(grids[2]).toEqual(grids[0]);
  });

  it('refuses wrong pictures, a stale or altered challenge, like any wrong badge', async () => {
    const { clock, badgeFor, scan, pick } = await portalWithBadges();
    const child = await badgeFor('demo.student.k');
    const { challenge, choices } = await (await scan(child.text)).json();
    const wrong = (choices as BadgePicture[]).filter((picture) => !child.pair!.includes(picture)).slice(0, 2);
    const refused = await pick(challenge, wrong);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(REFUSED);
    expect((await pick(challenge, [child.pair![0], child.pair![0]])).status).toBe(401);
    expect((await pick(challenge, [child.pair![0]])).status).toBe(401);

    const other = await badgeFor('demo.student.g4');
    const altered = challenge.replace(/^[0-9A-F]+/, other.text.split(':')[1]);
    expect((await pick(altered, child.pair!)).status).toBe(401);

    clock.advance(2 * 60_000);
    const stale = await pick(challenge, child.pair!);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual(REFUSED);
    const fresh = (await (await scan(child.text)).json()).challenge;
    expect((await pick(fresh, child.pair!)).status).toBe(200);
  });

  it('counts a burst of guesses before checking them: five, then the badge must wait', async () => {
    const { badgeFor, scan, pick } = await portalWithBadges();
    const child = await badgeFor('demo.student.k');
    const { challenge, choices } = await (await scan(child.text)).json();
    const others = (choices as BadgePicture[]).filter((picture) => !child.pair!.includes(picture));
    const guesses = Array.from({ length: 12 }, (_, i) => [others[i % others.length]!, child.pair![0]]);
    const statuses = (await Promise.all(guesses.map((guess) => pick(challenge, guess)))).map((r) => r.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    // Even the right two wait now: the delay is the badge's, whoever holds it.
    expect((await pick(challenge, child.pair!)).status).toBe(429);
  });

  it('counts a wrong pick once against the address (its five free picks fit an address allowed five failures)', async () => {
    const { badgeFor, scan, pick } = await portalWithBadges({ failuresPerWindow: 5, windowMs: 15 * 60_000 });
    const child = await badgeFor('demo.student.k');
    const { challenge, choices } = await (await scan(child.text)).json();
    const wrong = (choices as BadgePicture[]).filter((picture) => !child.pair!.includes(picture)).slice(0, 2);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await pick(challenge, wrong)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
  });

  it('refuses and audits the pick of a badge voided after its scan', async () => {
    const { portal, badgeFor, scan, pick } = await portalWithBadges();
    const child = await badgeFor('demo.student.k');
    const { challenge } = await (await scan(child.text)).json();
    await portal.badges.voidFor([child.person.id], 'voided', null);
    const late = await pick(challenge, child.pair!);
    expect(late.status).toBe(401);
    expect(await late.json()).toEqual(REFUSED);
    const [audit] = (await portal.audit.list({ limit: 5 })).filter((row) => row.action === 'sign_in');
    expect(audit).toMatchObject({ outcome: 'failure', detail: { method: 'badge', reason: 'unknown_badge' } });
  });

  it('keeps a child’s two pictures when the teacher prints a new badge, and never prints one of them', async () => {
    const { badgeFor } = await portalWithBadges();
    const first = await badgeFor('demo.student.k');
    for (let i = 0; i < 20; i++) {
      const again = await badgeFor('demo.student.k');
      expect(again.pair).toEqual(first.pair);
      expect(again.pair).not.toContain(again.printed);
    }
    expect(BADGE_PICTURES).toEqual(expect.arrayContaining(first.pair!));
  });
});
