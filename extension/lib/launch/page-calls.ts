import type { PageEngine } from '../fill/page-engine';

/**
 * Calls into the fill engine in one document of one tab: injected on demand into the top frame only, and
 * addressed by document id so a call never lands on a page that replaced the one it was meant for.
 */
export interface TopDocument {
  tabId: number;
  documentId: string;
  url: string;
}

/** Where a tab stands: gone, loading (with the address it committed to, if any), or showing a document. */
export type TabPage = { state: 'closed' } | { state: 'loading'; url?: string } | { state: 'ready'; page: TopDocument };

/** One look at the tab: its top document once it has finished loading. */
export async function tabPage(tabId: number): Promise<TabPage> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab) return { state: 'closed' };
  if (tab.status !== 'complete') return { state: 'loading', url: tab.url };
  const frame = await browser.webNavigation.getFrame({ tabId, frameId: 0 }).catch(() => null);
  const documentId = (frame as { documentId?: string } | null)?.documentId;
  return frame && documentId ? { state: 'ready', page: { tabId, documentId, url: frame.url } } : { state: 'loading' };
}

type EngineCall = { [K in keyof PageEngine]: [K, Parameters<PageEngine[K]>[0]] }[keyof PageEngine];

/** Documents the engine was injected into (a document id is never reused), so each gets it once. */
const withEngine = new Set<string>();

/** Runs one engine function in the document; throws when the document is gone. */
export async function callEngine<K extends keyof PageEngine>(
  page: TopDocument,
  name: K,
  argument: Parameters<PageEngine[K]>[0],
): Promise<Awaited<ReturnType<PageEngine[K]>>> {
  const target = { tabId: page.tabId, documentIds: [page.documentId] } as chrome.scripting.InjectionTarget;
  if (!withEngine.has(page.documentId)) {
    await chrome.scripting.executeScript({ target, files: ['/fill-engine.js'] });
    if (withEngine.size > 100) withEngine.clear();
    withEngine.add(page.documentId);
  }
  const [result] = await chrome.scripting.executeScript({
    target,
    func: (...call: EngineCall) => {
      const engine = (globalThis as unknown as { gatehouseFillEngine: PageEngine }).gatehouseFillEngine;
      return (engine[call[0]] as (argument: unknown) => unknown)(call[1]);
    },
    args: [name, argument] as EngineCall,
  });
  return result!.result as Awaited<ReturnType<PageEngine[K]>>;
}
