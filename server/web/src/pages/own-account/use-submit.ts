import { useRef, useState } from 'preact/hooks';

/**
 * A form's submit: whether it is running (the button says so), and a job that runs once at a time; a
 * second press while it runs does nothing. Its failure goes to `onFailure`.
 */
export function useSubmit() {
  const [working, setWorking] = useState(false);
  const running = useRef(false);
  async function run(job: () => Promise<void>, onFailure: (caught: unknown) => void) {
    if (running.current) return;
    running.current = true;
    setWorking(true);
    try {
      await job();
    } catch (caught) {
      onFailure(caught);
    } finally {
      running.current = false;
      setWorking(false);
    }
  }
  return { working, run };
}
