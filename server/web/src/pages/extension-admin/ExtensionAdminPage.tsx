import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useApi } from '../../use-api';
import { CopyableBlock } from './CopyableBlock';
import { EXTENSION_ADMIN_PATH, type ExtensionDeployment } from './extension-admin-api';

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * How IT deploys the browser extension: the id and update URL to enter in Google Admin, the policy to
 * paste, a policy file to test on one computer, and how many old bookmarks the extension has repaired.
 */
export function ExtensionAdminPage() {
  const { t } = useI18n();
  const deployment = useApi<ExtensionDeployment>(EXTENSION_ADMIN_PATH);
  const data = deployment.data;

  return (
    <section aria-labelledby="extension-admin-title">
      <h1 id="extension-admin-title">{t('extensionAdmin.title')}</h1>
      <p>{t('extensionAdmin.intro')}</p>
      <ErrorMessage message={deployment.error} />
      {!deployment.error && !data && <p role="status">{t('admin.loading')}</p>}
      {data && (
        <>
          {!data.portalUrlUsable && <p class="error">{t('extensionAdmin.portalUrlNotHttps')}</p>}
          {data.extensionId === null && <p>{t('extensionAdmin.notBuilt')}</p>}
          <dl class="sign-in-values">
            <dt>{t('extensionAdmin.extensionId')}</dt>
            <dd>{data.extensionId ?? t('extensionAdmin.none')}</dd>
            <dt>{t('extensionAdmin.version')}</dt>
            <dd>{data.version ?? t('extensionAdmin.none')}</dd>
            <dt>{t('extensionAdmin.updateUrl')}</dt>
            <dd>{data.updateUrl}</dd>
          </dl>
          {data.policies && <Policies policies={data.policies} />}
          <BookmarkRepairs repairs={data.bookmarkRepairs} />
        </>
      )}
    </section>
  );
}

function Policies({ policies }: { policies: NonNullable<ExtensionDeployment['policies']> }) {
  const { t } = useI18n();
  return (
    <>
      <section aria-labelledby="extension-google-admin">
        <h2 id="extension-google-admin">{t('extensionAdmin.googleAdminTitle')}</h2>
        <ol>
          <li>{t('extensionAdmin.googleAdminStepOpen')}</li>
          <li>{t('extensionAdmin.googleAdminStepId', { id: policies.extensionId, url: policies.updateUrl })}</li>
          <li>{t('extensionAdmin.googleAdminStepForce')}</li>
          <li>{t('extensionAdmin.googleAdminStepPolicy')}</li>
        </ol>
        <CopyableBlock
          id="extension-policy-json"
          label={t('extensionAdmin.policyForExtensions')}
          text={json(policies.googleAdmin.policyForExtensions)}
        />
        <p class="hint">{t('extensionAdmin.secretHint')}</p>
        <p class="hint">{t('extensionAdmin.aliasesHint')}</p>
      </section>
      <section aria-labelledby="extension-student-settings">
        <h2 id="extension-student-settings">{t('extensionAdmin.studentSettingsTitle')}</h2>
        <p>{t('extensionAdmin.studentSettingsIntro')}</p>
        <ul>
          <li>{t('extensionAdmin.studentDevTools')}</li>
          <li>{t('extensionAdmin.studentPasswordManager')}</li>
        </ul>
      </section>
      <section aria-labelledby="extension-policy-file">
        <h2 id="extension-policy-file">{t('extensionAdmin.policyFileTitle')}</h2>
        <p>
          {t('extensionAdmin.policyFileIntro', {
            chrome: policies.linuxPolicyFiles.chrome,
            chromium: policies.linuxPolicyFiles.chromium,
          })}
        </p>
        <CopyableBlock
          id="extension-linux-policy"
          label={t('extensionAdmin.linuxPolicy')}
          text={json(policies.linuxPolicy)}
        />
        <CopyableBlock id="extension-windows-reg" label={t('extensionAdmin.windowsReg')} text={policies.windowsReg} />
      </section>
    </>
  );
}

function BookmarkRepairs({ repairs }: { repairs: ExtensionDeployment['bookmarkRepairs'] }) {
  const { t, formatTime } = useI18n();
  return (
    <section aria-labelledby="extension-bookmarks">
      <h2 id="extension-bookmarks">{t('extensionAdmin.bookmarksTitle')}</h2>
      <p>
        {repairs.people === 1
          ? t('extensionAdmin.bookmarksRepairedOnePerson', { count: repairs.total })
          : t('extensionAdmin.bookmarksRepaired', { count: repairs.total, people: repairs.people })}
      </p>
      {repairs.last.length > 0 && (
        <table class="data">
          <caption>{t('extensionAdmin.recentRepairs')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('extensionAdmin.when')}</th>
              <th scope="col">{t('extensionAdmin.person')}</th>
              <th scope="col">{t('extensionAdmin.repairedCount')}</th>
            </tr>
          </thead>
          <tbody>
            {repairs.last.map((repair, index) => (
              <tr key={`${repair.at}-${index}`}>
                <td>{formatTime(repair.at)}</td>
                <td>{repair.displayName ?? repair.userId ?? t('extensionAdmin.unknownPerson')}</td>
                <td>{repair.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
