import { useState } from 'preact/hooks';
import type { BadgeGroup, BadgeStudent } from '../../../../../shared/badges';
import { gradeLabel } from '../../../../../shared/roles';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { ScrollBox } from '../../components/ScrollBox';
import { saveFile } from '../../download';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { useAction } from '../../use-action';
import { BADGES_PATH, badgesApi, useLoaded } from './badges-api';
import { LoadFailure } from './BadgesPage';
import { BadgeStateText } from './BadgeStateText';
import { ConfirmPanel, type PendingAction } from './ConfirmPanel';
import {
  defaultChoices,
  expiresOn,
  groupTarget,
  printRequest,
  sheetFileName,
  type PrintChoices,
  type PrintTarget,
} from './print-choices';
import { PrintOptions } from './PrintOptions';

/** One class or campus: its students' badges, printing a sheet or one badge, and voiding. */
export function BadgeGroupPage({ which }: { which: Pick<BadgeGroup, 'kind' | 'id'> }) {
  const { t } = useI18n();
  const loaded = useLoaded(() => badgesApi.group(which), `${which.kind}:${which.id}`);
  if (loaded.failure) return <LoadFailure failure={loaded.failure} what="group" />;
  if (!loaded.data) return <p role="status">{t('badges.loading')}</p>;
  return <LoadedGroup group={loaded.data.group} students={loaded.data.students} reload={loaded.reload} />;
}

interface LoadedGroupProps {
  group: BadgeGroup;
  students: BadgeStudent[];
  reload(): void;
}

function LoadedGroup({ group, students, reload }: LoadedGroupProps) {
  const { t, locale } = useI18n();
  const [choices, setChoices] = useState<PrintChoices>(() => defaultChoices(group));
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [status, setStatus] = useState('');
  const { working, error, setError, run } = useAction();

  /** Makes the sheet, hands it to the browser as a download, then shows the new states. */
  async function print(target: PrintTarget, fileTitle: string) {
    const expires = expiresOn(choices, group);
    if (expires === undefined) return setError(t('badges.expiry.dateMissing'));
    setPending(null);
    setStatus(t('badges.print.working'));
    await run(
      async () => {
        const request = printRequest(target, choices, expires, locale);
        saveFile(await badgesApi.print(request), sheetFileName(fileTitle));
        setStatus(t('badges.print.done'));
        reload();
      },
      () => setStatus(''),
    );
  }

  async function voidBadges(target: { userId: string } | { classId: string }, doneText: (count: number) => string) {
    setPending(null);
    setStatus('');
    await run(async () => {
      const { voided } = await badgesApi.voidFor(target);
      setStatus(doneText(voided));
      reload();
    });
  }

  function confirm(action: PendingAction) {
    if (action.kind === 'print') return print({ userId: action.student.id }, action.student.displayName);
    if (action.kind === 'void')
      return voidBadges({ userId: action.student.id }, () =>
        t('badges.void.done', { name: action.student.displayName }),
      );
    return voidBadges({ classId: group.id }, (count) => t('badges.voidClass.done', { count }));
  }

  const eligible = students.filter((student) => student.eligible);
  return (
    <section aria-labelledby="badge-group-title">
      <p>
        <a href={BADGES_PATH} onClick={onLinkClick}>
          {t('badges.allGroups')}
        </a>
      </p>
      <h1 id="badge-group-title">{group.title}</h1>
      <p class="hint">{group.campusName}</p>
      <form
        class="stacked-form"
        aria-labelledby="badge-print-title"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void print(groupTarget(group), group.title);
        }}
      >
        <h2 id="badge-print-title">{t('badges.print.title')}</h2>
        <PrintOptions group={group} choices={choices} onChange={setChoices} />
        <p class="hint">{t('badges.print.replaces')}</p>
        <button type="submit" disabled={working || eligible.length === 0}>
          {t(group.kind === 'class' ? 'badges.print.class' : 'badges.print.campus')}
        </button>
      </form>
      <ErrorMessage message={error} />
      <p class={working ? 'status badge-busy' : 'status'} role="status">
        {working && <span class="spinner" aria-hidden="true" />}
        {status}
      </p>
      {pending && (
        <ConfirmPanel action={pending} onConfirm={() => void confirm(pending)} onClose={() => setPending(null)} />
      )}
      <h2 id="badge-students-title">{t('badges.students.title')}</h2>
      {students.length === 0 ? (
        <p>{t('badges.students.none')}</p>
      ) : (
        <ScrollBox label={t('badges.students.title')}>
          <table class="data badge-students" aria-labelledby="badge-students-title">
            <thead>
              <tr>
                <th scope="col">{t('badges.students.name')}</th>
                <th scope="col" class="grade">
                  {t('badges.students.grade')}
                </th>
                <th scope="col">{t('badges.students.badge')}</th>
                <th scope="col">{t('badges.students.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {students.map((student) => (
                <tr key={student.id}>
                  <th scope="row">
                    {student.displayName}
                    <span class="hint"> ({student.username})</span>
                    {student.grade !== null && (
                      <span class="hint grade-inline">
                        {t('badges.students.grade')} {gradeLabel(student.grade)}
                      </span>
                    )}
                  </th>
                  <td class="grade">{student.grade === null ? '' : gradeLabel(student.grade)}</td>
                  <td class="state">
                    <BadgeStateText student={student} />
                  </td>
                  <td>
                    {student.eligible && (
                      <div class="actions">
                        <button
                          type="button"
                          class="secondary"
                          disabled={working}
                          onClick={() => setPending({ kind: 'print', student })}
                        >
                          {t(student.badge.status === 'none' ? 'badges.student.print' : 'badges.student.reprint')}
                        </button>
                        {student.badge.status === 'active' && (
                          <button
                            type="button"
                            class="secondary danger"
                            disabled={working}
                            onClick={() => setPending({ kind: 'void', student })}
                          >
                            {t('badges.student.void')}
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {group.kind === 'class' && students.some((student) => student.badge.status === 'active') && (
        <p>
          <button
            type="button"
            class="secondary danger"
            disabled={working}
            onClick={() => setPending({ kind: 'voidClass', group })}
          >
            {t('badges.voidClass.button')}
          </button>
        </p>
      )}
    </section>
  );
}
