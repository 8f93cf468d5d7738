import { useState } from 'preact/hooks';
import type { CatalogPreview } from '../../../../../shared/catalog-admin';
import { gradeLabel } from '../../../../../shared/roles';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { toDraft, type EditableDraft } from './app-form';
import { catalogApi } from './catalog-api';

type Side = 'gains' | 'losses';

interface ChangePreviewProps {
  draft: EditableDraft;
  appId: string | undefined;
  preview: CatalogPreview;
}

/** The names of the people who gain and who lose the tile, each side on demand (the editor says the numbers). */
export function ChangePreview({ draft, appId, preview }: ChangePreviewProps) {
  const { t, errorText } = useI18n();
  const [names, setNames] = useState<Partial<Record<Side, CatalogPreview['people']>>>({});
  const [error, setError] = useState('');

  async function showNames(side: Side) {
    setError('');
    try {
      const answer = await catalogApi.preview(toDraft(draft), appId, side);
      setNames((shown) => ({ ...shown, [side]: answer.people ?? [] }));
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <div class="change-preview">
      <ErrorMessage message={error} />
      {(['gains', 'losses'] as const).map((side) => {
        const people = names[side];
        if (preview[side] === 0) return null;
        return (
          <section key={side} aria-labelledby={`preview-${side}`}>
            <h4 id={`preview-${side}`}>{t(`catalog.preview.${side}`, { count: preview[side] })}</h4>
            {people === undefined ? (
              <button type="button" class="secondary" onClick={() => showNames(side)}>
                {t('catalog.preview.showNames')}
                <span class="visually-hidden"> ({t(`catalog.preview.${side}`, { count: preview[side] })})</span>
              </button>
            ) : (
              <ul class="preview-people">
                {people.map((person) => (
                  <li key={person.id}>
                    {person.displayName} ({person.username}) · {t(`role.${person.role}` as 'role.student')}
                    {person.grade !== null && ` · ${t('catalog.preview.grade', { grade: gradeLabel(person.grade) })}`}
                  </li>
                ))}
                {people.length < preview[side] && (
                  <li class="hint">{t('catalog.preview.more', { count: preview[side] - people.length })}</li>
                )}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
