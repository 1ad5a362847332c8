/** Where a tab's state is kept, and reading it back (utils/tab-state.ts), for the background and the views alike. */
import { describe, expect, it } from 'vitest';
import { linkStateKey, parseTabState, tabIdOfSessionKey, tabStateKey, type TabState } from '../../../utils/tab-state';

const state: TabState = { status: 'found', storyId: 's1', seq: 5, updatedAt: 10 };

describe('the keys of the session state', () => {
  it('name the area for wxt, and the tab or window', () => {
    expect(tabStateKey(12)).toBe('session:tab:12');
    expect(linkStateKey(3)).toBe('session:link:3');
  });

  it('give back the tab of a key as the session area lists it, and nothing for other keys', () => {
    expect(tabIdOfSessionKey('tab:12')).toBe(12);
    for (const key of ['link:3', 'overlay:12', 'keyset', 'tab:', 'tab:x', 'tab:-1', 'session:tab:12', 'tab:1.5']) {
      expect(tabIdOfSessionKey(key), key).toBeNull();
    }
  });
});

describe('a stored state read back', () => {
  it('is the state as written', () => {
    expect(parseTabState(state)).toBe(state);
    const bare = { status: 'unknown', seq: 0, updatedAt: 0 };
    expect(parseTabState(bare)).toEqual(bare);
  });

  it('is null when there is none, or when the value is no state', () => {
    for (const value of [null, undefined, 0, 'found', [], {}, { status: 'found' }, { status: 'gone', seq: 1 }]) {
      expect(parseTabState(value), JSON.stringify(value)).toBeNull();
    }
  });
});
