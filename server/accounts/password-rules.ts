import type { PasswordProblem } from '../../shared/accounts';

/** The words a password must not contain: the person's own names and username, their schools', the district's. */
export interface PasswordContext {
  username: string;
  givenName: string;
  familyName: string;
  campusNames: string[];
  districtName: string;
}

/** Why this new password is refused, or null when it is fine. */
export function passwordProblem(password: string, context: PasswordContext): PasswordProblem | null {
  void password;
  void context;
  throw new Error('not yet written');
}
