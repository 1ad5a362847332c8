import { describe, expect, it, vi } from 'vitest';
import { PrismError, type PrismClient } from '../../utils/prism/client';
import { pageUrls, resolvePage } from '../../utils/lookup/resolve-page';
import { titleKey, urlKey } from '../../utils/prism/keys';
import type { PageReport } from '../../utils/tab-state';

const page = (over: Partial<PageReport> = {}): PageReport => ({
  url: 'http://127.0.0.1:9999/story.html?utm_source=x',
  canonicalUrl: 'https://www.example-news.com/world/story?utm_medium=social&fbclid=1',
  title: 'Belarus frees 123 prisoners as US lifts potash sanctions',
  publisher: 'Example News',
  publishedAt: null,
  lang: 'en',
  isNews: true,
  score: 1,
  signals: ['jsonld:NewsArticle'],
  ...over,
});

function client(lookup: PrismClient['lookup'], story: PrismClient['story'] = vi.fn(async () => ({}) as never)) {
  return { lookup: vi.fn(lookup), story: vi.fn(story) } satisfies PrismClient;
}

describe('resolvePage', () => {
  it('does not look up a page that is not news, unless forced', async () => {
    const c = client(async () => null);
    expect(await resolvePage(page({ isNews: false }), c)).toEqual({ status: 'not-news' });
    expect(c.lookup).not.toHaveBeenCalled();
    expect((await resolvePage(page({ isNews: false, forced: true }), c)).status).toBe('none');
  });

  it('looks up the canonicalised page URLs first, then the title', async () => {
    const c = client(async () => ({ storyId: 's', matchedBy: 'url' }));
    expect(await resolvePage(page(), c)).toEqual({ status: 'found', storyId: 's', matchedBy: 'url' });
    const keys = c.lookup.mock.calls[0]![0];
    expect(keys[0]).toEqual({ key: await urlKey('https://example-news.com/world/story'), kind: 'url' });
    expect(keys.at(-1)).toEqual({ key: await titleKey(page().title!, 'Example News'), kind: 'title' });
    expect(c.story).toHaveBeenCalledWith('s');
  });

  it('maps network failures to offline and other failures to error', async () => {
    const offline = client(async () => {
      throw new PrismError('offline', 'Cannot reach the PRISM server.');
    });
    expect(await resolvePage(page(), offline)).toMatchObject({ status: 'offline' });
    const broken = client(async () => ({ storyId: 's', matchedBy: 'url' }), async () => {
      throw new PrismError('invalid', 'Malformed story: editions: needs at least one edition');
    });
    expect(await resolvePage(page(), broken)).toMatchObject({ status: 'error', error: /Malformed story/ });
  });

  it('drops URLs that are not http(s)', () => {
    expect(pageUrls(page({ canonicalUrl: 'javascript:alert(1)' }))).toEqual(['https://127.0.0.1:9999/story.html']);
  });
});
