/**
 * The streaming publisher's event index (publisher/commit.ts): updated from the previous index and the
 * run's changes, it has the same bytes as the in-memory publisher's from scratch; stories leave it as the window
 * moves; another --event-days rebuilds it; superseded files go once no meta.json names them.
 */
import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEventIndex } from '../../../utils/match/event-index';
import { publish } from '../support/publish-oracle';
import type { Meta, Story } from '../../../utils/prism/schema';
import { numberedStory, publishQuiet, tempDir, writeStories } from '../support/publish-fixtures';

const DAY = 86_400_000;
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY).toISOString();
const story = (i: number, ageDays: number, title = `Event number ${i} shakes the Example Republic`): Story =>
  numberedStory(i, {
    publishedAt: daysAgo(ageDays),
    editions: {
      en: {
        title,
        summary: `Officials in Exampletown said event ${i} was the largest in a decade.`,
        body: ['First paragraph.'],
        tags: ['World'],
      },
    },
  });

let dir: string;
let cat: string;
let out: string;
let current: Story[];

async function put(...list: Story[]) {
  await writeStories(cat, list);
  const past = new Date(Date.now() - 60_000);
  for (const s of list) utimesSync(join(cat, `${s.id}.json`), past, past);
  current = [...current.filter((c) => !list.some((s) => s.id === c.id)), ...list];
}

const meta = () => JSON.parse(readFileSync(join(out, 'v2/meta.json'), 'utf8')) as Meta;
const idsInIndex = () => decodeEventIndex(new Uint8Array(readFileSync(join(out, 'v2', meta().events!.path)))).ids;

/** The in-memory publisher's event index for the same catalogue and time. */
async function fromScratch(at: Date, days?: number) {
  const r = await publish(
    current.map((s) => ({ name: `${s.id}.json`, text: JSON.stringify(s) })),
    at,
    { eventDays: days },
  );
  if (!r.ok) throw new Error('publish failed');
  return (JSON.parse(String(r.files.get('v2/meta.json'))) as Meta).events!;
}

beforeEach(async () => {
  dir = await tempDir();
  cat = join(dir, 'cat');
  out = join(dir, 'out');
  current = [];
  await put(...Array.from({ length: 12 }, (_, i) => story(i, i * 3))); // 0 to 33 days old
  expect((await publishQuiet(cat, out, { workers: 0, now })).ok).toBe(true);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the event index of the streaming publisher', () => {
  it('a first publication holds the stories of the last 30 days, as the in-memory publisher does', async () => {
    expect(meta().events).toEqual(await fromScratch(now));
    expect(idsInIndex()).toHaveLength(11); // 33 days old is out
  });

  it('after additions, changes and withdrawals it equals the index built from scratch', async () => {
    await put(story(20, 1), story(21, 40), story(3, 9, 'Event number 3 takes a new turn in Exampletown'));
    await unlink(join(cat, 'story-5.json'));
    current = current.filter((s) => s.id !== 'story-5');
    const { ok, report } = await publishQuiet(cat, out, { workers: 0, now });
    expect(ok).toBe(true);
    expect(report.read).toBe(3);
    expect(meta().events).toEqual(await fromScratch(now));
    expect(idsInIndex()).toContain('story-20');
    expect(idsInIndex()).not.toContain('story-21'); // 40 days old
    expect(idsInIndex()).not.toContain('story-5');
  });

  it('drops stories as the window moves, and rebuilds for another window', async () => {
    const later = new Date(now.getTime() + 10 * DAY);
    await put(story(30, -9)); // published "tomorrow" from the later run's view
    expect((await publishQuiet(cat, out, { workers: 0, now: later })).ok).toBe(true);
    expect(meta().events).toEqual(await fromScratch(later));
    expect(idsInIndex()).not.toContain('story-7'); // 21 + 10 days old
    expect((await publishQuiet(cat, out, { workers: 0, now: later, eventDays: 90 })).ok).toBe(true);
    expect(meta().events).toEqual(await fromScratch(later, 90));
    expect(idsInIndex()).toContain('story-11');
  });

  it('worker threads give the same index (the terms are computed where the stories are read)', async () => {
    const other = join(dir, 'out-workers');
    expect((await publishQuiet(cat, other, { workers: 2, now })).ok).toBe(true);
    const withWorkers = JSON.parse(readFileSync(join(other, 'v2/meta.json'), 'utf8')) as Meta;
    expect(withWorkers.events).toEqual(meta().events);
  });

  it('keeps the index the previous meta.json named, and removes older ones', async () => {
    const first = meta().events!.path;
    await put(story(40, 0));
    await publishQuiet(cat, out, { workers: 0, now });
    const second = meta().events!.path;
    await put(story(41, 0));
    await publishQuiet(cat, out, { workers: 0, now });
    const files = readdirSync(join(out, 'v2/events')).map((f) => `events/${f}`);
    expect(files).toContain(second);
    expect(files).toContain(meta().events!.path);
    expect(existsSync(join(out, 'v2', first))).toBe(false);
  });
});
