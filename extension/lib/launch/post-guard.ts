/**
 * While a credential is on its way, the launch's tab may send posts only to the app's own origins: a
 * declarativeNetRequest session rule blocks the rest, so a cross-origin redirect (a 307 that would carry
 * the body along) or a form action swapped at the last moment reaches nobody.
 */
type Rule = chrome.declarativeNetRequest.Rule;

const GUARDED_TYPES = [
  'main_frame',
  'sub_frame',
  'xmlhttprequest',
  'other',
] as chrome.declarativeNetRequest.ResourceType[];

/** The allow filter for one origin: its URLs, scheme and port included (default ports are never written). */
const originFilter = (origin: string) => `|${origin}/`;

const rulesOf = (rules: Rule[], tabId: number) => rules.filter((rule) => rule.condition.tabIds?.includes(tabId));

export async function guardTab(tabId: number, origins: readonly string[]) {
  const existing = await chrome.declarativeNetRequest.getSessionRules();
  let nextId = Math.max(0, ...existing.map((rule) => rule.id)) + 1;
  const condition = { tabIds: [tabId], requestMethods: ['post'], resourceTypes: GUARDED_TYPES };
  const block = { id: nextId++, priority: 1, action: { type: 'block' }, condition };
  const allow = origins.map((origin) => ({
    id: nextId++,
    priority: 2,
    action: { type: 'allow' },
    condition: { ...condition, urlFilter: originFilter(origin) },
  }));
  await chrome.declarativeNetRequest.updateSessionRules({
    removeRuleIds: rulesOf(existing, tabId).map((rule) => rule.id),
    addRules: [block, ...allow] as Rule[],
  });
}

export async function releaseGuard(tabId: number) {
  const existing = await chrome.declarativeNetRequest.getSessionRules();
  await chrome.declarativeNetRequest.updateSessionRules({
    removeRuleIds: rulesOf(existing, tabId).map((rule) => rule.id),
  });
}
