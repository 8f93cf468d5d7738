import type { AppVersionView } from '../../../../../shared/catalog-admin';
import { ScrollBox } from '../../components/ScrollBox';
import { useI18n } from '../../i18n';

/** Every saved state of the app, newest first. */
export function VersionHistory({ versions }: { versions: AppVersionView[] }) {
  const { t, formatTime } = useI18n();
  if (versions.length === 0) return null;
  return (
    <ScrollBox label={t('catalog.versions.title')}>
      <table class="data">
        <caption>{t('catalog.versions.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('catalog.versions.version')}</th>
            <th scope="col">{t('catalog.versions.change')}</th>
            <th scope="col">{t('catalog.versions.when')}</th>
            <th scope="col">{t('catalog.versions.who')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version}>
              <td>{version.version}</td>
              <td>{t(`catalog.versions.change.${version.change}`)}</td>
              <td>{formatTime(version.changedAt)}</td>
              <td>{version.changedBy ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
