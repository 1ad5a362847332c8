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
import { GET_STORY_TYPE, TAB_VIEW_TYPE, type StoryAnswer, type TabView } from '@/utils/messages';
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
/** The primed answer of the tab's view (askTabView): its state and, for a confirmed match, its story. */
const PRIMED_TAB_VIEW = 'tab-view';

/** The state the background keeps under `key` (null when there is none). */
export const readState = async (key: StateKey): Promise<TabState | null> =>
  parseTabState(await storage.getItem<unknown>(key));

const storyOfView = (view: TabView, id: string): StoryAnswer | undefined =>
  view.state?.status === 'found' && view.state.storyId === id ? view.story : undefined;

/**
 * The story of `id` from the primed view of the tab, if it has settled with that story: taken (the next call gets
 * nothing); else undefined, and the view stays primed.
 */
export function takeSettledStory(id: string): StoryAnswer | undefined {
  const view = takeSettled<TabView>(PRIMED_TAB_VIEW);
  return view && storyOfView(view, id);
}

/**
 * The story of `id` from the primed view of the tab, taken: its answer when the view has it, a promise of it while
 * the view is on its way (the view's story, or asked afresh if the view has another story or none); else undefined.
 */
export function takePrimedStory(id: string): Promise<StoryAnswer> | undefined {
  const view = takePrimed<TabView>(PRIMED_TAB_VIEW);
  if (!view) return undefined;
  if (view.settled) {
    const story = storyOfView(view.value, id);
    return story && Promise.resolve(story);
  }
  return view.promise.then((v) => storyOfView(v, id) ?? askStory(id));
}

/** The story of an id, asked of the background (which serves it from the cache or the API). */
export const askStory = (id: string): Promise<StoryAnswer> =>
  askBackground({ type: GET_STORY_TYPE, id }).catch((err: unknown): StoryAnswer => ({
    ok: false,
    kind: 'unknown',
    message: String(err),
  }));

/**
 * A tab's state and, for a confirmed match, its story, in one message to the background (one round trip). If the
 * background cannot answer, the state is read from `storage.session` as the view's hook reads it, without a story
 * (the view then asks for it).
 */
const askTabView = (tabId: number): Promise<TabView> =>
  askBackground({ type: TAB_VIEW_TYPE, tabId }).catch(async (): Promise<TabView> => ({
    state: await readState(tabStateKey(tabId)),
  }));

/**
 * Starts every read the view of one tab needs (its id, then together the edition preference and one message that
 * answers the tab's state and, for a confirmed match, its story) and resolves when they are done or after
 * `budgetMs`, whichever is first: a story the cache does not hold takes the network's time, and the view then
 * paints its skeleton rather than wait.
 */
export async function primeTabView(tabId: () => Promise<number | null>, budgetMs: number): Promise<void> {
  const all = (async () => {
    const id = await prime(PRIMED_TAB_ID, tabId);
    if (id === null) return;
    const view = prime(PRIMED_TAB_VIEW, () => askTabView(id));
    await Promise.all([
      prime(tabStateKey(id), () => view.then((v) => v.state)),
      prime(PRIMED_PREFERENCE, () => editionPreference.getValue()),
    ]);
  })().catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
  clearTimeout(timer);
}
