import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ScrollBox } from '../components/ScrollBox';
import { useI18n } from '../i18n';

interface AuditEvent {
  id: number;
  at: number;
  action: string;
  outcome: 'success' | 'failure';
  actorUsername: string | null;
  subjectUsername: string | null;
  appName: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

/** The audit trail for IT: newest first, older pages on request. */
export function AuditLogPage() {
  const { t, tOr, locale, errorText } = useI18n();
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState('');

  async function load(before: number | null) {
    try {
      const page = await api<{ events: AuditEvent[]; nextBefore: number | null }>(
        `/admin/audit?limit=50${before ? `&before=${before}` : ''}`,
      );
      setEvents((current) => [...(before ? (current ?? []) : []), ...page.events]);
      setNextBefore(page.nextBefore);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => void load(null), []);

  const actionLabel = (action: string) => tOr(`audit.action.${action}`, action);
  const detailText = (detail: AuditEvent['detail']) => {
    if (!detail) return '';
    const parts: string[] = [];
    if (typeof detail.method === 'string') parts.push(tOr(`audit.method.${detail.method}`, detail.method));
    if (typeof detail.reason === 'string') parts.push(tOr(`audit.reason.${detail.reason}`, detail.reason));
    if (typeof detail.granted === 'boolean')
      parts.push(t(detail.granted ? 'audit.detail.granted' : 'audit.detail.denied'));
    if (typeof detail.results === 'number') parts.push(t('audit.detail.results', { count: detail.results }));
    return parts.join(' · ');
  };
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!error && events === null && <p role="status">{t('audit.loading')}</p>}
      {events?.length === 0 && <p>{t('audit.empty')}</p>}
      {events && events.length > 0 && (
        <ScrollBox label={t('audit.title')}>
          <table class="audit">
            <thead>
              <tr>
                {(
                  [
                    'audit.when',
                    'audit.action',
                    'audit.outcome',
                    'audit.actor',
                    'audit.subject',
                    'audit.app',
                    'audit.address',
                    'audit.details',
                  ] as const
                ).map((key) => (
                  <th key={key} scope="col">
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} class={event.outcome}>
                  <td>{when.format(event.at)}</td>
                  <td>{actionLabel(event.action)}</td>
                  <td>{t(`audit.outcome.${event.outcome}`)}</td>
                  <td>{event.actorUsername ?? ''}</td>
                  <td>{event.subjectUsername ?? ''}</td>
                  <td>{event.appName ?? ''}</td>
                  <td>{event.ip ?? ''}</td>
                  <td>{detailText(event.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {nextBefore !== null && (
        <button type="button" onClick={() => load(nextBefore)}>
          {t('audit.loadMore')}
        </button>
      )}
    </section>
  );
}
