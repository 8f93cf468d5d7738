import { ApiError } from '../api';
import { useI18n } from '../i18n';

/** One problem the server found in what was sent, named by where it is. */
export interface Problem {
  /** The app (connector files) it is about, if any. */
  app?: string;
  /** The line of an uploaded CSV file, counting the header as line 1. */
  line?: number;
  field: string;
  problem: string;
}

/** The problems listed with a failed call, if the server listed any. */
export function problemsIn(error: unknown): Problem[] {
  return error instanceof ApiError && Array.isArray(error.details) ? (error.details as Problem[]) : [];
}

/** Every problem as a list item naming its field, and its app where the list covers several. */
export function ProblemList({ problems, withApp = false }: { problems: Problem[]; withApp?: boolean }) {
  if (problems.length === 0) return null;
  return (
    <ul class="problems">
      {problems.map((item, index) => (
        <li key={index}>
          {withApp && item.app && <span>{item.app} · </span>}
          <code>{item.field}</code>: {item.problem}
        </li>
      ))}
    </ul>
  );
}

/** Rejected CSV rows as a table: line, column, problem. */
export function RejectedRows({ problems }: { problems: Problem[] }) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <table class="data problems-table">
      <caption>{t('problems.rejectedRows')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('problems.line')}</th>
          <th scope="col">{t('problems.column')}</th>
          <th scope="col">{t('problems.problem')}</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((item, index) => (
          <tr key={index}>
            <td>{item.line ?? ''}</td>
            <td>
              <code>{item.field}</code>
            </td>
            <td>{item.problem}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
