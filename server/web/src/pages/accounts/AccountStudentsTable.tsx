import { useState } from 'preact/hooks';
import { gradeLabel } from '../../../../../shared/roles';
import { ScrollBox } from '../../components/ScrollBox';
import { useI18n } from '../../i18n';
import type { AccountStudent } from '../../../../../shared/accounts';
import { AccountStateText } from './AccountStateText';
import { hasSchoolPassword } from './accounts-api';
import type { ActionPerson, PendingAction } from './ConfirmAccountAction';

interface AccountStudentsTableProps {
  students: AccountStudent[];
  working: boolean;
  /** A campus lists several classes: each student's class is named. */
  showClass: boolean;
  mayReset: boolean;
  onAction(action: PendingAction): void;
  onPrintCredentials(student: AccountStudent): void;
}

export const actionPerson = (student: AccountStudent): ActionPerson => ({
  id: student.id,
  displayName: student.displayName,
  username: student.username,
  // What the confirmation says stops and comes instead follows what the reset will give.
  status: RESET_TEXT[student.account.resetGives] ?? student.account.status,
});

const RESET_TEXT: Partial<Record<AccountStudent['account']['resetGives'], ActionPerson['status']>> = {
  fixed_password: 'fixed',
  claim_code: 'unclaimed',
};

/** Each student, how they sign in, and what the helper may do for them; cards on a phone. */
export function AccountStudentsTable(props: AccountStudentsTableProps) {
  const { t } = useI18n();
  const { showClass } = props;
  const [query, setQuery] = useState('');
  const students = props.students.filter((student) => matches(student, query));
  return (
    <>
      <h2 id="account-students-title">{t('accounts.students.title')}</h2>
      {props.students.length > FILTER_FROM && (
        <div class="student-filter">
          <label for="account-student-filter">{t('accounts.students.filter')}</label>
          <input
            id="account-student-filter"
            type="search"
            autocomplete="off"
            value={query}
            onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
          />
          <p class="hint" aria-live="polite">
            {query.trim() && t('accounts.students.shown', { shown: students.length, total: props.students.length })}
          </p>
        </div>
      )}
      {props.students.length === 0 ? (
        <p>{t('accounts.students.none')}</p>
      ) : (
        <ScrollBox label={t('accounts.students.title')}>
          <table class="data account-students" aria-labelledby="account-students-title">
            <thead>
              <tr>
                <th scope="col">{t('accounts.students.name')}</th>
                <th scope="col" class="grade">
                  {t('accounts.students.grade')}
                </th>
                <th scope="col">{t('accounts.students.signIn')}</th>
                <th scope="col">{t('accounts.students.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {students.map((student) => (
                <tr key={student.id}>
                  <th scope="row">
                    {student.displayName}
                    <span class="hint"> ({student.username})</span>
                    {showClass && student.classTitle && <span class="hint class-inline">{student.classTitle}</span>}
                  </th>
                  <td class="grade" data-label={t('accounts.students.grade')}>
                    {student.grade === null ? '' : gradeLabel(student.grade)}
                  </td>
                  <td class="state">
                    <AccountStateText account={student.account} />
                  </td>
                  <td>
                    <StudentActions {...props} student={student} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}

/** A campus lists hundreds: past this many, a search field narrows the list. */
const FILTER_FROM = 12;

const folded = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function matches(student: AccountStudent, query: string): boolean {
  const wanted = folded(query.trim());
  return wanted === '' || folded(`${student.displayName} ${student.username}`).includes(wanted);
}

function StudentActions({
  student,
  working,
  mayReset,
  onAction,
  onPrintCredentials,
}: AccountStudentsTableProps & { student: AccountStudent }) {
  const { t } = useI18n();
  const person = actionPerson(student);
  const { status } = student.account;
  return (
    <div class="actions">
      {hasSchoolPassword(student.account) && (
        <button type="button" class="secondary" disabled={working} onClick={() => onPrintCredentials(student)}>
          {t('accounts.student.printCredentials')}
        </button>
      )}
      {status === 'unclaimed' && (
        <button type="button" class="secondary" disabled={working} onClick={() => onAction({ kind: 'letter', person })}>
          {t('accounts.student.printLetter')}
        </button>
      )}
      {mayReset && (
        <button
          type="button"
          class="secondary danger"
          disabled={working}
          onClick={() => onAction({ kind: 'reset', person })}
        >
          {t('accounts.student.reset')}
        </button>
      )}
    </div>
  );
}
