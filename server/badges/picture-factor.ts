import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { BADGE_PICTURES, type BadgePicture } from '../../shared/badges';

// The optional second step after a scan (district policy per grade): the child picks their two pictures out of
// a grid. It guards a badge that was lost or copied, not a guessed one.

/** How many pictures the grid shows: the two and seven others. */
export const GRID_SIZE = 9;
/** A child has this long between the scan and the second pick. */
export const PICTURE_STEP_MS = 2 * 60_000;

export type PicturePair = [BadgePicture, BadgePicture];

/** Two different pictures, neither of them the one printed on the badge. */
export function randomPair(printed?: BadgePicture): PicturePair {
  const pool = BADGE_PICTURES.filter((picture) => picture !== printed);
  const first = pool.splice(randomInt(pool.length), 1)[0]!;
  return [first, pool[randomInt(pool.length)]!];
}

export const pairToText = (pair: PicturePair) => pair.join(',');

export function pairFromText(text: string): PicturePair {
  const [first, second] = text.split(',') as [BadgePicture, BadgePicture];
  return [first, second];
}

/**
 * A child's grid: their two pictures among seven others, the same at every scan and after every reprint (so
 * comparing grids tells nothing), never showing the picture printed on the badge (which the holder can see is
 * not one of the two). The others are chosen by one keyed hash and the nine are ordered by another, so where the
 * two sit says nothing either.
 */
export function gridFor(userId: string, pair: PicturePair, printed: BadgePicture, key: Buffer): BadgePicture[] {
  const byRank = (purpose: string) => {
    const rank = new Map(
      BADGE_PICTURES.map((picture) => [
        picture,
        createHmac('sha256', key).update(`${purpose}:${userId}:${picture}`).digest('hex'),
      ]),
    );
    return (a: BadgePicture, b: BadgePicture) => rank.get(a)!.localeCompare(rank.get(b)!);
  };
  const others = BADGE_PICTURES.filter((picture) => !pair.includes(picture) && picture !== printed)
    .sort(byRank('pick'))
    .slice(0, GRID_SIZE - pair.length);
  return [...pair, ...others].sort(byRank('order'));
}

/** Whether the two picked are the pair, in either order. */
export const picksMatch = (picked: readonly string[], pair: PicturePair) =>
  picked.length === 2 && picked[0] !== picked[1] && picked.every((picture) => pair.includes(picture as BadgePicture));

/** A signed ticket from the scan to the pick: which badge, until when. Nothing secret in it. */
export function sealChallenge(badgeId: string, expiresAt: number, key: Buffer): string {
  const body = `${badgeId}.${expiresAt}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** The badge id a ticket names, or undefined when it is forged, altered or past its time. */
export function openChallenge(ticket: string, key: Buffer, at: number): string | undefined {
  const [badgeId, expiresAt, mac] = ticket.split('.');
  if (!badgeId || !expiresAt || !mac) return undefined;
  const expected = Buffer.from(createHmac('sha256', key).update(`${badgeId}.${expiresAt}`).digest('base64url'));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return at < Number(expiresAt) ? badgeId : undefined;
}
