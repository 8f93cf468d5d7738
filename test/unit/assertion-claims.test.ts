// What an app is told about a person: only the claims IT chose, an identifier the app was registered for,
// and a pairwise identifier that two apps cannot join on. And where the sign-in page may send a person back.
import { describe, expect, it } from 'vitest';
import { claimsFor, pairwiseSubject, subjectFor } from '../../server/federation/assertion-claims';
import type { Person } from '../../server/directory/directory';
import { isContinuePath } from '../../shared/federation';

const maria: Person = {
  id: 'u-maria',
  sourcedId: 'sis-1001',
  username: 'maria.k',
  givenName: 'María',
  familyName: 'Kaur',
  email: null,
  role: 'student',
  grade: 0,
  sisFlags: ['sped'],
  status: 'active',
  passwordHash: null,
  campusIds: ['c-1'],
  classCount: 1,
  classIds: ['k-1'],
};
const secret = Buffer.alloc(32, 7);

describe('claims an app receives', () => {
  it('gives only the chosen claims, leaving out those the person has no value for', () => {
    const claims = claimsFor({ person: maria, campusNames: ['Oak Elementary'] }, [
      'given_name',
      'grade',
      'email',
      'campus',
    ]);
    expect(claims).toEqual({ given_name: 'María', grade: 'KG', campus: ['Oak Elementary'] });
  });

  it('names grades as OneRoster does', () => {
    const grade = (value: number | null) =>
      claimsFor({ person: { ...maria, grade: value }, campusNames: [] }, ['grade']);
    expect([grade(-1), grade(3), grade(12), grade(null)]).toEqual([
      { grade: 'PK' },
      { grade: '03' },
      { grade: '12' },
      {},
    ]);
  });
});

describe('the subject identifier', () => {
  it('is refused when the person lacks the identifier the app needs', () => {
    expect(subjectFor(maria, 'email', { secret, appId: 'a' })).toEqual({ ok: false, reason: 'no_email' });
    expect(subjectFor({ ...maria, sourcedId: null }, 'sis_id', { secret, appId: 'a' })).toEqual({
      ok: false,
      reason: 'no_sis_id',
    });
    expect(subjectFor(maria, 'sis_id', { secret, appId: 'a' })).toEqual({ ok: true, subject: 'sis-1001' });
  });

  it('is pairwise: stable for one app, unrelated between two apps and two secrets', () => {
    const atReading = pairwiseSubject(secret, 'app-reading', maria.id);
    expect(pairwiseSubject(secret, 'app-reading', maria.id)).toBe(atReading);
    expect(pairwiseSubject(secret, 'app-math', maria.id)).not.toBe(atReading);
    expect(pairwiseSubject(Buffer.alloc(32, 8), 'app-reading', maria.id)).not.toBe(atReading);
    expect(atReading).not.toContain(maria.id);
  });
});

describe('where the sign-in page may continue to', () => {
  it.each([
    ['/oidc/interaction/abc', true],
    ['/saml/sso?SAMLRequest=x&RelayState=y', true],
    ['/sso/launch/app-1', true],
    ['https://evil.test/oidc/', false],
    ['//evil.test/oidc/', false],
    ['/oidc//evil.test', false],
    ['/\\evil.test', false],
    ['/api/admin', false],
    ['/', false],
  ])('%s → %s', (path, allowed) => {
    expect(isContinuePath(path)).toBe(allowed);
  });
});
