// The badges page's pure parts: what a print asks for, which group a path names, and what a camera failure
// tells the child to do.
import { describe, expect, it } from 'vitest';
import type { BadgeGroup } from '../../shared/badges';
import { cameraProblemOf } from '../../server/web/src/pages/badge/use-camera';
import { groupInPath, groupPath } from '../../server/web/src/pages/badges/badges-api';
import {
  defaultChoices,
  expiresOn,
  printRequest,
  sheetFileName,
  type PrintChoices,
} from '../../server/web/src/pages/badges/print-choices';

const kClass: BadgeGroup = {
  kind: 'class',
  id: 'class-k/1',
  title: 'Homeroom — Kindergarten',
  campusName: 'Lakeside Elementary',
  termEndsOn: '2027-06-04',
  eligibleCount: 20,
};

describe('print choices', () => {
  it('offer the term’s end when the class has one, and no end otherwise', () => {
    expect(defaultChoices(kClass).expiry).toBe('term');
    expect(defaultChoices({ ...kClass, termEndsOn: null }).expiry).toBe('none');
  });

  it.each<[Partial<PrintChoices>, string | null | undefined]>([
    [{ expiry: 'none' }, null],
    [{ expiry: 'term' }, '2027-06-04'],
    [{ expiry: 'date', date: '2027-01-15' }, '2027-01-15'],
    // A date asked for but not given: nothing is printed until one is chosen.
    [{ expiry: 'date', date: '' }, undefined],
  ])('%o ends the badges on %s', (choice, expected) => {
    expect(expiresOn({ ...defaultChoices(kClass), ...choice }, kClass)).toBe(expected);
  });

  it('never leaves a student’s working badge alone when one new badge is asked for', () => {
    const choices = { ...defaultChoices(kClass), onlyMissing: true };
    expect(printRequest({ classId: kClass.id }, choices, null, 'es')).toEqual({
      classId: kClass.id,
      layout: 'labels',
      onlyMissing: true,
      expiresOn: null,
      language: 'es',
    });
    expect(printRequest({ userId: 'u1' }, choices, null, 'en').onlyMissing).toBe(false);
  });

  it('names the file after the group, safely', () => {
    expect(sheetFileName('Homeroom — Kindergarten')).toBe('badges-homeroom-kindergarten.pdf');
    expect(sheetFileName('Zoë’s class')).toBe('badges-zoes-class.pdf');
    expect(sheetFileName('«»')).toBe('badges-sheet.pdf');
  });
});

describe('badge page paths', () => {
  it('round-trip a group through its address', () => {
    expect(groupInPath(groupPath(kClass))).toEqual({ kind: 'class', id: 'class-k/1' });
    expect(groupInPath('/badges')).toBeNull();
    expect(groupInPath('/badges/school/x')).toBeNull();
  });
});

describe('camera failures', () => {
  it.each([
    ['NotAllowedError', 'refused'],
    ['SecurityError', 'refused'],
    ['NotReadableError', 'busy'],
    ['AbortError', 'busy'],
    ['NotFoundError', 'missing'],
    ['OverconstrainedError', 'missing'],
  ])('%s means the camera is %s', (name, problem) => {
    expect(cameraProblemOf(new DOMException('', name))).toBe(problem);
  });
});
