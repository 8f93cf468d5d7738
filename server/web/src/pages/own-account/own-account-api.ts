import type {
  RecoveryChallenge,
  RecoveryQuestion,
  SignedInAnswer,
  SignInStep,
  TotpEnrolment,
} from '../../../../../shared/accounts';
import type { ViewerRights } from '../../../../../shared/rights';
import { api, type Viewer } from '../../api';

/** Who is signed in, and the step their session must take before anything else (none: a full session). */
export interface Session {
  user: Viewer;
  next?: SignInStep;
  /** Whether the menu offers "Change password" (not the youngest grades, not a badge session). */
  mayChangePassword?: boolean;
  /** What they may do for others (from `/auth/me`): which pages the menu offers. The server checks every request. */
  rights?: ViewerRights;
}

export interface RecoveryAnswer {
  question: RecoveryQuestion;
  answer: string;
}

export const CLAIM_PATH = '/claim';
export const FORGOT_PATH = '/forgot';
export const CHANGE_PASSWORD_PATH = '/account/password';

const post = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', body });
// The server's `user` has the same fields as the page's Viewer; its role is one of the roles.
const asSession = (answer: SignedInAnswer): Session => answer as Session;

/** The calls a person makes about their own account: claiming, recovering, changing, the second factor. */
export const ownAccountApi = {
  signIn: (username: string, password: string) =>
    post<SignedInAnswer>('/auth/sign-in', { username, password }).then(asSession),
  checkClaim: (username: string, code: string) =>
    post<{ givenName: string; recoveryQuestions: number }>('/auth/claim/check', { username, code }),
  claim: (body: { username: string; code: string; password: string; recovery: RecoveryAnswer[] }) =>
    post<SignedInAnswer>('/auth/claim', body).then(asSession),
  startRecovery: (username: string) => post<RecoveryChallenge>('/auth/recover/start', { username }),
  recover: (body: { username: string; answers: RecoveryAnswer[]; code?: string; password: string }) =>
    post<SignedInAnswer>('/auth/recover', body).then(asSession),
  changePassword: (body: { current?: string; password: string }) =>
    post<SignedInAnswer>('/auth/password', body).then(asSession),
  checkTotp: (code: string) => post<SignedInAnswer>('/auth/totp', { code }).then(asSession),
  startEnrolment: () => post<TotpEnrolment>('/auth/totp/enrolment', {}),
  confirmEnrolment: (code: string) =>
    post<{ user: Viewer; recoveryCodes: string[] }>('/auth/totp/enrolment/confirm', { code }),
};

/**
 * A claim code as typed from the printed letter: spaces, dashes and lower case are forgiven, so "abcd efgh"
 * and "ABCD-EFGH" are the same code.
 */
export function normaliseClaimCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s\-‐‑–—]+/g, '');
}

/** An authenticator code ("123 456" is "123456") or a recovery code (as printed, capitals), as typed. */
export function normaliseSecondFactorCode(typed: string): string {
  return typed.replace(/\s+/g, '').toUpperCase();
}
