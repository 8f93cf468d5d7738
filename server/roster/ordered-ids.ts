import { randomBytes } from 'node:crypto';

/**
 * Time-ordered ids in UUID version 7's layout (RFC 9562): the milliseconds first, then a counter, then random
 * bits. Rows made by one sync get ids in increasing order, so a district's 300,000 enrolments are appended to
 * the primary-key index instead of scattered through it (random UUIDs made the write twice as slow).
 */
export function orderedIds(now: () => number = Date.now): () => string {
  let lastMs = 0;
  let counter = 0;
  return () => {
    let ms = now();
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      // 12 bits of counter per millisecond; past that, borrow the next millisecond.
      if (counter > 0xfff) {
        ms = lastMs + 1;
        counter = 0;
      }
    } else counter = 0;
    lastMs = ms;
    const random = randomBytes(8);
    random[0] = (random[0]! & 0x3f) | 0x80;
    const hex = ms.toString(16).padStart(12, '0') + (0x7000 | counter).toString(16) + random.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}
