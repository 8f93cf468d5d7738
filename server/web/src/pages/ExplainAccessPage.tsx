import { useEffect, useState } from 'preact/hooks';
import { api, type Tile } from '../api';
import { PersonSearch } from '../components/PersonSearch';
import { useI18n } from '../i18n';

interface Explanation {
  person: { displayName: string };
  app: { name: string };
  granted: boolean;
  summary: string;
  rules: {
    ruleId: string;
    ruleName: string;
    granted: boolean;
    conditions: { kind: string; met: boolean; text: string }[];
  }[];
}

/** IT's troubleshooting page: "why can't this person see this app?" */
export function ExplainAccessPage() {
  const { t, locale, errorText } = useI18n();
  const [apps, setApps] = useState<Tile[]>([]);
  const [personId, setPersonId] = useState('');
  const [appId, setAppId] = useState('');
  const [explanation, setExplanation] = useState<Explanation | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api<{ apps: Tile[] }>('/admin/apps').then(
      (result) => setApps(result.apps),
      (caught) => setError(errorText(caught)),
    );
  }, []);

  async function explain(event: Event) {
    event.preventDefault();
    setError('');
    if (!personId) return setError(t('explain.pickPerson'));
    if (!appId) return setError(t('explain.chooseApp'));
    try {
      const params = new URLSearchParams({ person: personId, app: appId, lang: locale });
      setExplanation(await api<Explanation>(`/admin/explain?${params}`));
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <section aria-labelledby="explain-title">
      <h1 id="explain-title">{t('explain.title')}</h1>
      <p>{t('explain.intro')}</p>
      <form class="explain-form" onSubmit={explain}>
        <PersonSearch
          id="person-search"
          label={t('explain.person')}
          selectedId={personId}
          onSelect={(person) => setPersonId(person?.id ?? '')}
          onError={setError}
        />
        <label for="app-select">{t('explain.app')}</label>
        <select id="app-select" value={appId} onChange={(event) => setAppId((event.target as HTMLSelectElement).value)}>
          <option value="">{t('explain.chooseApp')}</option>
          {apps.map((app) => (
            <option key={app.id} value={app.id}>
              {app.name}
            </option>
          ))}
        </select>
        <button type="submit">{t('explain.submit')}</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite">
        {explanation && (
          <div class={`explanation ${explanation.granted ? 'granted' : 'denied'}`}>
            <p class="summary">
              <strong>{explanation.summary}</strong>
            </p>
            <ul class="rules">
              {explanation.rules.map((rule) => (
                <li key={rule.ruleId}>
                  <p>
                    {t('explain.rule', { rule: rule.ruleName })}:{' '}
                    {rule.granted ? t('explain.ruleGrants') : t('explain.ruleFails')}
                  </p>
                  <ul>
                    {rule.conditions.map((condition, index) => (
                      <li key={index} class={condition.met ? 'met' : 'not-met'}>
                        <span class="visually-hidden">{condition.met ? t('explain.met') : t('explain.notMet')}: </span>
                        <span aria-hidden="true">{condition.met ? '✓' : '✗'} </span>
                        {condition.text}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
