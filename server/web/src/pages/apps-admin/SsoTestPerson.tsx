import { useState } from 'preact/hooks';
import type { SsoPreview } from '../../../../../shared/sso-admin';
import { ErrorMessage } from '../../components/Messages';
import { PersonSearch, type PersonSummary } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { ssoApi } from './sso-api';

/** "Sign in as a test person": pick someone and see exactly what the app would receive, and whether they may go. */
export function SsoTestPerson({ appId, version }: { appId: string; version: number }) {
  const { t } = useI18n();
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [preview, setPreview] = useState<{ of: string; result: SsoPreview } | null>(null);
  const { working, error, setError, run } = useAction();
  // A preview made before the registration changed is not shown as if it were current.
  const current = preview?.of === `${version}:${person?.id}` ? preview.result : null;

  const show = () =>
    person &&
    run(async () => setPreview({ of: `${version}:${person.id}`, result: await ssoApi.preview(appId, person.id) }));

  return (
    <section class="sso-test" aria-labelledby="sso-test-title">
      <h4 id="sso-test-title">{t('ssoAdmin.test.title')}</h4>
      <p class="hint">{t('ssoAdmin.test.hint')}</p>
      <PersonSearch
        id="sso-test-person"
        label={t('ssoAdmin.test.person')}
        selectedId={person?.id ?? ''}
        onSelect={setPerson}
        onError={setError}
      />
      <div class="button-row">
        <button type="button" onClick={show} disabled={!person || working}>
          {t('ssoAdmin.test.show')}
        </button>
      </div>
      <ErrorMessage message={error} />
      <div role="status">{current && <PreviewResult preview={current} />}</div>
    </section>
  );
}

function PreviewResult({ preview }: { preview: SsoPreview }) {
  const { t } = useI18n();
  const name = preview.person.displayName;
  const { assertion } = preview;
  return (
    <div class="sso-preview">
      <p>
        <strong>{t(preview.entitled ? 'ssoAdmin.test.entitled' : 'ssoAdmin.test.notEntitled', { name })}</strong>
      </p>
      {preview.explanation && (
        <>
          <p>{preview.explanation.summary}</p>
          <ul>
            {preview.explanation.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      )}
      {preview.problem === 'no_identifier' && <p>{t('ssoAdmin.test.noIdentifier', { name })}</p>}
      {assertion && (
        <>
          <p>
            {t('ssoAdmin.test.subject')}: <code>{assertion.subject}</code>
          </p>
          {assertion.claims.length === 0 ? (
            <p>{t('ssoAdmin.test.noClaims')}</p>
          ) : (
            <div class="table-scroll">
              <table>
                <caption>{t('ssoAdmin.test.claimsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('ssoAdmin.test.claimName')}</th>
                    <th scope="col">{t('ssoAdmin.test.claimValue')}</th>
                  </tr>
                </thead>
                <tbody>
                  {assertion.claims.map((claim) => (
                    <tr key={claim.claim}>
                      <th scope="row">
                        <code>{claim.name}</code>
                      </th>
                      <td>{Array.isArray(claim.value) ? claim.value.join(', ') : String(claim.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h5>{t(assertion.idToken ? 'ssoAdmin.test.idToken' : 'ssoAdmin.test.samlAssertion')}</h5>
          <pre class="code" tabIndex={0}>
            {assertion.idToken ? JSON.stringify(assertion.idToken, null, 2) : assertion.samlAssertion}
          </pre>
        </>
      )}
    </div>
  );
}
