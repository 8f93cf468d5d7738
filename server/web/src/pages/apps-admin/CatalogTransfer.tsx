import { JsonFileTransfer } from '../../components/JsonFileTransfer';
import { useI18n } from '../../i18n';
import { catalogApi, CATALOG_EXPORT_URL } from './catalog-api';

/** The whole catalog as one JSON file: out, and in (checked whole by the server, saved all or nothing). */
export function CatalogTransfer({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const list = (slugs: string[] | undefined) =>
    slugs && slugs.length > 0 ? slugs.join(', ') : t('catalog.import.noneListed');
  return (
    <JsonFileTransfer
      name="catalog"
      title={t('catalog.transfer.title')}
      exportUrl={CATALOG_EXPORT_URL}
      exportFileName="gatehouse-catalog.json"
      exportLabel={t('catalog.export')}
      importLabel={t('catalog.import.label')}
      importHint={t('catalog.import.hint')}
      notJsonText={t('catalog.import.notJson')}
      refusedSuffix={t('catalog.import.nothingSaved')}
      send={async (parsed) => {
        const result = await catalogApi.importFile(parsed);
        return t('catalog.import.done', {
          created: list(result.created),
          updated: list(result.updated),
          retired: list(result.retired),
        });
      }}
      onImported={onImported}
    />
  );
}
