import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { useLoaded } from '../badges/badges-api';
import { MY_CLASSES_PATH, peopleApi } from '../people/people-api';

/**
 * Below a teacher's apps: how many of their students need attention, one click from My classes. Says nothing
 * while it loads or if it cannot (the apps are the page's point).
 */
export function MyClassesSummary() {
  const { t } = useI18n();
  const loaded = useLoaded(peopleApi.myClasses, 'my-classes');
  if (!loaded.data) return null;
  const students = loaded.data.classes.flatMap((group) => group.students);
  const needing = new Set(students.filter((student) => student.attention.length > 0).map((student) => student.id));
  return (
    <section class="classes-summary" aria-labelledby="classes-summary-title">
      <h2 id="classes-summary-title">{t('peoplePages.classes.title')}</h2>
      <p>
        {needing.size > 0
          ? t('peoplePages.summary.needing', { count: needing.size })
          : t('peoplePages.summary.allWell')}
      </p>
      <a href={MY_CLASSES_PATH} onClick={onLinkClick}>
        {t('peoplePages.summary.open')}
      </a>
    </section>
  );
}
