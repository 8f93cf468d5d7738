// The bench's district generator: the same options give the same bytes, the sizes the bench names, and a
// "next export" that changes a few people, far below the safety hold.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDistrict } from '../bench/generate-district';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-district-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const lines = (dir: string, file: string) => new Set(read(dir, file).trim().split('\n').slice(1));

describe('district generator', () => {
  it('writes the same bundle for the same options, scaled from 1,500 students a campus', async () => {
    const options = { students: 6_000, seed: 3, schoolYearStart: 2026 };
    const counts = await writeDistrict(path.join(root, 'a'), options);
    await writeDistrict(path.join(root, 'b'), options);
    for (const file of fs.readdirSync(path.join(root, 'a')))
      expect(read(path.join(root, 'b'), file), file).toBe(read(path.join(root, 'a'), file));
    expect(counts.campuses).toBe(4);
    expect(counts.students).toBeGreaterThan(5_900);
    expect(counts.people / counts.students).toBeCloseTo(64 / 60, 1);
    expect(counts.enrollments / counts.students).toBeGreaterThan(4.9);
    expect(lines(path.join(root, 'a'), 'users.csv').size).toBe(counts.people);
  });

  it('makes a next export with a few students gone, new, renamed or moved', async () => {
    const options = { students: 6_000, seed: 3, schoolYearStart: 2026 };
    const first = path.join(root, 'a');
    const next = path.join(root, 'next');
    await writeDistrict(next, { ...options, changed: true });
    const [before, after] = [lines(first, 'users.csv'), lines(next, 'users.csv')];
    const gone = [...before].filter((line) => !after.has(line)).length;
    expect(gone / before.size).toBeGreaterThan(0.02);
    expect(gone / before.size).toBeLessThan(0.05);
    const nextEnrollments = lines(next, 'enrollments.csv');
    const moved = [...lines(first, 'enrollments.csv')].filter((line) => !nextEnrollments.has(line));
    expect(moved.length).toBeGreaterThan(0);
  });
});
