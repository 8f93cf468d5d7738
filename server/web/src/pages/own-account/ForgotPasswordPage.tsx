import { useEffect, useId, useRef, useState } from 'preact/hooks';
import {
  RECOVERY_ANSWER_MAX_LENGTH,
  type RecoveryChallenge,
  type RecoveryQuestion,
} from '../../../../../shared/accounts';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { NewPasswordFields, type NewPassword } from './NewPasswordFields';
import { normaliseSecondFactorCode, ownAccountApi, type Session } from './own-account-api';
import { SignedOutCard } from './SignedOutCard';
import { passwordMistake, useFieldFailure, weakPasswordReason } from './use-field-failure';
import { useSubmit } from './use-submit';

/** "Forgot my password": a username, then the person's own recovery questions and a new password. */
export function ForgotPasswordPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useI18n();
  const [challenge, setChallenge] = useState<(RecoveryChallenge & { username: string }) | null>(null);
  return (
    <SignedOutCard title={t('recover.title')}>
      {challenge === null ? (
        <RecoveryStartForm onChallenge={setChallenge} />
      ) : (
        <RecoveryAnswersForm challenge={challenge} onSignedIn={onSignedIn} />
      )}
    </SignedOutCard>
  );
}

function RecoveryStartForm({
  onChallenge,
}: {
  onChallenge(challenge: RecoveryChallenge & { username: string }): void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const failure = useFieldFailure<'username'>();
  const { working, run } = useSubmit();
  const usernameInput = useRef<HTMLInputElement>(null);

  function submit(event: Event) {
    event.preventDefault();
    const name = username.trim();
    if (!name) return failure.fail('username', { key: 'error.missingUsername' }, usernameInput.current);
    failure.clear();
    void run(
      async () => onChallenge({ username: name, ...(await ownAccountApi.startRecovery(name)) }),
      (caught) => failure.fail('username', { caught }, usernameInput.current),
    );
  }

  const error = failure.errorFor('username');
  return (
    <form onSubmit={submit} noValidate>
      <p>{t('recover.intro')}</p>
      <label for="recover-username">{t('signIn.username')}</label>
      <input
        id="recover-username"
        ref={usernameInput}
        autocomplete="username"
        autocapitalize="none"
        spellcheck={false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'recover-start-error' : undefined}
        value={username}
        onInput={(event) => setUsername((event.target as HTMLInputElement).value)}
      />
      <p id="recover-start-error" class="error field-error" role="alert">
        {error}
      </p>
      <button type="submit" disabled={working}>
        {working ? t('recover.starting') : t('recover.start')}
      </button>
    </form>
  );
}

type AnswersField = 'answers' | 'code' | 'password' | 'form';

interface RecoveryAnswersFormProps {
  challenge: RecoveryChallenge & { username: string };
  onSignedIn(session: Session): void;
}

function RecoveryAnswersForm({ challenge, onSignedIn }: RecoveryAnswersFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [answers, setAnswers] = useState<string[]>(() => challenge.questions.map(() => ''));
  const [code, setCode] = useState('');
  const [password, setPassword] = useState<NewPassword>({ password: '', repeat: '' });
  const failure = useFieldFailure<AnswersField>();
  const { working, run } = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  const answersBox = useRef<HTMLFieldSetElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const formError = useRef<HTMLParagraphElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const answerInput = (index: number) => answersBox.current?.querySelectorAll('input')[index] ?? null;

  function submit(event: Event) {
    event.preventDefault();
    const blank = answers.findIndex((answer) => !answer.trim());
    if (blank >= 0) return failure.fail('answers', { key: 'recover.missingAnswer' }, answerInput(blank));
    const mistake = passwordMistake(password.password, password.repeat);
    if (mistake) return failure.fail('password', mistake, passwordInput.current);
    failure.clear();
    void run(async () => {
      const answer = await ownAccountApi.recover({
        username: challenge.username,
        answers: challenge.questions.map((question: RecoveryQuestion, at) => ({ question, answer: answers[at]! })),
        // Only those with an app need it; the page cannot know who has one, and is not told.
        ...(code.trim() ? { code: normaliseSecondFactorCode(code) } : {}),
        password: password.password,
      });
      onSignedIn(answer);
    }, showFailure);
  }

  function showFailure(caught: unknown) {
    if (weakPasswordReason(caught)) return failure.fail('password', { caught }, passwordInput.current);
    // Wrong answers (or a wrong code with them): the first answer is where to start checking.
    if (caught instanceof ApiError && caught.code === 'recovery_failed')
      return failure.fail('answers', { caught }, answerInput(0));
    failure.fail('form', { caught }, formError.current);
  }

  const answersError = failure.errorFor('answers');
  const codeError = failure.errorFor('code');
  return (
    <form onSubmit={submit} noValidate class="recover-answers">
      <h2 ref={heading} tabIndex={-1}>
        {t('recover.answersTitle')}
      </h2>
      <fieldset ref={answersBox} aria-describedby={answersError ? `${id}-answers-error` : undefined}>
        <legend>{t('recover.answersLegend')}</legend>
        {challenge.questions.map((question, index) => (
          <div class="recovery-question" key={question}>
            <label for={`${id}-a${index}`}>{t(`recovery_question.${question}`)}</label>
            <input
              id={`${id}-a${index}`}
              autocomplete="off"
              spellcheck={false}
              maxLength={RECOVERY_ANSWER_MAX_LENGTH}
              value={answers[index]}
              onInput={(event) =>
                setAnswers(
                  answers.map((answer, at) => (at === index ? (event.target as HTMLInputElement).value : answer)),
                )
              }
            />
          </div>
        ))}
        <p id={`${id}-answers-error`} class="error field-error" role="alert">
          {answersError}
        </p>
      </fieldset>
      {challenge.asksForCode && (
        <>
          <label for={`${id}-code`}>{t('recover.code')}</label>
          <p id={`${id}-code-hint`} class="hint">
            {t('recover.codeHint')}
          </p>
          <input
            id={`${id}-code`}
            ref={codeInput}
            autocomplete="one-time-code"
            spellcheck={false}
            aria-invalid={codeError ? 'true' : undefined}
            aria-describedby={`${id}-code-hint${codeError ? ` ${id}-code-error` : ''}`}
            value={code}
            onInput={(event) => setCode((event.target as HTMLInputElement).value)}
          />
          <p id={`${id}-code-error`} class="error field-error" role="alert">
            {codeError}
          </p>
        </>
      )}
      <NewPasswordFields
        value={password}
        onChange={setPassword}
        error={failure.errorFor('password')}
        passwordRef={passwordInput}
      />
      <p ref={formError} tabIndex={-1} class="error field-error" role="alert">
        {failure.errorFor('form')}
      </p>
      <button type="submit" disabled={working}>
        {working ? t('recover.working') : t('recover.submit')}
      </button>
    </form>
  );
}
