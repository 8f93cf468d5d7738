import { callApi, currentSession } from '../session/extension-session';
import { pendingRepairs } from './pending-repairs';

/**
 * Sends the count of repaired bookmarks to the API once someone is signed in (repairs at install happen
 * before anyone is); a count that could not be sent is kept for the next try.
 */
export async function reportRepairs(repaired = 0) {
  if (repaired > 0) await pendingRepairs.add(repaired);
  if (!(await currentSession())) return;
  const count = await pendingRepairs.take();
  if (count === 0) return;
  await callApi('POST', '/api/extension/bookmark-repairs', { count }).catch(() => pendingRepairs.add(count));
}
