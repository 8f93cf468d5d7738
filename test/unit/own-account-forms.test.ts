// What the claim, recovery and sign-in-step pages forgive in what a person types, and what they refuse before
// asking the server: a claim code copied from a letter, an authenticator code with a space, the key in groups.
import { describe, expect, it } from 'vitest';
import { normaliseClaimCode, normaliseSecondFactorCode } from '../../server/web/src/pages/own-account/own-account-api';
import { passwordMistake } from '../../server/web/src/pages/own-account/use-field-failure';
import { firstUnfinishedPick } from '../../server/web/src/pages/own-account/RecoveryQuestionsPicker';
import { groupedKey } from '../../server/web/src/pages/sign-in-steps/EnrolTotpStep';

describe('own-account forms', () => {
  it('reads a claim code as typed from the letter: spaces, dashes and small letters forgiven', () => {
    expect(normaliseClaimCode(' abcd-efgh jkmn ')).toBe('ABCDEFGHJKMN');
    expect(normaliseClaimCode('ABCD – EFGH')).toBe('ABCDEFGH');
  });

  it('reads an authenticator code with spaces, and a recovery code in small letters', () => {
    expect(normaliseSecondFactorCode(' 123 456 ')).toBe('123456');
    expect(normaliseSecondFactorCode('7kq4-m9xd 2hpt ')).toBe('7KQ4-M9XD2HPT');
  });

  it('refuses a new password that is too short or too long, or typed differently twice', () => {
    expect(passwordMistake('short', 'short')).toEqual({ problem: 'too_short' });
    expect(passwordMistake('x'.repeat(129), 'x'.repeat(129))).toEqual({ problem: 'too_long' });
    expect(passwordMistake('long enough', 'long enougH')).toEqual({ key: 'changePassword.mismatch' });
    expect(passwordMistake('x'.repeat(128), 'x'.repeat(128))).toBeNull();
  });

  it('finds the first recovery question not chosen or not answered', () => {
    expect(
      firstUnfinishedPick([
        { question: 'first_pet', answer: 'Rex' },
        { question: '', answer: '' },
      ]),
    ).toBe(1);
    expect(firstUnfinishedPick([{ question: 'first_pet', answer: ' R ' }])).toBe(0);
    expect(firstUnfinishedPick([{ question: 'first_pet', answer: 'Rex' }])).toBe(-1);
  });

  it('shows the authenticator key in groups of four', () => {
    expect(groupedKey('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupedKey('ABCDEF')).toBe('ABCD EF');
  });
});
