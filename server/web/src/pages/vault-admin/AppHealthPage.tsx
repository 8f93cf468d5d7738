import { useI18n } from '../../i18n';
import { ErrorMessage } from '../../components/Messages';
import { useApi, useVaultApps } from '../../use-api';
import type { AppHealth } from './vault-admin-api';
import { ScrollBox } from '../../components/ScrollBox';

/** How launches through stored sign-ins went per app, so IT sees a site that changed its login page. */
export function AppHealthPage() {
  const { t, tOr, locale, formatTime } = useI18n();
  const apps = useVaultApps();
  const health = useApi<{ apps: AppHealth[] }>('/admin/vault/health');
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const appName = (appId: string) => apps.data?.find((app) => app.id === appId)?.name ?? appId;
  const rows = health.data?.apps;

  return (
    <section aria-labelledby="health-title">
      <h1 id="health-title">{t('health.title')}</h1>
      <p>{t('health.intro')}</p>
      <p>{t('health.blameIntro')}</p>
      <ErrorMessage message={health.error} />
      {!health.error && !rows && <p role="status">{t('admin.loading')}</p>}
      {rows?.length === 0 && <p>{t('health.empty')}</p>}
      {rows && rows.length > 0 && (
        <ScrollBox label={t('health.title')}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t('admin.app')}</th>
                <th scope="col">{t('health.launches')}</th>
                <th scope="col">{t('health.succeeded')}</th>
                <th scope="col">{t('health.failed')}</th>
                <th scope="col">{t('health.successRate')}</th>
                <th scope="col">{t('health.failedBy')}</th>
                <th scope="col">{t('health.lastFailure')}</th>
                <th scope="col">{t('health.held')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.appId}>
                  <th scope="row">{appName(row.appId)}</th>
                  <td>{row.launches}</td>
                  <td>{row.succeeded ?? 0}</td>
                  <td>{row.failed ?? 0}</td>
                  <td>{row.successRate === null ? t('health.noOutcomes') : percent.format(row.successRate)}</td>
                  <td>
                    {t('health.failedByCounts', {
                      credential: String(row.failedBy.credential),
                      connector: String(row.failedBy.connector),
                      page: String(row.failedBy.page),
                    })}
                  </td>
                  <td>
                    {row.lastFailure ? (
                      <>
                        {t('health.failureAt', {
                          reason: tOr(`health.reason.${row.lastFailure.reason}`, row.lastFailure.reason),
                          when: formatTime(row.lastFailure.at),
                        })}{' '}
                        <span data-blame={row.lastFailure.blame}>{t(`health.blame.${row.lastFailure.blame}`)}</span>
                      </>
                    ) : (
                      t('health.noFailures')
                    )}
                  </td>
                  <td>{row.heldCredentials}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
