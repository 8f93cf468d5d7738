import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { NewPasswordFields, type NewPassword } from './NewPasswordFields';
import { normaliseClaimCode, ownAccountApi, type RecoveryAnswer, type Session } from './own-account-api';
import {
  emptyPicks,
  firstUnfinishedPick,
  focusPick,
  RecoveryQuestionsPicker,
  type PickedQuestion,
} from './RecoveryQuestionsPicker';
import { SignedOutCard } from './SignedOutCard';
import { passwordMistake, useFieldFailure, weakPasswordReason } from './use-field-failure';
import { useSubmit } from './use-submit';

interface ClaimCheck {
  username: string;
  code: string;
  givenName: string;
  recoveryQuestions: number;
}

/** "Claim your account": the username and the code from the printed letter, then a password of one's own. */
export function ClaimPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useI18n();
  const [checked, setChecked] = useState<ClaimCheck | null>(null);
  return (
    <SignedOutCard title={t('claim.title')}>
      {checked === null ? (
        <ClaimCodeForm onChecked={setChecked} />
      ) : (
        <ClaimSetupForm check={checked} onSignedIn={onSignedIn} />
      )}
    </SignedOutCard>
  );
}

function ClaimCodeForm({ onChecked }: { onChecked(check: ClaimCheck): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const failure = useFieldFailure<'username' | 'code'>();
  const { working, run } = useSubmit();
  const usernameInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  function submit(event: Event) {
    event.preventDefault();
    const name = username.trim();
    const typed = normaliseClaimCode(code);
    if (!name) return failure.fail('username', { key: 'error.missingUsername' }, usernameInput.current);
    if (!typed) return failure.fail('code', { key: 'claim.missingCode' }, codeInput.current);
    failure.clear();
    void run(
      async () => onChecked({ username: name, code: typed, ...(await ownAccountApi.checkClaim(name, typed)) }),
      (caught) => failure.fail('code', { caught }, codeInput.current),
    );
  }

  const usernameError = failure.errorFor('username');
  const codeError = failure.errorFor('code');
  return (
    <form onSubmit={submit} noValidate>
      <p>{t('claim.intro')}</p>
      <label for="claim-username">{t('signIn.username')}</label>
      <input
        id="claim-username"
        ref={usernameInput}
        autocomplete="username"
        autocapitalize="none"
        spellcheck={false}
        aria-invalid={usernameError ? 'true' : undefined}
        aria-describedby={usernameError ? 'claim-error' : undefined}
        value={username}
        onInput={(event) => setUsername((event.target as HTMLInputElement).value)}
      />
      <label for="claim-code">{t('claim.code')}</label>
      <p id="claim-code-hint" class="hint">
        {t('claim.codeHint')}
      </p>
      <input
        id="claim-code"
        ref={codeInput}
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        aria-invalid={codeError ? 'true' : undefined}
        aria-describedby={codeError ? 'claim-code-hint claim-error' : 'claim-code-hint'}
        value={code}
        onInput={(event) => setCode((event.target as HTMLInputElement).value)}
      />
      <p id="claim-error" class="error field-error" role="alert">
        {usernameError || codeError}
      </p>
      <button type="submit" disabled={working}>
        {working ? t('claim.checking') : t('claim.check')}
      </button>
    </form>
  );
}

type SetupField = 'password' | 'questions' | 'form';

function ClaimSetupForm({ check, onSignedIn }: { check: ClaimCheck; onSignedIn(session: Session): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState<NewPassword>({ password: '', repeat: '' });
  const [picks, setPicks] = useState<PickedQuestion[]>(() => emptyPicks(check.recoveryQuestions));
  const failure = useFieldFailure<SetupField>();
  const { working, run } = useSubmit();
  const greeting = useRef<HTMLHeadingElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const questions = useRef<HTMLFieldSetElement>(null);
  const formError = useRef<HTMLParagraphElement>(null);
  useEffect(() => greeting.current?.focus(), []);

  function submit(event: Event) {
    event.preventDefault();
    const mistake = passwordMistake(password.password, password.repeat);
    if (mistake) return failure.fail('password', mistake, passwordInput.current);
    const unfinished = firstUnfinishedPick(picks);
    if (unfinished >= 0) {
      failure.fail('questions', { key: 'claim.questions.unfinished' });
      return focusPick(questions.current, picks, unfinished);
    }
    failure.clear();
    const recovery = picks.map(({ question, answer }) => ({ question, answer }) as RecoveryAnswer);
    void run(
      async () => onSignedIn(await ownAccountApi.claim({ ...check, password: password.password, recovery })),
      (caught) => showFailure(caught),
    );
  }

  function showFailure(caught: unknown) {
    if (weakPasswordReason(caught)) return failure.fail('password', { caught }, passwordInput.current);
    if (caught instanceof ApiError && caught.code === 'invalid_request') {
      failure.fail('questions', { caught });
      return focusPick(questions.current, picks, 0);
    }
    failure.fail('form', { caught }, formError.current);
  }

  return (
    <form onSubmit={submit} noValidate class="claim-setup">
      <h2 ref={greeting} tabIndex={-1}>
        {t('claim.greeting', { name: check.givenName })}
      </h2>
      <p>{t('claim.setupIntro')}</p>
      <NewPasswordFields
        value={password}
        onChange={setPassword}
        error={failure.errorFor('password')}
        passwordRef={passwordInput}
      />
      {picks.length > 0 && (
        <RecoveryQuestionsPicker
          picks={picks}
          onChange={setPicks}
          error={failure.errorFor('questions')}
          fieldsetRef={questions}
        />
      )}
      <p ref={formError} tabIndex={-1} class="error field-error" role="alert">
        {failure.errorFor('form')}
      </p>
      <button type="submit" disabled={working}>
        {working ? t('claim.working') : t('claim.submit')}
      </button>
    </form>
  );
}
