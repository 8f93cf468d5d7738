// New roster rows get time-ordered ids: unique, increasing (appended to the index), in UUID v7's layout.
import { describe, expect, it } from 'vitest';
import { orderedIds } from '../../server/roster/ordered-ids';

describe('ordered ids', () => {
  it('increase and never repeat, past 4096 in one millisecond and across a clock that steps back', () => {
    let clock = 1_700_000_000_000;
    const next = orderedIds(() => clock);
    const ids = Array.from({ length: 10_000 }, () => next());
    clock -= 5_000;
    ids.push(...Array.from({ length: 100 }, () => next()));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || ids[i - 1]! < id)).toBe(true);
    for (const id of ids.slice(0, 3))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('start with the time, so ids made later sort after', () => {
    const [early, late] = [orderedIds(() => 1_000)(), orderedIds(() => 2_000)()];
    expect(early < late).toBe(true);
    expect(early.slice(0, 13)).toBe('00000000-03e8');
  });
});
