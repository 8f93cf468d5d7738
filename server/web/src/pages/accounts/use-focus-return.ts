import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Gives focus back to the button that asked for a confirmation once its action is over. The confirmation panel
 * cannot: it closes while that button is disabled (the action running), and a result dialog may follow it.
 */
export function useFocusReturn(busy: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  const [waiting, setWaiting] = useState(false);
  useEffect(() => {
    if (!waiting || busy) return;
    setWaiting(false);
    if (opener.current?.isConnected) opener.current.focus();
  }, [waiting, busy]);
  return {
    /** Call as the confirmation opens. */
    remember() {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    /** Call as the confirmed action starts. */
    returnWhenDone: () => setWaiting(true),
  };
}
