import type { Person } from '../directory/directory';
import type { BadgePolicy } from '../badges/badge-policy';
import { GRADE_MIN } from '../../shared/roles';

type GradeRange = BadgePolicy['grades'];

/** How the district's people get in: who gets a fixed password, who claims, who needs a second factor. */
export interface AccountPolicy {
  /** Students in these grades get a fixed password a young child can type (GATEHOUSE_FIXED_PASSWORD_GRADES, PK-5). */
  fixedPasswordGrades: GradeRange;
  /** Of those, these grades may change it themselves (GATEHOUSE_PASSWORD_CHANGE_GRADES, 3-5). */
  passwordChangeGrades: GradeRange;
  /** Recovery questions asked when claiming, 0 to turn them off (GATEHOUSE_RECOVERY_QUESTIONS, 3). */
  recoveryQuestions: number;
  /** Staff must use password + authenticator code (GATEHOUSE_STAFF_SECOND_FACTOR, `required`). */
  staffSecondFactor: 'required' | 'off';
  /** Teachers may reset their own students' passwords (GATEHOUSE_TEACHER_RESETS, `on`). */
  teacherResets: boolean;
  /** How long a claim code or temporary password works (GATEHOUSE_CLAIM_CODE_DAYS, 14). */
  codeLifetimeMs: number;
}

export const DEFAULT_ACCOUNT_POLICY: AccountPolicy = {
  fixedPasswordGrades: { low: GRADE_MIN, high: 5 },
  passwordChangeGrades: { low: 3, high: 5 },
  recoveryQuestions: 3,
  staffSecondFactor: 'required',
  teacherResets: true,
  codeLifetimeMs: 14 * 86_400_000,
};

const inRange = (grade: number | null, range: GradeRange) =>
  range !== null && grade !== null && grade >= range.low && grade <= range.high;

type Facts = Pick<Person, 'role' | 'grade'>;

/** A young student the district gives a fixed password (printed on the credentials sheet) instead of a claim code. */
export const getsFixedPassword = (person: Facts, policy: AccountPolicy) =>
  person.role === 'student' && inRange(person.grade, policy.fixedPasswordGrades);

/** Everyone but students: staff sign in with password + authenticator code once the district requires it. */
export const needsSecondFactor = (person: Facts, policy: AccountPolicy) =>
  person.role !== 'student' && policy.staffSecondFactor === 'required';

/** Whether the person may change their own password: everyone but the fixed-password grades outside the change range. */
export const mayChangeOwnPassword = (person: Facts, policy: AccountPolicy) =>
  !getsFixedPassword(person, policy) || inRange(person.grade, policy.passwordChangeGrades);

/** Whether the person sets recovery questions when claiming (and so may recover on their own). */
export const asksRecoveryQuestions = (person: Facts, policy: AccountPolicy) =>
  policy.recoveryQuestions > 0 && !getsFixedPassword(person, policy);
