// Bookmark repairs not yet reported to the API: repairs happen when nobody may be signed in (at install), so
// they are counted here and reported once someone is.
const PENDING_REPAIRS_KEY = 'bookmarkRepairsPending';

// Operations run one after another, so a read-then-write never interleaves with another within this context.
// Use the store from the service worker only: another context (the popup) would have its own queue.
let queue: Promise<unknown> = Promise.resolve();
function inTurn<T>(operation: () => Promise<T>): Promise<T> {
  const result = queue.then(operation);
  queue = result.catch(() => undefined);
  return result;
}

async function readPending(): Promise<number> {
  const stored = (await browser.storage.local.get(PENDING_REPAIRS_KEY))[PENDING_REPAIRS_KEY];
  return typeof stored === 'number' && Number.isInteger(stored) && stored > 0 ? stored : 0;
}

/** The count of bookmark repairs waiting to be reported, in `browser.storage.local`. */
export const pendingRepairs = {
  /** Adds `count` repairs (ignored unless a positive integer). */
  add(count: number): Promise<void> {
    if (!Number.isInteger(count) || count <= 0) return Promise.resolve();
    return inTurn(async () => {
      const pending = await readPending();
      await browser.storage.local.set({ [PENDING_REPAIRS_KEY]: pending + count });
    });
  },
  /** Resolves to the repairs waiting and zeroes the count. */
  take(): Promise<number> {
    return inTurn(async () => {
      const pending = await readPending();
      if (pending > 0) await browser.storage.local.remove(PENDING_REPAIRS_KEY);
      return pending;
    });
  },
};
