/** The PRISM client for the current API base, over the extension's cache (keyed by that base). */
import { browser } from 'wxt/browser';
import { createPrismClient, faultOf, PrismError, type PrismClient } from '@/utils/prism/client';
import { createCache, forgetPrivateRows, privateCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { getSaved, markWithdrawn } from '@/utils/storage/saved';
import { apiBaseSetting } from '@/stores/storage-items';
import { normalizeApiBase } from '@/utils/settings';
import type { StoryAnswer, TabView } from '@/utils/messages';
import { parseTabState, tabStateKey } from '@/utils/tab-state';

/**
 * The client of the current API base, or of `forBase` (a key-set refresh works on the base it was started for).
 * `private`: for a lookup from a private window, whose answers are kept in memory only (privateCache).
 */
export async function currentClient(forBase?: string, opts: { private?: boolean } = {}): Promise<PrismClient> {
  const base = forBase ?? (await apiBaseSetting.getValue());
  const allowed = normalizeApiBase(base);
  // A store build never talks plain http (an address set by an older version, or by hand in storage).
  const refused = allowed.ok ? undefined : 'The PRISM API address must be an https address (see the options page).';
  const shared = createCache(getDb(), base);
  return createPrismClient({ base, cache: opts.private ? privateCache(shared, base) : shared, refused });
}

/**
 * Stories a private window's lookup found (this worker's memory and `storage.session`, which is never written to
 * disk): when the popup, side panel or card opens one, it is fetched into memory only, like the lookup's shard. The
 * messages from those pages name no window, so the story is what tells.
 */
const PRIVATE_STORIES = 'privateStories';
export async function notePrivateStory(id: string): Promise<void> {
  const list = ((await browser.storage.session.get(PRIVATE_STORIES))[PRIVATE_STORIES] as string[] | undefined) ?? [];
  if (!list.includes(id)) await browser.storage.session.set({ [PRIVATE_STORIES]: [...list, id].slice(-200) });
}
const isPrivateStory = async (id: string) =>
  (((await browser.storage.session.get(PRIVATE_STORIES))[PRIVATE_STORIES] as string[] | undefined) ?? []).includes(id);

/**
 * A closed window's link lookup (`link:<windowId>`, the side panel's) goes with it; when the last private window
 * closes, what its lookups kept in memory goes too, with any link state of a window that is no longer open.
 */
export function forgetPrivateWindows(): void {
  browser.windows.onRemoved.addListener((windowId) => {
    void (async () => {
      await browser.storage.session.remove(`link:${windowId}`);
      const windows = await browser.windows.getAll();
      if (windows.some((w) => w.incognito)) return;
      forgetPrivateRows();
      const open = new Set(windows.map((w) => w.id));
      const gone = Object.keys(await browser.storage.session.get(null)).filter((k) => {
        const id = /^link:(\d+)$/.exec(k)?.[1];
        return id !== undefined && !open.has(Number(id));
      });
      await browser.storage.session.remove([PRIVATE_STORIES, ...gone]);
    })();
  });
}

/** Whether a window is private (`windows.get` says so without any permission); a window gone is not. */
export async function isPrivateWindow(windowId: number): Promise<boolean> {
  try {
    return (await browser.windows.get(windowId)).incognito;
  } catch {
    return false;
  }
}

/** Whether a tab is in a private window (`tabs.get` says so without the `tabs` permission). */
export async function isPrivateTab(tabId: number): Promise<boolean> {
  try {
    return (await browser.tabs.get(tabId)).incognito;
  } catch {
    return false;
  }
}

/** The story of an id, for the popup, side panel or overlay that is opening it (never fetched before that). */
export async function getStory(id: string): Promise<StoryAnswer> {
  // Its two small reads together (whether a private window found it; the API address), then the cache.
  const [isPrivate, base] = await Promise.all([isPrivateStory(id), apiBaseSetting.getValue()]);
  return storyAnswer(id, base, isPrivate);
}

/**
 * A tab's state and, for a confirmed match, its story (the popup's first reads, in one message): the tab's state,
 * the private stories and the API address are read at once (one `storage.session` read, one `storage.local` read),
 * then the story from the cache, so the answer waits for two reads in turn, not four.
 */
export async function tabView(tabId: number): Promise<TabView> {
  const stateKey = tabStateKey(tabId).slice('session:'.length); // as the session area names it
  const [session, base] = await Promise.all([
    browser.storage.session.get([stateKey, PRIVATE_STORIES]),
    apiBaseSetting.getValue(),
  ]);
  const state = parseTabState(session[stateKey]);
  if (state?.status !== 'found' || !state.storyId) return { state };
  const isPrivate = ((session[PRIVATE_STORIES] as string[] | undefined) ?? []).includes(state.storyId);
  return { state, story: await storyAnswer(state.storyId, base, isPrivate) };
}

async function storyAnswer(id: string, base: string, isPrivate: boolean): Promise<StoryAnswer> {
  try {
    return { ok: true, story: await (await currentClient(base, { private: isPrivate })).story(id) };
  } catch (err) {
    // A copy the reader saved is kept, marked as withdrawn (the library shows it so).
    if (err instanceof PrismError && err.kind === 'withdrawn') await markWithdrawn(getDb(), id, Date.now());
    const { kind, status, detail, retryAfterMs } = faultOf(err);
    const saved = (await getSaved(getDb(), id).catch(() => undefined))?.story;
    return {
      ok: false,
      kind,
      message: detail,
      ...(status === undefined ? {} : { status }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(saved ? { saved } : {}),
    };
  }
}
