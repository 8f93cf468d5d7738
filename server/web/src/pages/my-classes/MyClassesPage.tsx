import { useState } from 'preact/hooks';
import type { Attention, MyClassesResponse } from '../../../../../shared/people';
import { gradeLabel } from '../../../../../shared/roles';
import type { Right } from '../../../../../shared/rights';
import { ErrorMessage } from '../../components/Messages';
import { saveFile } from '../../download';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { useAction } from '../../use-action';
import { accountsApi, sheetFileName as accountSheetName } from '../accounts/accounts-api';
import { badgesApi, groupPath as badgeGroupPath, useLoaded } from '../badges/badges-api';
import { sheetFileName as badgeSheetName } from '../badges/print-choices';
import { PeopleLoadFailure } from '../people/PeoplePage';
import { peopleApi, personPath, troubleshootPath } from '../people/people-api';

type ClassView = MyClassesResponse['classes'][number];
type Student = ClassView['students'][number];

export const MY_CLASSES_TITLE_ID = 'my-classes-title';

/** A teacher's home: each class with its students, those who need attention first, and the class's sheets. */
export function MyClassesPage() {
  const { t } = useI18n();
  const loaded = useLoaded(peopleApi.myClasses, 'my-classes');
  if (loaded.failure) return <PeopleLoadFailure failure={loaded.failure} />;
  if (!loaded.data) return <p role="status">{t('peoplePages.loading')}</p>;
  const { classes, rights } = loaded.data;
  return (
    <section aria-labelledby={MY_CLASSES_TITLE_ID}>
      <h1 id={MY_CLASSES_TITLE_ID}>{t('peoplePages.classes.title')}</h1>
      <p>
        {t('peoplePages.classes.intro')}{' '}
        <a href="/" onClick={onLinkClick}>
          {t('peoplePages.classes.myApps')}
        </a>
      </p>
      {classes.length === 0 && <p>{t('peoplePages.classes.none')}</p>}
      {classes.map((group) => (
        <ClassSection key={group.id} group={group} rights={rights} reload={loaded.reload} />
      ))}
    </section>
  );
}

/** Students who need attention first; otherwise in the server's order (a stable sort keeps it). */
function attentionFirst(students: Student[]): Student[] {
  return [...students].sort((a, b) => Number(b.attention.length > 0) - Number(a.attention.length > 0));
}

function ClassSection({ group, rights, reload }: { group: ClassView; rights: Right[]; reload(): void }) {
  const { t } = useI18n();
  const titleId = `class-${group.id}-title`;
  const needing = group.students.filter((student) => student.attention.length > 0).length;
  return (
    <section class="my-class" aria-labelledby={titleId}>
      <h2 id={titleId}>{group.title}</h2>
      <p class="hint">
        {group.campusName} · {t('accounts.studentCount', { count: group.students.length })}
        {needing > 0 && ` · ${t('peoplePages.classes.needing', { count: needing })}`}
      </p>
      {rights.includes('print_badges') && <ClassSheets group={group} reload={reload} />}
      {group.students.length === 0 ? (
        <p>{t('accounts.students.none')}</p>
      ) : (
        <ul class="my-class-students" aria-label={t('peoplePages.classes.studentsOf', { title: group.title })}>
          {attentionFirst(group.students).map((student) => (
            <StudentItem key={student.id} student={student} />
          ))}
        </ul>
      )}
    </section>
  );
}

function StudentItem({ student }: { student: Student }) {
  const { t } = useI18n();
  const needs = student.attention.length > 0;
  return (
    <li class={needs ? 'needs-attention' : undefined}>
      <a href={personPath(student.id)} onClick={onLinkClick}>
        {student.displayName}
      </a>
      <span class="hint">
        {' '}
        ({student.username})
        {student.grade !== null && ` · ${t('peoplePages.grade', { grade: gradeLabel(student.grade) })}`}
      </span>
      {needs && (
        <>
          <ul class="attention">
            {student.attention.map((reason: Attention) => (
              <li key={reason}>{t(`peoplePages.attention.${reason}`)}</li>
            ))}
          </ul>
          <a href={troubleshootPath(student.id)} onClick={onLinkClick}>
            {t('peoplePages.why.link', { name: student.displayName })}
          </a>
        </>
      )}
    </li>
  );
}

/** One click each: badges for whoever has no working one, and the class's credentials sheet. */
function ClassSheets({ group, reload }: { group: ClassView; reload(): void }) {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState('');
  const { working, error, run } = useAction();

  async function download(working: string, make: () => Promise<Blob>, fileName: string, done: string) {
    setStatus(working);
    await run(
      async () => {
        saveFile(await make(), fileName);
        setStatus(done);
        reload();
      },
      () => setStatus(''),
    );
  }

  const target = { classId: group.id };
  return (
    <div class="my-class-sheets">
      <div class="button-row">
        <button
          type="button"
          class="secondary"
          disabled={working}
          onClick={() =>
            void download(
              t('badges.print.working'),
              () =>
                badgesApi.print({ ...target, layout: 'labels', onlyMissing: true, expiresOn: null, language: locale }),
              badgeSheetName(group.title),
              t('badges.print.done'),
            )
          }
        >
          {t('peoplePages.classes.missingBadges')}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={working}
          onClick={() =>
            void download(
              t('accounts.credentials.working'),
              () => accountsApi.credentials(target, locale),
              accountSheetName('credentials', group.title),
              t('accounts.credentials.done'),
            )
          }
        >
          {t('peoplePages.classes.credentials')}
        </button>
      </div>
      <a href={badgeGroupPath({ kind: 'class', id: group.id })} onClick={onLinkClick}>
        {t('peoplePages.classes.moreBadgeChoices')}
      </a>
      <ErrorMessage message={error} />
      <p class={working ? 'status badge-busy' : 'status'} role="status">
        {working && <span class="spinner" aria-hidden="true" />}
        {status}
      </p>
    </div>
  );
}
