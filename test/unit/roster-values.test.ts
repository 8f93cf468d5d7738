// The values real SIS exports write for grades, dates, statuses and booleans, read into the bundle's.
import { describe, expect, it } from 'vitest';
import {
  isTruthy,
  readDate,
  readEnabled,
  readGrades,
  readList,
  readStatus,
  slashOrderOf,
} from '../../server/roster/sis-values';

describe('roster values', () => {
  it.each([
    ['PK', -1],
    ['TK', -1],
    ['pk', -1],
    ['PreKindergarten', -1],
    ['TransitionalKindergarten', -1],
    ['KG', 0],
    ['K', 0],
    ['00', 0],
    ['Kindergarten', 0],
    ['01', 1],
    ['1', 1],
    ['09', 9],
    ['12', 12],
    ['09,10,11', 9],
    ['11, 10', 10],
    ['KG,01', 0],
  ])('read grade %s as %s', (raw, grade) => {
    expect(readGrades(raw)).toEqual({ grade, known: true });
  });

  it.each(['Other', 'UG', '13', 'PS', 'Ungraded', 'ninth'])('leave unknown grade %s empty and say so', (raw) => {
    expect(readGrades(raw)).toEqual({ grade: null, known: false });
  });

  it('read an empty grade as no grade, without a warning', () => {
    expect(readGrades('')).toEqual({ grade: null, known: true });
  });

  it.each([
    ['2023-05-01', '2023-05-01'],
    ['2023-05-01T18:25:43.511Z', '2023-05-01'],
    ['2017-05-06 08:01:05', '2017-05-06'],
    ['2022-03-15T01:30:00.0000000+00:00', '2022-03-15'],
    ['2023/5/1', '2023-05-01'],
    ['20230501', '2023-05-01'],
    ['5/1/2023', '2023-05-01'],
    ['05/01/2023', '2023-05-01'],
    ['05/01/23', '2023-05-01'],
  ])('read date %s as %s', (raw, date) => {
    expect(readDate(raw)).toBe(date);
  });

  it.each(['', 'soon', '2023-13-01', '2023-02-30', '13/13/2023', '2023-5'])('refuse date %j', (raw) => {
    expect(readDate(raw)).toBeUndefined();
  });

  it('read slash dates day first when the file shows it (24/12/2022), else month first', () => {
    expect(slashOrderOf(['1/09/2022', '24/12/2022'])).toBe('day-first');
    expect(slashOrderOf(['5/1/2023', '12/20/2023', '2023-05-01'])).toBe('month-first');
    expect(readDate('1/09/2022', 'day-first')).toBe('2022-09-01');
    expect(readDate('1/09/2022', 'month-first')).toBe('2022-01-09');
  });

  it('read an empty status as active (bulk files leave it empty) and tobedeleted in any case', () => {
    expect(readStatus('')).toBe('active');
    expect(readStatus('active')).toBe('active');
    expect(readStatus('Active')).toBe('active');
    expect(readStatus('tobedeleted')).toBe('tobedeleted');
    expect(readStatus('TOBEDELETED')).toBe('tobedeleted');
    expect(readStatus('inactive')).toBe('tobedeleted');
    expect(readStatus('deleted')).toBeUndefined();
  });

  it('read enabledUser TRUE, true, false and empty (enabled)', () => {
    expect(readEnabled('TRUE')).toBe(true);
    expect(readEnabled('true')).toBe(true);
    expect(readEnabled('')).toBe(true);
    expect(readEnabled('false')).toBe(false);
    expect(readEnabled('FALSE')).toBe(false);
    expect(readEnabled('maybe')).toBeUndefined();
  });

  it('set a flag for TRUE, true, Y, yes, 1 and x only', () => {
    for (const raw of ['TRUE', 'true', 'Y', 'y', 'yes', 'Yes', '1', 'x', 'X']) expect(isTruthy(raw)).toBe(true);
    for (const raw of ['', 'N', 'no', 'false', '0', 'FALSE', 'maybe']) expect(isTruthy(raw)).toBe(false);
  });

  it('read id lists without empty items', () => {
    expect(readList('as-trm-1, as-trm-2,')).toEqual(['as-trm-1', 'as-trm-2']);
    expect(readList('')).toEqual([]);
  });
});
