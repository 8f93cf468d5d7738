// Threat: online guessing of a child's password. Delays grow per account instead of a hard lockout so a
// classmate cannot lock a child out (NIST SP 800-63B 5.2.2: at most 100 consecutive failures).
import { describe, expect, it } from 'vitest';
import { delayAfterFailures } from '../../server/auth/sign-in-throttle';

describe('delay after failed sign-ins', () => {
  it('lets a few typos through without any wait', () => {
    for (const failures of [0, 1, 2, 3, 4]) expect(delayAfterFailures(failures)).toBe(0);
  });

  it('grows with each further failure, up to a cap', () => {
    const delays = [5, 6, 7, 8, 9, 10, 20, 99].map(delayAfterFailures);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays[0]).toBeGreaterThan(0);
    expect(delayAfterFailures(99)).toBeLessThanOrEqual(15 * 60);
  });

  it('allows at most one try an hour after 100 consecutive failures', () => {
    expect(delayAfterFailures(100)).toBe(3600);
    expect(delayAfterFailures(500)).toBe(3600);
  });
});
