import { useEffect, useState } from 'preact/hooks';

/** Long enough to read a sentence twice; a result left on screen for good reads as still happening. */
export const STATUS_CLEARS_AFTER_MS = 10_000;

/**
 * A status line that clears itself after a while. Setting '' clears it at once, e.g. at the person's next
 * action; setting the same text again shows it for the full time again.
 */
export function useTransientMessage(clearsAfterMs = STATUS_CLEARS_AFTER_MS): [string, (message: string) => void] {
  const [shown, setShown] = useState({ message: '', round: 0 });
  useEffect(() => {
    if (!shown.message) return;
    const timer = setTimeout(() => setShown((current) => ({ ...current, message: '' })), clearsAfterMs);
    return () => clearTimeout(timer);
  }, [shown]);
  return [shown.message, (message) => setShown((current) => ({ message, round: current.round + 1 }))];
}
