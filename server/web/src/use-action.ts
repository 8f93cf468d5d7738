import { useState } from 'preact/hooks';
import { useI18n } from './i18n';

/** A button's job: whether it is running, and the catalog text of its last failure. */
export function useAction() {
  const { errorText } = useI18n();
  const [working, setWorking] = useState(false);
  // A failed call is kept as the error itself, so switching the language re-words it; text set by the
  // page (a check before any call) is shown as given.
  const [failure, setFailure] = useState<{ text: string } | { caught: unknown } | null>(null);
  const error = failure === null ? '' : 'text' in failure ? failure.text : errorText(failure.caught);
  const setError = (text: string) => setFailure(text ? { text } : null);

  /**
   * Runs `job` unless one is already running (a button that stays enabled, to keep focus, can be clicked
   * twice). A failure becomes `error` and is also handed to `onFailure`, e.g. to list rejected rows.
   */
  async function run(job: () => Promise<void>, onFailure?: (caught: unknown) => void): Promise<void> {
    if (working) return;
    setWorking(true);
    setFailure(null);
    try {
      await job();
    } catch (caught) {
      setFailure({ caught });
      onFailure?.(caught);
    } finally {
      setWorking(false);
    }
  }

  return { working, error, setError, run };
}
