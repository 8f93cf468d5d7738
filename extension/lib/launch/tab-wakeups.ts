/**
 * Lets a running launch sleep until its tab finishes loading a page, instead of polling tightly. Listeners
 * are registered when the service worker starts, as MV3 requires.
 */
const waiters = new Map<number, Set<() => void>>();

function wake(tabId: number) {
  const waiting = waiters.get(tabId);
  waiters.delete(tabId);
  waiting?.forEach((resolve) => resolve());
}

export function listenForTabChanges() {
  browser.webNavigation.onCompleted.addListener(({ tabId, frameId }) => {
    if (frameId === 0) wake(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'complete' || change.url) wake(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => wake(tabId));
}

/** Resolves when the tab loads something or after `ms`, whichever comes first. */
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
