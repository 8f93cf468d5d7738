import { useState } from 'preact/hooks';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { badgesApi, VOID_ALL_PHRASE } from './badges-api';

/** IT's year-end void of every badge in the district; the phrase must be typed, so it is never one slip away. */
export function VoidAllForm() {
  const { t } = useI18n();
  const [phrase, setPhrase] = useState('');
  const [status, setStatus] = useState('');
  const { working, error, run } = useAction();
  const typed = phrase.trim() === VOID_ALL_PHRASE;

  async function submit(event: Event) {
    event.preventDefault();
    if (!typed) return;
    setStatus('');
    await run(async () => {
      const { voided } = await badgesApi.voidAll(phrase.trim());
      setPhrase('');
      setStatus(t('badges.voidAll.done', { count: voided }));
    });
  }

  return (
    <form class="stacked-form danger-zone" aria-labelledby="void-all-title" onSubmit={submit} noValidate>
      <h2 id="void-all-title">{t('badges.voidAll.title')}</h2>
      <p>{t('badges.voidAll.explain')}</p>
      <label for="void-all-phrase">{t('badges.voidAll.label', { phrase: VOID_ALL_PHRASE })}</label>
      <input
        id="void-all-phrase"
        value={phrase}
        autocomplete="off"
        spellcheck={false}
        onInput={(event) => setPhrase((event.target as HTMLInputElement).value)}
      />
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      <button type="submit" class="secondary danger" disabled={working || !typed}>
        {t('badges.voidAll.submit')}
      </button>
    </form>
  );
}
