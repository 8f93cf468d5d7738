import { JsonFileTransfer } from '../../components/JsonFileTransfer';
import { useI18n } from '../../i18n';
import { connectorApi, CONNECTOR_EXPORT_URL } from './connector-api';

/** Sharing connectors with other districts: every connector as one JSON file, out and in. */
export function ConnectorTransfer({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const list = (slugs: string[]) => (slugs.length > 0 ? slugs.join(', ') : t('connectors.noneListed'));
  return (
    <JsonFileTransfer
      name="connector"
      title={t('connectors.transferTitle')}
      exportUrl={CONNECTOR_EXPORT_URL}
      exportFileName="gatehouse-connectors.json"
      exportLabel={t('connectors.export')}
      importLabel={t('connectors.import')}
      importHint={t('connectors.importHint')}
      notJsonText={t('connectors.fileNotJson')}
      send={async (parsed) => {
        const result = await connectorApi.importFile(parsed);
        return t('connectors.imported', { saved: list(result.saved), unchanged: list(result.unchanged) });
      }}
      onImported={onImported}
    />
  );
}
