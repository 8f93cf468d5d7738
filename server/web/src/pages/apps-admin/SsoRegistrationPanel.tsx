import { useEffect, useState } from 'preact/hooks';
import {
  ASSERTION_CLAIMS,
  NAME_ID_FORMATS,
  SUBJECT_IDENTIFIERS,
  type AssertionClaim,
  type NameIdFormat,
  type SsoRegistrationBody,
  type SsoRegistrationView,
  type SubjectIdentifier,
} from '../../../../../shared/federation';
import type { AdminApp } from '../../../../../shared/catalog-admin';
import { ApiError } from '../../api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { CopyableBlock } from '../extension-admin/CopyableBlock';
import { IdpFactsPanel } from './IdpFactsPanel';
import { ssoApi } from './sso-api';
import { SsoTestPerson } from './SsoTestPerson';

interface SsoForm {
  protocol: 'oidc' | 'saml';
  redirectUris: string;
  logoutUris: string;
  publicClient: boolean;
  metadata: string;
  nameIdFormat: NameIdFormat;
  subject: SubjectIdentifier;
  claims: AssertionClaim[];
  attributeNames: Partial<Record<AssertionClaim, string>>;
}

const BLANK: SsoForm = {
  protocol: 'oidc',
  redirectUris: '',
  logoutUris: '',
  publicClient: false,
  metadata: '',
  nameIdFormat: 'emailAddress',
  subject: 'email',
  claims: ['email', 'given_name', 'family_name'],
  attributeNames: {},
};

function formOf(registration: SsoRegistrationView, metadata: string | null): SsoForm {
  return {
    ...BLANK,
    protocol: registration.protocol,
    redirectUris: registration.oidc?.redirectUris.join('\n') ?? '',
    logoutUris: registration.oidc?.postLogoutRedirectUris.join('\n') ?? '',
    publicClient: registration.oidc?.publicClient ?? false,
    metadata: metadata ?? '',
    nameIdFormat: registration.saml?.nameIdFormat ?? BLANK.nameIdFormat,
    subject: registration.subject,
    claims: registration.claims,
    attributeNames: registration.saml?.attributeNames ?? {},
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function bodyOf(form: SsoForm): SsoRegistrationBody {
  const common = { subject: form.subject, claims: form.claims };
  if (form.protocol === 'oidc')
    return {
      protocol: 'oidc',
      redirectUris: lines(form.redirectUris),
      postLogoutRedirectUris: lines(form.logoutUris),
      publicClient: form.publicClient,
      ...common,
    };
  const attributeNames = Object.fromEntries(
    form.claims.flatMap((claim) =>
      form.attributeNames[claim]?.trim() ? [[claim, form.attributeNames[claim]!.trim()]] : [],
    ),
  );
  return { protocol: 'saml', metadata: form.metadata, nameIdFormat: form.nameIdFormat, attributeNames, ...common };
}

/**
 * The Apps page's "SSO sign-in" section for an app of kind SSO: register it as an OIDC client or a SAML service
 * provider, see a new client secret once, test it as a person, and read Gatehouse's own addresses.
 */
export function SsoRegistrationPanel({ app }: { app: AdminApp }) {
  const { t, errorText } = useI18n();
  const [registration, setRegistration] = useState<SsoRegistrationView | null | undefined>(undefined);
  const [form, setFormState] = useState<SsoForm>(BLANK);
  const [secret, setSecret] = useState('');
  const [status, setStatus] = useState('');
  const [stale, setStale] = useState(false);
  const { working, error, setError, run } = useAction();
  const setForm = (change: Partial<SsoForm>) => setFormState((current) => ({ ...current, ...change }));

  function load() {
    setStale(false);
    setError('');
    ssoApi.get(app.id).then(
      ({ registration: found, metadata }) => {
        setRegistration(found);
        setFormState(formOf(found, metadata));
      },
      (caught) => {
        if (caught instanceof ApiError && caught.status === 404) return setRegistration(null);
        setError(errorText(caught));
      },
    );
  }
  useEffect(load, [app.id]);

  const failed = (caught: unknown) => setStale(caught instanceof ApiError && caught.code === 'stale_version');
  const saved = (answer: { registration: SsoRegistrationView; clientSecret?: string }) => {
    setRegistration(answer.registration);
    setSecret(answer.clientSecret ?? '');
    setStatus(t('ssoAdmin.saved'));
  };

  const save = (event: Event) => {
    event.preventDefault();
    setStatus('');
    return run(async () => saved(await ssoApi.save(app.id, bodyOf(form), registration?.version ?? 0)), failed);
  };
  const rotate = () => {
    if (!registration || !window.confirm(t('ssoAdmin.secret.rotateConfirm'))) return;
    return run(async () => saved(await ssoApi.rotateSecret(app.id, registration.version)), failed);
  };
  const remove = () => {
    if (!registration || !window.confirm(t('ssoAdmin.removeConfirm'))) return;
    return run(async () => {
      await ssoApi.remove(app.id, registration.version);
      setRegistration(null);
      setSecret('');
      setFormState(BLANK);
      setStatus(t('ssoAdmin.removed'));
    }, failed);
  };

  async function readFile(event: Event) {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) setForm({ metadata: await file.text() });
  }

  const toggleClaim = (claim: AssertionClaim, on: boolean) =>
    setForm({ claims: on ? [...form.claims, claim] : form.claims.filter((each) => each !== claim) });

  return (
    <section class="sso-registration" aria-labelledby="sso-title">
      <h3 id="sso-title">{t('ssoAdmin.title')}</h3>
      <p class="hint">{t('ssoAdmin.intro')}</p>
      {registration === undefined && !error && <p role="status">{t('ssoAdmin.loading')}</p>}
      {registration !== undefined && (
        <>
          <RegistrationSummary registration={registration} />
          {secret && (
            <div class="secret-once" role="alert">
              <p>
                <strong>{t('ssoAdmin.secret.warning')}</strong>
              </p>
              <CopyableBlock id="sso-client-secret" label={t('ssoAdmin.secret.title')} text={secret} />
            </div>
          )}
          <form class="stacked-form" onSubmit={save} noValidate>
            <fieldset>
              <legend>{t('ssoAdmin.protocol')}</legend>
              {(['oidc', 'saml'] as const).map((protocol) => (
                <label key={protocol} class="check">
                  <input
                    type="radio"
                    name="sso-protocol"
                    checked={form.protocol === protocol}
                    onChange={() => setForm({ protocol })}
                  />
                  {t(`ssoAdmin.protocol.${protocol}`)}
                </label>
              ))}
            </fieldset>
            {form.protocol === 'oidc' ? (
              <>
                <label for="sso-redirect-uris">{t('ssoAdmin.redirectUris')}</label>
                <textarea
                  id="sso-redirect-uris"
                  rows={3}
                  spellcheck={false}
                  aria-describedby="sso-redirect-uris-hint"
                  value={form.redirectUris}
                  onInput={(event) => setForm({ redirectUris: (event.target as HTMLTextAreaElement).value })}
                />
                <p id="sso-redirect-uris-hint" class="hint">
                  {t('ssoAdmin.redirectUrisHint')}
                </p>
                <label for="sso-logout-uris">{t('ssoAdmin.logoutUris')}</label>
                <textarea
                  id="sso-logout-uris"
                  rows={2}
                  spellcheck={false}
                  value={form.logoutUris}
                  onInput={(event) => setForm({ logoutUris: (event.target as HTMLTextAreaElement).value })}
                />
                <label class="check">
                  <input
                    type="checkbox"
                    checked={form.publicClient}
                    aria-describedby="sso-public-hint"
                    onChange={(event) => setForm({ publicClient: (event.target as HTMLInputElement).checked })}
                  />
                  {t('ssoAdmin.publicClient')}
                </label>
                <p id="sso-public-hint" class="hint">
                  {t('ssoAdmin.publicClientHint')}
                </p>
              </>
            ) : (
              <>
                <label for="sso-metadata">{t('ssoAdmin.metadata')}</label>
                <textarea
                  id="sso-metadata"
                  class="code"
                  rows={6}
                  spellcheck={false}
                  aria-describedby="sso-metadata-hint"
                  value={form.metadata}
                  onInput={(event) => setForm({ metadata: (event.target as HTMLTextAreaElement).value })}
                />
                <p id="sso-metadata-hint" class="hint">
                  {t('ssoAdmin.metadataHint')}
                </p>
                <label for="sso-metadata-file">{t('ssoAdmin.metadataFile')}</label>
                <input id="sso-metadata-file" type="file" accept=".xml,application/xml,text/xml" onChange={readFile} />
                <label for="sso-name-id-format">{t('ssoAdmin.nameIdFormat')}</label>
                <select
                  id="sso-name-id-format"
                  value={form.nameIdFormat}
                  onChange={(event) =>
                    setForm({ nameIdFormat: (event.target as HTMLSelectElement).value as NameIdFormat })
                  }
                >
                  {(Object.keys(NAME_ID_FORMATS) as NameIdFormat[]).map((format) => (
                    <option key={format} value={format}>
                      {t(`ssoAdmin.nameIdFormat.${format}`)}
                    </option>
                  ))}
                </select>
              </>
            )}
            <fieldset>
              <legend>{t('ssoAdmin.subject')}</legend>
              {SUBJECT_IDENTIFIERS.map((subject) => (
                <label key={subject} class="check">
                  <input
                    type="radio"
                    name="sso-subject"
                    checked={form.subject === subject}
                    aria-describedby={`sso-subject-${subject}-hint`}
                    onChange={() => setForm({ subject })}
                  />
                  {t(`ssoAdmin.subject.${subject}`)}
                  <span id={`sso-subject-${subject}-hint`} class="hint">
                    {' '}
                    — {t(`ssoAdmin.subject.${subject}Hint`)}
                  </span>
                </label>
              ))}
            </fieldset>
            <fieldset aria-describedby="sso-claims-hint">
              <legend>{t('ssoAdmin.claims')}</legend>
              <p id="sso-claims-hint" class="hint">
                {t('ssoAdmin.claimsHint')}
              </p>
              {ASSERTION_CLAIMS.map((claim) => (
                <div key={claim}>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={form.claims.includes(claim)}
                      onChange={(event) => toggleClaim(claim, (event.target as HTMLInputElement).checked)}
                    />
                    {t(`ssoAdmin.claim.${claim}`)}
                  </label>
                  {form.protocol === 'saml' && form.claims.includes(claim) && (
                    <input
                      id={`sso-attribute-${claim}`}
                      class="attribute-name"
                      aria-label={t('ssoAdmin.attributeName', { claim: t(`ssoAdmin.claim.${claim}`) })}
                      placeholder={claim}
                      value={form.attributeNames[claim] ?? ''}
                      onInput={(event) =>
                        setForm({
                          attributeNames: { ...form.attributeNames, [claim]: (event.target as HTMLInputElement).value },
                        })
                      }
                    />
                  )}
                </div>
              ))}
            </fieldset>
            <div class="button-row">
              <button type="submit" disabled={working}>
                {t('ssoAdmin.save')}
              </button>
              {registration?.oidc && !registration.oidc.publicClient && (
                <button type="button" class="secondary" onClick={rotate} disabled={working}>
                  {t('ssoAdmin.secret.rotate')}
                </button>
              )}
              {registration && (
                <button type="button" class="secondary" onClick={remove} disabled={working}>
                  {t('ssoAdmin.remove')}
                </button>
              )}
            </div>
            <StatusMessage message={status} />
          </form>
          {registration && <SsoTestPerson appId={app.id} version={registration.version} />}
        </>
      )}
      <ErrorMessage message={stale ? t('ssoAdmin.stale') : error}>
        {stale && (
          <button type="button" class="secondary" onClick={load}>
            {t('ssoAdmin.reload')}
          </button>
        )}
      </ErrorMessage>
      <IdpFactsPanel />
    </section>
  );
}

/** What is registered now: the client id, or the entity id and ACS read from the metadata. */
function RegistrationSummary({ registration }: { registration: SsoRegistrationView | null }) {
  const { t } = useI18n();
  if (!registration) return <p>{t('ssoAdmin.notRegistered')}</p>;
  const { oidc, saml, version } = registration;
  return (
    <div class="sso-summary">
      <p>{t(oidc ? 'ssoAdmin.registeredOidc' : 'ssoAdmin.registeredSaml', { version })}</p>
      <dl>
        {oidc && (
          <>
            <dt>{t('ssoAdmin.clientId')}</dt>
            <dd>
              <code>{oidc.clientId}</code>
            </dd>
          </>
        )}
        {saml && (
          <>
            <dt>{t('ssoAdmin.entityId')}</dt>
            <dd>
              <code>{saml.entityId}</code>
            </dd>
            <dt>{t('ssoAdmin.acs')}</dt>
            {saml.acsEndpoints.map((acs) => (
              <dd key={`${acs.binding}${acs.location}`}>
                <code>{acs.location}</code> ({acs.binding.toUpperCase()}){' '}
                {acs.isDefault ? t('ssoAdmin.acsDefault') : ''}
              </dd>
            ))}
          </>
        )}
      </dl>
    </div>
  );
}
