/**
 * The event index in a publication (publisher/format/publish-events.ts, called by both publishers): meta.json names it by
 * its SHA-256, it holds only the stories of the last N days, and the reader finds a story of the same event in it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchPage, openEventIndex } from '../../../../utils/match';
import { decodeEventIndex } from '../../../../utils/match/event-index';
import { eventIndexFile } from '../../../../publisher/format/publish-events';
import { publish } from '../../support/publish-oracle';
import { parseMeta } from '../../../../utils/prism/schema';
import { makeStory } from '../../../fixtures/story';

const now = new Date('2025-12-20T00:00:00Z');
const recent = makeStory({
  id: 'belarus-prisoners',
  publishedAt: '2025-12-14T09:00:00Z',
  source: {
    url: 'https://www.scmp.com/news/world/belarus-prisoners',
    publisher: 'SCMP',
    title: 'Belarus frees 123 prisoners as US lifts potash sanctions',
  },
});
const old = makeStory({
  id: 'old-story',
  publishedAt: '2025-10-01T09:00:00Z',
  source: {
    url: 'https://www.ft.com/content/old',
    publisher: 'FT',
    title: 'Greenland envoy named as Denmark protests',
  },
});
const files = [recent, old].map((s) => ({ name: `${s.id}.json`, text: JSON.stringify(s) }));

describe('the event index in a publication', () => {
  it('is named in meta.json by its SHA-256 and holds the recent stories only', async () => {
    const result = await publish(files, now);
    if (!result.ok) throw new Error('publish failed');
    const meta = parseMeta(JSON.parse(String(result.files.get('v2/meta.json'))));
    if (!meta.ok) throw new Error('bad meta');
    const ref = meta.value.events!;
    expect(ref).toMatchObject({ format: 'pev-v1', stories: 1, days: 30 });
    const bytes = result.files.get(`v2/${ref.path}`) as Uint8Array;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(ref.sha256);
    expect(bytes.length).toBe(ref.bytes);
    expect(decodeEventIndex(bytes).ids).toEqual(['belarus-prisoners']);
    expect(decodeEventIndex(bytes).sites).toEqual(['scmp.com']);

    const m = await openEventIndex(bytes, ref.sha256);
    const page = {
      url: 'https://www.reuters.com/world/x',
      title: 'US lifts sanctions on Belarus potash after prisoners freed - Reuters',
    };
    expect(matchPage(m, page).story).toBe('belarus-prisoners');
  });

  it('takes the window from the publisher option', async () => {
    const wide = await eventIndexFile([recent, old], now, 120);
    expect(wide.ref).toMatchObject({ stories: 2, days: 120 });
    expect(wide.path).toBe(`v2/events/${wide.ref.sha256}.bin`);
    const narrow = await eventIndexFile([recent, old], now, 3);
    expect(narrow.ref.stories).toBe(0);
  });
});
