/**
 * Lets a running launch sleep until its tab commits or finishes a page, instead of polling tightly. The
 * navigation listeners are attached only while a launch runs, so ordinary browsing sends the extension no
 * events at all (a launch lives in a running worker, so nothing here needs to wake one).
 */
const waiters = new Map<number, Set<() => void>>();
let launchesWatching = 0;

function wake({ tabId, frameId }: { tabId: number; frameId: number }) {
  if (frameId !== 0) return;
  const waiting = waiters.get(tabId);
  waiters.delete(tabId);
  waiting?.forEach((resolve) => resolve());
}

/** Starts watching navigations for one launch; call the returned function when that launch ends. */
export function watchTabsForLaunch(): () => void {
  if (launchesWatching++ === 0) {
    browser.webNavigation.onCommitted.addListener(wake);
    browser.webNavigation.onCompleted.addListener(wake);
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--launchesWatching > 0) return;
    browser.webNavigation.onCommitted.removeListener(wake);
    browser.webNavigation.onCompleted.removeListener(wake);
  };
}

/** Resolves when the tab commits or loads a page, or after `ms`, whichever comes first. */
export function tabChangeOrTimeout(tabId: number, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      waiters.get(tabId)?.delete(done);
      resolve();
    }
    if (!waiters.has(tabId)) waiters.set(tabId, new Set());
    waiters.get(tabId)!.add(done);
  });
}
