/**
 * Reads started before a view renders, so that its first render has what it needs. Without them each read waited
 * for the render that needed it, and a Preact effect runs only after the next paint: the popup painted its story
 * four frames after its page loaded (tab id → tab state → preference and story, each a render and a frame).
 *
 * A primed read is taken once, by the first hook that asks for its key: a view that later needs the same key again
 * (the side panel coming back to a tab) reads afresh. A hook that takes a settled value still subscribes and reads
 * again after its first paint, as it always did, so a change in between is not missed.
 */
import { storage } from 'wxt/utils/storage';
import { editionPreference } from '@/stores/storage-items';
import { askBackground } from '@/adapters/messaging';
import { GET_STORY_TYPE, type StoryAnswer } from '@/utils/messages';
import { parseTabState, tabStateKey, type StateKey, type TabState } from '@/utils/tab-state';

export type Primed<T> = { settled: true; value: T } | { settled: false; promise: Promise<T> };

const reads = new Map<string, Primed<unknown>>();

/** Starts `start()` under `key`, unless a read of that key is already primed; its promise. */
export function prime<T>(key: string, start: () => Promise<T>): Promise<T> {
  const there = reads.get(key) as Primed<T> | undefined;
  if (there) return there.settled ? Promise.resolve(there.value) : there.promise;
  const promise = start();
  const entry: Primed<T> = { settled: false, promise };
  reads.set(key, entry);
  promise.then(
    (value) => {
      if (reads.get(key) === entry) reads.set(key, { settled: true, value });
    },
    () => {
      if (reads.get(key) === entry) reads.delete(key); // a failed read is the hook's to make again
    },
  );
  return promise;
}

/** The read primed under `key`, taken (a second call gets nothing): its value if it has settled, else its promise. */
export function takePrimed<T>(key: string): Primed<T> | undefined {
  const entry = reads.get(key) as Primed<T> | undefined;
  reads.delete(key);
  return entry;
}

/** The value of a primed read of `key` that has settled, taken; else undefined (and the read stays primed). */
export function takeSettled<T>(key: string): T | undefined {
  const entry = reads.get(key) as Primed<T> | undefined;
  if (!entry?.settled) return undefined;
  reads.delete(key);
  return entry.value;
}

export const PRIMED_TAB_ID = 'tab-id';
export const PRIMED_PREFERENCE = 'edition-preference';
export const primedStoryKey = (id: string) => `story:${id}`;

/** The state the background keeps under `key` (null when there is none). */
export const readState = async (key: StateKey): Promise<TabState | null> =>
  parseTabState(await storage.getItem<unknown>(key));

/** The story of an id, asked of the background (which serves it from the cache or the API). */
export const askStory = (id: string): Promise<StoryAnswer> =>
  askBackground({ type: GET_STORY_TYPE, id }).catch((err: unknown): StoryAnswer => ({
    ok: false,
    kind: 'unknown',
    message: String(err),
  }));

/**
 * Starts every read the view of one tab needs (its id, its state, the edition preference and, for a confirmed
 * match, the story) and resolves when they are done or after `budgetMs`, whichever is first: a story the cache
 * does not hold takes the network's time, and the view then paints its skeleton rather than wait.
 */
export async function primeTabView(tabId: () => Promise<number | null>, budgetMs: number): Promise<void> {
  const all = (async () => {
    const id = await prime(PRIMED_TAB_ID, tabId);
    if (id === null) return;
    const key = tabStateKey(id);
    const [state] = await Promise.all([
      prime(key, () => readState(key)),
      prime(PRIMED_PREFERENCE, () => editionPreference.getValue()),
    ]);
    if (state?.status === 'found' && state.storyId) {
      const storyId = state.storyId;
      await prime(primedStoryKey(storyId), () => askStory(storyId));
    }
  })().catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
  clearTimeout(timer);
}
