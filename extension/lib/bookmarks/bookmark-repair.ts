// Applies the pure repair rule (shared/bookmarks/portal-bookmark.ts) to the profile's bookmarks.
import type { ManagedConfig } from '../../../shared/managed-config';
import { repairedPortalBookmark } from '../../../shared/bookmarks/portal-bookmark';

type BookmarkNode = Browser.bookmarks.BookmarkTreeNode;

/** Rewrites every bookmark that points at the portal under a wrong address; resolves to how many changed. */
export async function repairAllBookmarks(config: ManagedConfig): Promise<number> {
  const pending: BookmarkNode[] = await browser.bookmarks.getTree();
  let repaired = 0;
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.children) pending.push(...node.children);
    // Bookmarks the district pushes by policy cannot be changed by anyone, the extension included.
    if (node.url !== undefined && !node.unmodifiable) repaired += await repairOneBookmark(node.id, node.url, config);
  }
  return repaired;
}

/**
 * Rewrites one bookmark (as `onCreated` or `onChanged` reports it) when it points at the portal under a wrong
 * address; resolves to 1 when it did, 0 otherwise, including when the bookmark was removed meanwhile or
 * cannot be changed.
 */
export async function repairOneBookmark(id: string, url: string | undefined, config: ManagedConfig): Promise<number> {
  const canonical = url === undefined ? null : repairedPortalBookmark(url, config);
  if (canonical === null) return 0;
  try {
    await browser.bookmarks.update(id, { url: canonical });
    return 1;
  } catch {
    return 0;
  }
}

/**
 * Repairs each bookmark as it is created or edited, with the configuration current at that moment (nothing
 * while there is none), and reports each repair to `onRepaired`. Registers its listeners synchronously, so
 * call it at the service worker's top level. The rewrite itself fires `onChanged` with the canonical URL,
 * which the rule leaves alone, so a repair never triggers another.
 */
export function watchBookmarks(
  currentConfig: () => ManagedConfig | undefined,
  onRepaired: (count: number) => void,
): void {
  const repair = async (id: string, url: string | undefined) => {
    const config = currentConfig();
    if (!config) return;
    const count = await repairOneBookmark(id, url, config);
    if (count > 0) onRepaired(count);
  };
  browser.bookmarks.onCreated.addListener((id, bookmark) => void repair(id, bookmark.url));
  browser.bookmarks.onChanged.addListener((id, change) => void repair(id, change.url));
}
