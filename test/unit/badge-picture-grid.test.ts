// The picture step's grid must not point at the child's two pictures: not by where they sit, and not by what
// changes between scans or reprints.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gridFor, randomPair } from '../../server/badges/picture-factor';
import { BADGE_PICTURES } from '../../shared/badges';

const CHILDREN = 3_000;

describe('the picture grid', () => {
  it('puts the two anywhere: over many children no cell holds one of them more often than chance', () => {
    const key = randomBytes(32);
    const hits = Array(9).fill(0);
    let lastTwoAreThePair = 0;
    for (let child = 0; child < CHILDREN; child++) {
      const printed = BADGE_PICTURES[child % BADGE_PICTURES.length]!;
      const pair = randomPair(printed);
      const grid = gridFor(`child-${child}`, pair, printed, key);
      grid.forEach((picture, cell) => pair.includes(picture) && hits[cell]++);
      if (pair.includes(grid[7]!) && pair.includes(grid[8]!)) lastTwoAreThePair++;
    }
    // Chance: each cell holds one of the two 2/9 of the time (22%); the last two are the pair 1/36 of the time.
    for (const count of hits) {
      expect(count / CHILDREN).toBeGreaterThan(0.17);
      expect(count / CHILDREN).toBeLessThan(0.28);
    }
    expect(lastTwoAreThePair / CHILDREN).toBeLessThan(0.05);
  });

  it('shows nine different pictures: the two, never the printed one, and the same ones after a reprint', () => {
    const key = randomBytes(32);
    const pair = randomPair('cat');
    const grids = BADGE_PICTURES.filter((printed) => !pair.includes(printed)).map((printed) => {
      const grid = gridFor('ana', pair, printed, key);
      expect(new Set(grid).size).toBe(9);
      expect(grid).toEqual(expect.arrayContaining(pair));
      expect(grid).not.toContain(printed);
      return grid;
    });
    // A reprint with another printed picture swaps at most that one picture for another.
    for (const grid of grids)
      expect(grid.filter((picture) => grids[0]!.includes(picture)).length).toBeGreaterThanOrEqual(8);
    expect(gridFor('ana', pair, 'cat', key)).toEqual(gridFor('ana', pair, 'cat', key));
  });
});
