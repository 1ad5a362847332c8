import { describe, expect, it, vi } from 'vitest';
import { followActiveTab, type TabsApi } from '../../../components/active-tab-sync';

function fakeTabs(active: number) {
  const listeners = new Set<(info: { tabId: number; windowId: number }) => void>();
  let answer: (tabs: { id?: number }[]) => void = () => undefined;
  const tabs: TabsApi = {
    query: vi.fn(() => new Promise<{ id?: number }[]>((r) => (answer = r))),
    onActivated: { addListener: (cb) => listeners.add(cb), removeListener: (cb) => listeners.delete(cb) },
  };
  return {
    tabs,
    activate: (tabId: number, windowId = 1) => listeners.forEach((cb) => cb({ tabId, windowId })),
    answerQuery: () => answer([{ id: active }]),
    listeners,
  };
}

describe('the side panel following the active tab', () => {
  it("starts with the window's active tab and follows switches in its own window only", async () => {
    const f = fakeTabs(10);
    const seen: number[] = [];
    const stop = followActiveTab(f.tabs, 1, (id) => seen.push(id));
    f.answerQuery();
    await Promise.resolve();
    f.activate(11);
    f.activate(99, 2); // another window's panel follows that one
    f.activate(12);
    expect(seen).toEqual([10, 11, 12]);
    stop();
    f.activate(13);
    expect(seen).toEqual([10, 11, 12]);
    expect(f.listeners.size).toBe(0);
  });

  it('lets a switch that happens while it starts win over the first answer', async () => {
    const f = fakeTabs(10);
    const seen: number[] = [];
    followActiveTab(f.tabs, 1, (id) => seen.push(id));
    f.activate(11);
    f.answerQuery(); // stale: tab 10 was active when asked
    await Promise.resolve();
    expect(seen).toEqual([11]);
  });
});
