/**
 * While a credential is on the page, the launch's tab reaches only the app's own origins: declarativeNetRequest
 * session rules block every other request the tab makes, of every type and method (a navigation, a GET form
 * carrying the password in its address, a beacon, an image, a WebSocket, a fetch, a 307 redirect that would
 * carry a posted body along). Requests the app's pages start in other tabs (a form aimed at a new window)
 * are blocked the same way.
 */
type Rule = chrome.declarativeNetRequest.Rule;
type Condition = chrome.declarativeNetRequest.RuleCondition;

// Listed in full: a rule without resourceTypes leaves out main_frame.
const EVERY_TYPE = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'webtransport',
  'webbundle',
  'other',
] as chrome.declarativeNetRequest.ResourceType[];

const BLOCK_PRIORITY = 1;
const ALLOW_PRIORITY = 2;

/** An origin's URLs, scheme and port included (a default port is never written), and its WebSocket twin. */
function originFilters(origin: string): string[] {
  const socket = origin.replace(/^http/, 'ws');
  return [`|${origin}/`, `|${socket}/`];
}

/** The tab itself, and the app's pages in any other tab (their hosts: a rule cannot name a port). */
function scopes(tabId: number, origins: readonly string[]): Condition[] {
  const hosts = [...new Set(origins.map((origin) => new URL(origin).hostname))];
  return [
    { tabIds: [tabId], resourceTypes: EVERY_TYPE },
    { excludedTabIds: [tabId], initiatorDomains: hosts, resourceTypes: EVERY_TYPE },
  ];
}

function guardRules(tabId: number, origins: readonly string[], firstId: number): Rule[] {
  let id = firstId;
  return scopes(tabId, origins).flatMap((condition) => [
    { id: id++, priority: BLOCK_PRIORITY, action: { type: 'block' }, condition },
    ...origins.flatMap(originFilters).map((urlFilter) => ({
      id: id++,
      priority: ALLOW_PRIORITY,
      action: { type: 'allow' },
      condition: { ...condition, urlFilter },
    })),
  ]) as Rule[];
}

const rulesOf = (rules: Rule[], tabId: number) =>
  rules.filter(({ condition }) => condition.tabIds?.includes(tabId) || condition.excludedTabIds?.includes(tabId));

/** How long the guard outlives its launch: a request the page set off just before the end still meets it. */
const LINGER_MS = 2_000;
/** Counts the guards set on each tab, so a late release never lifts a newer launch's guard. */
const guardsSet = new Map<number, number>();

let lastChange: Promise<unknown> = Promise.resolve();

/**
 * Runs one read-then-update of the session rules after every earlier one has finished: two launches
 * guarding at once would otherwise read the same rules, pick the same new ids, and one update would fail.
 */
function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
  const result = lastChange.then(change);
  lastChange = result.catch(() => undefined);
  return result;
}

export function guardTab(tabId: number, origins: readonly string[]) {
  guardsSet.set(tabId, (guardsSet.get(tabId) ?? 0) + 1);
  return oneAtATime(async () => {
    const existing = await chrome.declarativeNetRequest.getSessionRules();
    const firstId = Math.max(0, ...existing.map((rule) => rule.id)) + 1;
    await chrome.declarativeNetRequest.updateSessionRules({
      removeRuleIds: rulesOf(existing, tabId).map((rule) => rule.id),
      addRules: guardRules(tabId, origins, firstId),
    });
  });
}

function removeGuard(tabId: number) {
  return oneAtATime(async () => {
    const existing = await chrome.declarativeNetRequest.getSessionRules();
    await chrome.declarativeNetRequest.updateSessionRules({
      removeRuleIds: rulesOf(existing, tabId).map((rule) => rule.id),
    });
  });
}

/** Lifts the tab's guard a little after its launch ends, unless a newer launch has guarded the tab since. */
export function releaseGuard(tabId: number) {
  const guard = guardsSet.get(tabId);
  if (guard === undefined) return;
  setTimeout(() => {
    if (guardsSet.get(tabId) !== guard) return;
    guardsSet.delete(tabId);
    void removeGuard(tabId).catch(() => undefined);
  }, LINGER_MS);
}

/** At start-up: a launch never outlives the worker that ran it, so no guard may either. */
export function releaseAllGuards() {
  return oneAtATime(async () => {
    const existing = await chrome.declarativeNetRequest.getSessionRules();
    await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: existing.map((rule) => rule.id) });
  });
}
