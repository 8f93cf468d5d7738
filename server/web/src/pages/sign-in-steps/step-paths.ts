import type { SignInStep } from '../../../../../shared/accounts';

/** Where each sign-in step lives; a session that must take one sees only that page. */
export const STEP_PATHS: Record<SignInStep, string> = {
  totp: '/sign-in/code',
  enrol_totp: '/sign-in/authenticator',
  change_password: '/sign-in/new-password',
};

/** The event the API client sends when the server answers `step_required`: the session has a step to take first. */
export const STEP_REQUIRED_EVENT = 'gatehouse:step-required';
