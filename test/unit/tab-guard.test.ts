// Threat: a launch left without its tab guard. Two launches guarding tabs at the same moment must each get
// their rules: the guard's rule ids come from the rules already set, so the reads and updates take turns.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guardTab, releaseAllGuards } from '../../extension/lib/launch/tab-guard';

type Rule = chrome.declarativeNetRequest.Rule;

/** The session rules as Chrome keeps them: each call answers a moment later, and a taken id is refused. */
function fakeSessionRules() {
  let rules: Rule[] = [];
  const later = () => new Promise((resolve) => setTimeout(resolve, 5));
  return {
    rules: () => rules,
    api: {
      async getSessionRules() {
        await later();
        return structuredClone(rules);
      },
      async updateSessionRules(change: { removeRuleIds?: number[]; addRules?: Rule[] }) {
        await later();
        const kept = rules.filter((rule) => !change.removeRuleIds?.includes(rule.id));
        const added = change.addRules ?? [];
        if (added.some((rule) => kept.some((old) => old.id === rule.id)))
          throw new Error('Rule with id must be unique');
        rules = [...kept, ...added];
      },
    },
  };
}

describe('the tab guard', () => {
  let session: ReturnType<typeof fakeSessionRules>;
  beforeEach(() => {
    session = fakeSessionRules();
    (globalThis as { chrome?: unknown }).chrome = { declarativeNetRequest: session.api };
  });
  afterEach(() => {
    delete (globalThis as { chrome?: unknown }).chrome;
  });

  it('guards two tabs whose launches start at the same moment, each with its own rules', async () => {
    const origins = ['http://app.test:8790'];
    await expect(
      Promise.all([guardTab(1, origins), guardTab(2, origins), guardTab(3, origins)]),
    ).resolves.toBeDefined();
    const ids = session.rules().map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const tabId of [1, 2, 3]) {
      expect(session.rules().some((rule) => rule.condition.tabIds?.includes(tabId))).toBe(true);
    }
    await releaseAllGuards();
    expect(session.rules()).toEqual([]);
  });
});
