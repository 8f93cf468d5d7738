import { useState } from 'preact/hooks';
import type { IdpFacts } from '../../../../../shared/sso-admin';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { CopyableBlock } from '../extension-admin/CopyableBlock';
import { ssoApi } from './sso-api';

const FACTS = [
  ['samlSsoUrl', 'ssoAdmin.idp.samlSso'],
  ['samlSignOutUrl', 'ssoAdmin.idp.samlSignOut'],
  ['samlMetadataUrl', 'ssoAdmin.idp.samlMetadata'],
  ['samlEntityId', 'ssoAdmin.idp.samlEntityId'],
  ['issuer', 'ssoAdmin.idp.issuer'],
  ['discoveryUrl', 'ssoAdmin.idp.discovery'],
  ['oidcSignOutUrl', 'ssoAdmin.idp.oidcSignOut'],
] as const;

/** Gatehouse's own addresses and certificate, to copy into an app's settings; loaded when opened. */
export function IdpFactsPanel() {
  const { t, errorText } = useI18n();
  const [facts, setFacts] = useState<IdpFacts | null>(null);
  const [error, setError] = useState('');

  const opened = (event: Event) => {
    if (!(event.target as HTMLDetailsElement).open || facts) return;
    ssoApi.idp().then(setFacts, (caught) => setError(errorText(caught)));
  };

  return (
    <details class="idp-facts" onToggle={opened}>
      <summary>{t('ssoAdmin.idp.title')}</summary>
      <ErrorMessage message={error} />
      {facts && (
        <>
          {FACTS.map(([field, label]) => (
            <CopyableBlock key={field} id={`idp-${field}`} label={t(label)} text={facts[field]} />
          ))}
          {facts.samlCertificates ? (
            facts.samlCertificates.map((certificate) => (
              <CopyableBlock
                key={certificate.fingerprint}
                id={`idp-certificate-${certificate.fingerprint.slice(0, 8)}`}
                label={t('ssoAdmin.idp.certificate', { fingerprint: certificate.fingerprint })}
                text={certificate.pem}
              />
            ))
          ) : (
            <p class="hint">{t('ssoAdmin.idp.noCertificate')}</p>
          )}
        </>
      )}
    </details>
  );
}
