/**
 * Which links are marked (utils/link-marks/match.ts): exactly those whose target's URL key is in the set; never on
 * a headline, never the page itself.
 */
import { describe, expect, it } from 'vitest';
import { markedLinks } from '../../../../utils/link-marks/match';
import { titleKey, urlKey } from '../../../../utils/prism/keys';

const analysed = 'https://www.nbcnews.com/politics/congress/some-story-rcna123';

async function setOf(...keys: (string | null)[]) {
  const set = new Set(keys.filter((k): k is string => k !== null));
  return (k: string) => set.has(k);
}

describe('markedLinks', () => {
  it('marks every spelling of a link to an analysed article, and nothing else', async () => {
    const has = await setOf(await urlKey(analysed));
    const hrefs = [
      'https://www.nbcnews.com/politics/congress/some-story-rcna123?utm_source=front',
      'https://www.nbcnews.com/politics/congress/other-story-rcna456',
      'http://nbcnews.com/politics/congress/some-story-rcna123#x',
      `https://www.google.com/url?q=${encodeURIComponent(analysed)}`,
      'https://www.nbcnews.com/',
    ];
    expect(await markedLinks(hrefs, null, has)).toEqual([hrefs[0], hrefs[2], hrefs[3]]);
  });

  it('does not mark the page itself', async () => {
    const has = await setOf(await urlKey(analysed));
    expect(await markedLinks([analysed], 'https://nbcnews.com/politics/congress/some-story-rcna123', has)).toEqual([]);
  });

  it('never matches on a headline key', async () => {
    const headline = 'Senate passes the sweeping budget bill after all-night session';
    const has = await setOf(await titleKey(headline));
    // A link whose text (or even address) is the headline is not marked: links are asked by URL key only.
    expect(await markedLinks([`https://example.com/${encodeURIComponent(headline)}`], null, has)).toEqual([]);
  });
});
