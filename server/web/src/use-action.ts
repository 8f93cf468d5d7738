import { useState } from 'preact/hooks';
import { useI18n } from './i18n';

/** A button's job: whether it is running, and the catalog text of its last failure. */
export function useAction() {
  const { errorText } = useI18n();
  const [working, setWorking] = useState(false);
  const [error, setError] = useState('');

  /**
   * Runs `job` unless one is already running (a button that stays enabled, to keep focus, can be clicked
   * twice). A failure becomes `error` and is also handed to `onFailure`, e.g. to list rejected rows.
   */
  async function run(job: () => Promise<void>, onFailure?: (caught: unknown) => void): Promise<void> {
    if (working) return;
    setWorking(true);
    setError('');
    try {
      await job();
    } catch (caught) {
      setError(errorText(caught));
      onFailure?.(caught);
    } finally {
      setWorking(false);
    }
  }

  return { working, error, setError, run };
}
