import { ROSTER_KINDS, type RosterProblem, type RosterReport } from '../../../../../shared/roster';
import { ScrollBox } from '../../components/ScrollBox';
import { useI18n } from '../../i18n';

const CHANGES = ['added', 'changed', 'deactivated', 'reactivated', 'unchanged'] as const;
const SAMPLES = ['added', 'changed', 'deactivated', 'reactivated'] as const;

/** A sync's diff: counts per kind, who is affected (a sample), the hold and every warning or error with its place. */
export function RosterReportView({ report, idPrefix }: { report: RosterReport; idPrefix: string }) {
  const { t } = useI18n();
  const refused = report.outcome === 'refused';
  return (
    <div class="roster-report">
      {report.hold && <HoldNotice hold={report.hold} />}
      {!refused && (
        <ScrollBox label={t('roster.counts')}>
          <table class="data">
            <caption>{t('roster.counts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('roster.kind')}</th>
                {CHANGES.map((change) => (
                  <th scope="col" key={change}>
                    {t(`roster.change.${change}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ROSTER_KINDS.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{t(`roster.kind.${kind}`)}</th>
                  {CHANGES.map((change) => (
                    <td key={change}>{report.counts[kind][change]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {report.skippedGuardians > 0 && <p>{t('roster.guardiansSkipped', { count: report.skippedGuardians })}</p>}
      {!refused && <Samples report={report} idPrefix={idPrefix} />}
      <ProblemTable caption={t('roster.errors', { count: report.errors.length })} problems={report.errors} />
      <ProblemTable
        caption={t('roster.warnings', { count: report.warningCount })}
        problems={report.warnings}
        more={report.warningCount - report.warnings.length}
      />
    </div>
  );
}

function HoldNotice({ hold }: { hold: NonNullable<RosterReport['hold']> }) {
  const { t } = useI18n();
  const params = {
    deactivating: hold.deactivating,
    active: hold.active,
    limit: Math.round(hold.limit * 100),
    campus: hold.campus ?? '',
    kind: hold.kind ? t(`roster.kind.${hold.kind}`).toLowerCase() : '',
  };
  return (
    <p class="roster-hold">
      <strong>{t('roster.hold.title')}</strong> {t(`roster.hold.${hold.reason}`, params)}
    </p>
  );
}

function Samples({ report, idPrefix }: { report: RosterReport; idPrefix: string }) {
  const { t } = useI18n();
  const shown = SAMPLES.filter((change) => report.samples[change].length > 0);
  if (shown.length === 0) return null;
  return (
    <div class="roster-samples">
      {shown.map((change) => (
        <section key={change} aria-labelledby={`${idPrefix}-sample-${change}`}>
          <h3 id={`${idPrefix}-sample-${change}`}>
            {t(`roster.sample.${change}`, { count: report.counts.people[change] })}
          </h3>
          <ul>
            {report.samples[change].map((name, index) => (
              <li key={index}>{name}</li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Warnings or errors as a table: file, line, column, what is wrong (in the page's language). */
function ProblemTable({ caption, problems, more = 0 }: { caption: string; problems: RosterProblem[]; more?: number }) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <ScrollBox label={caption}>
      <table class="data problems-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('roster.file')}</th>
            <th scope="col">{t('problems.line')}</th>
            <th scope="col">{t('problems.column')}</th>
            <th scope="col">{t('problems.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, index) => (
            <tr key={index}>
              <td>
                <code>{problem.file}</code>
              </td>
              <td>{problem.line ?? ''}</td>
              <td>{problem.column ? <code>{problem.column}</code> : ''}</td>
              <td>
                <ProblemText problem={problem} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 && <p class="hint">{t('roster.moreWarnings', { count: more })}</p>}
    </ScrollBox>
  );
}

/** The catalogue's words for the code, with the offending value; the server's English adds the detail in English. */
function ProblemText({ problem }: { problem: RosterProblem }) {
  const { t, locale } = useI18n();
  const words = t(`roster.problem.${problem.code}`);
  return (
    <>
      {words}
      {problem.value !== undefined && problem.value !== '' && (
        <>
          {' '}
          <code>{problem.value}</code>
        </>
      )}
      {locale === 'en' && problem.message && <span class="hint"> ({problem.message})</span>}
    </>
  );
}
