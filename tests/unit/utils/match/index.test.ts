/**
 * What the background and `npm run match` call (utils/match/index.ts): the index is checked against the SHA-256
 * meta.json names before it is read, and a page report that is not a headline matches nothing.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeEventIndex } from '../../../../utils/match/event-index';
import { EventIndexError, matchPage, openEventIndex } from '../../../../utils/match';
import { storyTerms } from '../../../../utils/match/story-terms';

const bytes = encodeEventIndex({
  stories: [
    {
      id: 'sbarro-bankruptcy',
      site: 'reuters.com',
      day: 16_139,
      editions: {
        en: storyTerms(
          { title: 'Sbarro files for bankruptcy again', summary: 'The pizza chain Sbarro filed for Chapter 11.' },
          'en',
        ),
      },
    },
  ],
});
const sha = createHash('sha256').update(bytes).digest('hex');

describe('openEventIndex and matchPage', () => {
  it('opens an index whose SHA-256 is the one named, and matches a page report', async () => {
    const m = await openEventIndex(bytes, sha);
    expect(matchPage(m, { url: 'https://nyt.com/a', title: 'Sbarro files for Chapter 11 again' }).story).toBe(
      'sbarro-bankruptcy',
    );
  });

  it('refuses an index whose SHA-256 is not the one named', async () => {
    await expect(openEventIndex(bytes, '0'.repeat(64))).rejects.toThrow(EventIndexError);
    await expect(openEventIndex(bytes, '0'.repeat(64))).rejects.toThrow(/SHA-256/);
  });

  it('matches nothing for a report without a headline', async () => {
    const m = await openEventIndex(bytes);
    for (const page of [null, 'Sbarro', { url: 'https://a.com' }, { title: 7 }, { title: '   ' }, []]) {
      expect(matchPage(m, page)).toEqual({ story: null, score: 0 });
    }
  });
});
