// The extension's bookmark repair against a fake profile: it must rewrite exactly the portal bookmarks under a
// wrong address, leave every other bookmark alone, never loop on its own rewrite (the threat: a repair that
// fires onChanged and repairs again forever), and keep counts for reporting without losing any.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { repairAllBookmarks, watchBookmarks } from '../../extension/lib/bookmarks/bookmark-repair';
import { pendingRepairs } from '../../extension/lib/bookmarks/pending-repairs';
import type { ManagedConfig } from '../../shared/managed-config';

const canonical = 'https://my.harmonytx.org/';
const config: ManagedConfig = {
  portalOrigin: 'https://my.harmonytx.org',
  apiBase: 'https://my.harmonytx.org/api',
  canonicalPortalUrl: canonical,
  districtName: 'Harmony',
  bookmarkAliases: ['old-portal.harmonytx.org'],
};

interface FakeNode {
  id: string;
  parentId?: string;
  title: string;
  url?: string;
  children?: FakeNode[];
}

// fakeBrowser leaves bookmarks unimplemented: a tree with Chrome's roots '1' and '2', and the events the
// repair listens to, fired the way Chrome fires them (update → onChanged).
function createFakeBookmarks() {
  type Listener<A extends unknown[]> = (...args: A) => void;
  const event = <A extends unknown[]>() => {
    const listeners: Listener<A>[] = [];
    return {
      addListener: (listener: Listener<A>) => void listeners.push(listener),
      fire: (...args: A) => listeners.forEach((listener) => listener(...args)),
    };
  };
  const root: FakeNode = {
    id: '0',
    title: '',
    children: [
      { id: '1', parentId: '0', title: 'Bookmarks bar', children: [] },
      { id: '2', parentId: '0', title: 'Other bookmarks', children: [] },
    ],
  };
  const byId = new Map<string, FakeNode>();
  const index = (node: FakeNode) => {
    byId.set(node.id, node);
    node.children?.forEach(index);
  };
  index(root);
  let nextId = 3;
  const updates: { id: string; url: string }[] = [];
  const onCreated = event<[string, FakeNode]>();
  const onChanged = event<[string, { title: string; url?: string }]>();
  const copy = (node: FakeNode): FakeNode => structuredClone(node);

  return {
    updates,
    url: (id: string) => byId.get(id)?.url,
    onCreated,
    onChanged,
    getTree: async () => [copy(root)],
    create: async ({ parentId = '2', title = '', url }: { parentId?: string; title?: string; url?: string }) => {
      const node: FakeNode = { id: String(nextId++), parentId, title, ...(url ? { url } : { children: [] }) };
      byId.get(parentId)?.children?.push(node);
      byId.set(node.id, node);
      onCreated.fire(node.id, copy(node));
      return copy(node);
    },
    update: async (id: string, changes: { url?: string }) => {
      const node = byId.get(id);
      if (!node) throw new Error(`Can't find bookmark for id.`);
      if (changes.url !== undefined) node.url = changes.url;
      updates.push({ id, url: node.url ?? '' });
      onChanged.fire(id, { title: node.title, ...(node.url ? { url: node.url } : {}) });
      return copy(node);
    },
  };
}

// Listener work runs on promise jobs; a macrotask turn lets all of it, and what it triggers, finish.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let bookmarks: ReturnType<typeof createFakeBookmarks>;
beforeEach(() => {
  fakeBrowser.reset();
  bookmarks = createFakeBookmarks();
  vi.stubGlobal('browser', { ...fakeBrowser, bookmarks });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('repairAllBookmarks', () => {
  it('rewrites exactly the portal bookmarks under a wrong address, once', async () => {
    const seeded = {
      alias: await bookmarks.create({ parentId: '1', url: 'https://old-portal.harmonytx.org/index.php' }),
      typo: await bookmarks.create({ parentId: '1', url: 'https://my.harmonoytx.org/' }),
      http: await bookmarks.create({ parentId: '2', url: 'http://my.harmonytx.org/' }),
      folder: await bookmarks.create({ parentId: '2', title: 'School' }),
    };
    const inFolder = {
      staleLogin: await bookmarks.create({ parentId: seeded.folder.id, url: 'https://my.harmonytx.org/login' }),
      unrelated: await bookmarks.create({ parentId: seeded.folder.id, url: 'https://harmonytx.org/calendar' }),
      canonical: await bookmarks.create({ parentId: seeded.folder.id, url: canonical }),
    };

    expect(await repairAllBookmarks(config)).toBe(4);
    for (const node of [seeded.alias, seeded.typo, seeded.http, inFolder.staleLogin]) {
      expect(bookmarks.url(node.id)).toBe(canonical);
    }
    expect(bookmarks.url(inFolder.unrelated.id)).toBe('https://harmonytx.org/calendar');
    expect(bookmarks.url(seeded.folder.id)).toBeUndefined();
    expect(bookmarks.updates.map((update) => update.id).sort()).toEqual(
      [seeded.alias.id, seeded.typo.id, seeded.http.id, inFolder.staleLogin.id].sort(),
    );

    expect(await repairAllBookmarks(config)).toBe(0);
    expect(bookmarks.updates).toHaveLength(4);
  });
});

describe('watchBookmarks', () => {
  it('repairs a bad bookmark as it is created, once, without looping on its own rewrite', async () => {
    const onRepaired = vi.fn();
    watchBookmarks(() => config, onRepaired);

    const created = await bookmarks.create({ url: 'http://old-portal.harmonytx.org/login?next=%2Fapps' });
    await settle();

    expect(bookmarks.url(created.id)).toBe(canonical);
    expect(bookmarks.updates).toEqual([{ id: created.id, url: canonical }]);
    expect(onRepaired).toHaveBeenCalledTimes(1);
    expect(onRepaired).toHaveBeenCalledWith(1);
  });

  it('repairs a bookmark edited to a wrong address', async () => {
    const onRepaired = vi.fn();
    watchBookmarks(() => config, onRepaired);
    const created = await bookmarks.create({ url: 'https://harmonytx.org/' });
    await bookmarks.update(created.id, { url: 'https://my.harmonytx.rog/' });
    await settle();

    expect(bookmarks.url(created.id)).toBe(canonical);
    expect(onRepaired).toHaveBeenCalledTimes(1);
  });

  it('does nothing for a canonical bookmark, a folder or an unrelated site', async () => {
    const onRepaired = vi.fn();
    watchBookmarks(() => config, onRepaired);
    await bookmarks.create({ url: canonical });
    await bookmarks.create({ title: 'Folder' });
    await bookmarks.create({ url: 'https://google.com/' });
    await settle();

    expect(bookmarks.updates).toEqual([]);
    expect(onRepaired).not.toHaveBeenCalled();
  });

  it('does nothing while there is no configuration', async () => {
    let current: ManagedConfig | undefined;
    const onRepaired = vi.fn();
    watchBookmarks(() => current, onRepaired);

    const early = await bookmarks.create({ url: 'https://old-portal.harmonytx.org/' });
    await settle();
    expect(bookmarks.url(early.id)).toBe('https://old-portal.harmonytx.org/');

    current = config;
    const later = await bookmarks.create({ url: 'https://old-portal.harmonytx.org/' });
    await settle();
    expect(bookmarks.url(later.id)).toBe(canonical);
    expect(onRepaired).toHaveBeenCalledTimes(1);
  });
});

describe('pendingRepairs', () => {
  it('takes what was added and zeroes it', async () => {
    expect(await pendingRepairs.take()).toBe(0);
    await pendingRepairs.add(2);
    await pendingRepairs.add(0);
    expect(await pendingRepairs.take()).toBe(2);
    expect(await pendingRepairs.take()).toBe(0);
  });

  it('loses no count added concurrently', async () => {
    const [, , taken] = await Promise.all([pendingRepairs.add(2), pendingRepairs.add(3), pendingRepairs.take()]);
    await Promise.all([pendingRepairs.add(4), pendingRepairs.add(1)]);
    expect(taken + (await pendingRepairs.take())).toBe(10);
    expect(taken).toBe(5);
  });
});
