// The public OneRoster sample sets and the fixture districts, read from disk and imported through the real
// service: each 1.1 set applies cleanly and a second import changes nothing; the 1.2 set is refused by version.
import { afterEach, describe, expect, it } from 'vitest';
import { readRosterPath } from '../../server/roster/read-files';
import { rosterServiceFor } from '../../server/roster/roster-service';
import type { Storage } from '../../server/storage/storage';
import { rosterFixture } from '../helpers/roster-files';
import { createTestStorage } from '../helpers/test-storage';

const config = {
  roster: { usernames: 'sis' as const, flagColumns: { sped: ['metadata.sped', 'IEP_status'] }, holdShare: 0.1 },
  sessionIdleMs: 3_600_000,
  sessionMaxMs: 12 * 3_600_000,
};
const catalyst = (set: string) => rosterFixture('public', 'catalyst-moodle-enrol_oneroster', set);

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

async function importTwice(folder: string) {
  storage = await createTestStorage();
  const service = rosterServiceFor(storage, config, () => Date.UTC(2024, 9, 14));
  const first = await service.importFiles(await readRosterPath(folder), { source: 'cli', actorId: null });
  const second = await service.importFiles(await readRosterPath(folder), { source: 'cli', actorId: null });
  const full = await service.importFiles(await readRosterPath(folder), {
    source: 'cli',
    actorId: null,
    fullCompare: true,
  });
  return { first, second, full };
}

describe('roster sample sets, imported', () => {
  it.each([
    ['oat-sa-oneroster-1.1', rosterFixture('public', 'oat-sa-oneroster-1.1'), 2],
    ['Test_full_data_set', catalyst('Test_full_data_set'), 5],
    ['Test_minimal_data_set', catalyst('Test_minimal_data_set'), 5],
    ['test01', catalyst('test01'), 2],
    ['lakeview-oneroster', rosterFixture('lakeview-oneroster'), 7],
    ['lakeview-clever', rosterFixture('lakeview-clever'), 8],
  ])('%s applies cleanly, then is unchanged', async (_name, folder, people) => {
    const { first, second, full } = await importTwice(folder);
    expect(first).toMatchObject({ outcome: 'applied', errors: [] });
    expect(first.counts.people.added).toBe(people);
    expect(second).toMatchObject({ outcome: 'unchanged', sameAsSync: first.syncId });
    expect(second.fileHash).toBe(first.fileHash);
    // Read and compared row by row, the same files still change nothing.
    expect(full.outcome).toBe('unchanged');
    expect(full.sameAsSync).toBeUndefined();
    expect(full.counts.people).toMatchObject({ added: 0, changed: 0, deactivated: 0, reactivated: 0 });
    expect(full.counts.people.unchanged).toBeGreaterThanOrEqual(people);
  });

  it('names the line of the file a dangling reference is on, and skips only that row', async () => {
    const { first } = await importTwice(rosterFixture('lakeview-oneroster'));
    expect(first.warnings).toContainEqual(
      expect.objectContaining({
        code: 'unknown_reference',
        file: 'enrollments.csv',
        line: 10,
        column: 'classSourcedId',
        value: 'cls-not-sent',
      }),
    );
  });

  it('the OneRoster 1.2 delta set is refused, naming its version, and nothing is written', async () => {
    const { first } = await importTwice(catalyst('oneroster_test_data-v1.2-delta'));
    expect(first.outcome).toBe('refused');
    expect(first.errors).toEqual([expect.objectContaining({ code: 'unsupported_version', value: '1.2' })]);
    expect(first.counts.people.added).toBe(0);
  });
});
