import type { ConnectorTestRunView } from '../../../../../shared/connector-tests';
import type { MessageKey, MessageParams } from '../../../../../shared/i18n';
import { CREDENTIAL_FIELDS } from '../../../../../shared/connectors/connector';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** A test run in words: where it stands or how it ended, whom a failure points at, and what the extension saw. */
export interface TestRunWords {
  summary: string;
  alreadySignedIn: string | null;
  blame: string | null;
  seen: string[];
  /** True while the run may still change: the page keeps asking. */
  pending: boolean;
}

/** App health's words for a reason, as the middle of a sentence. */
const reasonInSentence = (reason: string) => reason.charAt(0).toLowerCase() + reason.slice(1);

function outcomeWords(run: ConnectorTestRunView, t: Translate): string {
  if (run.outcome !== 'failed') return t(`connectorTest.outcome.${run.outcome ?? 'none'}`);
  return t('connectorTest.outcome.failed', {
    reason: reasonInSentence(t(`health.reason.${run.reason ?? 'timed_out'}`)),
  });
}

function seenWords({ seen }: ConnectorTestRunView, t: Translate): string[] {
  if (!seen) return [t('connectorTest.seen.unknown')];
  const fields = CREDENTIAL_FIELDS.flatMap((field) => {
    const state = seen.fields[field];
    return state ? [t(`connectorTest.seen.${state}`, { field: t(`connectorTest.seen.field.${field}`) })] : [];
  });
  return [
    ...(seen.step > 0 ? [t('connectorTest.seen.step', { number: seen.step + 1 })] : []),
    ...fields,
    t(`connectorTest.seen.submit.${seen.submit}`),
    t(`connectorTest.seen.signal.${seen.signal}`),
  ];
}

export function describeTestRun(run: ConnectorTestRunView, t: Translate): TestRunWords {
  if (run.state !== 'finished') {
    return {
      summary: t(`connectorTest.state.${run.state}`),
      alreadySignedIn: null,
      blame: null,
      seen: [],
      pending: run.state !== 'expired',
    };
  }
  return {
    summary: outcomeWords(run, t),
    alreadySignedIn: run.seen?.alreadySignedIn ? t('connectorTest.alreadySignedIn') : null,
    blame: run.blame ? t(`connectorTest.blame.${run.blame}`) : null,
    seen: seenWords(run, t),
    pending: false,
  };
}
