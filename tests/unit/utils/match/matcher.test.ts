/**
 * Same-event matching (utils/match/matcher.ts) on a small hand-written catalogue: a headline of the same event in
 * other words finds its story, a headline of another event with the same words does not, Korean matches the Korean
 * edition, empty and absurd headlines match nothing without throwing, and a catalogue of one story works.
 * Precision and recall on real headlines are measured by `npm run bench -- match`, not here.
 */
import { describe, expect, it } from 'vitest';
import { createMatcher, type EventCatalogue, type EventStory } from '../../../../utils/match/matcher';
import { storyTerms, type StoryText } from '../../../../utils/match/story-terms';

function story(id: string, site: string, en?: StoryText, ko?: StoryText): EventStory {
  const editions: EventStory['editions'] = {};
  if (en) editions.en = storyTerms(en, 'en');
  if (ko) editions.ko = storyTerms(ko, 'ko');
  return { id, site, day: 20_000, editions };
}

const catalogue = (...stories: EventStory[]): EventCatalogue => ({ stories });

const sbarro = story('sbarro-bankruptcy', 'reuters.com', {
  title: 'Pizza chain Sbarro files for bankruptcy for the second time in three years',
  summary: 'Sbarro, the shopping-mall pizza chain, filed for Chapter 11 protection, saying mall traffic has collapsed.',
  tags: ['Sbarro', 'bankruptcy', 'restaurants'],
});
const twitterOutage = story('twitter-outage', 'theverge.com', {
  title: 'Twitter back online after a brief worldwide outage',
  summary: 'Twitter was down on the web and on mobile for about an hour; the company blamed a software change.',
  tags: ['Twitter', 'outage'],
});
const twitterEarnings = story('twitter-earnings', 'ft.com', {
  title: 'Twitter shares jump as advertising revenue beats forecasts',
  summary: 'Twitter reported quarterly revenue above analyst forecasts, lifted by mobile advertising.',
  tags: ['Twitter', 'earnings'],
});
const mh370 = story(
  'mh370-search',
  'scmp.com',
  {
    title: 'Search for missing Malaysia Airlines flight MH370 widens to the Indian Ocean',
    summary: 'Ships and planes from a dozen countries are searching for the Boeing 777 that vanished with 239 people.',
    tags: ['Malaysia Airlines', 'MH370'],
  },
  {
    title: '말레이시아항공 MH370 실종기 수색, 인도양으로 확대',
    summary: '12개국 함정과 항공기가 승객과 승무원 239명을 태우고 사라진 보잉 777기를 찾고 있다.',
    tags: ['말레이시아항공', '실종'],
  },
);
const chips = story('korean-chip-tariffs', 'yna.co.kr', undefined, {
  title: '미국 반도체 관세 유예에 국내 반도체 업계 안도',
  summary: '미국 무역대표부가 반도체 관세 부과를 18개월 유예하자 삼성전자와 SK하이닉스가 한숨을 돌렸다.',
  tags: ['반도체', '관세'],
});

const matcher = createMatcher(catalogue(sbarro, twitterOutage, twitterEarnings, mh370, chips));

describe('matching a headline to a story of the same event', () => {
  it('finds the story of the same event told in other words, on another outlet', () => {
    const r = matcher.match({
      url: 'https://www.nytimes.com/2014/03/10/business/sbarro.html',
      title: 'Sbarro seeks Chapter 11 protection again as mall visits dwindle',
    });
    expect(r).toMatchObject({ story: 'sbarro-bankruptcy' });
    expect(r.score).toBeGreaterThanOrEqual(0.3);
  });

  it('strips the outlet’s own name from the headline: the score is the same as without it', () => {
    const bare = matcher.match({
      url: 'https://www.reuters.com/a',
      title: 'Twitter suffers brief outage on web and mobile',
    });
    const tagged = matcher.match({
      url: 'https://www.reuters.com/a',
      title: 'Twitter suffers brief outage on web and mobile - Reuters',
    });
    expect(bare.story).toBe('twitter-outage');
    expect(tagged).toEqual(bare);
  });

  it('does not give a headline about another event to a story that shares its name or its words', () => {
    // The same company, another event.
    const cfo = matcher.match({
      url: 'https://www.bbc.com/news/a',
      title: 'Twitter hires Goldman Sachs banker as chief financial officer',
    });
    expect(cfo.story).toBeNull();
    // The same kind of event, another company: the story shares three words but not the name.
    const facebook = matcher.match({
      url: 'https://www.bbc.com/news/b',
      title: 'Facebook back online after brief outage',
    });
    expect(facebook.story).toBeNull();
    expect(matcher.rank({ title: 'Facebook back online after brief outage' })[0]).toMatchObject({
      story: 'twitter-outage',
    });
  });

  it('matches nothing when a headline fits two stories about as well', () => {
    const r = matcher.match({ url: 'https://example.com/a', title: 'Twitter on mobile' });
    expect(r.story).toBeNull();
  });

  it('matches a Korean headline against the Korean editions only', () => {
    expect(
      matcher.match({ url: 'https://www.hani.co.kr/a', title: '실종된 말레이시아항공 MH370 인도양 수색 확대' }).story,
    ).toBe('mh370-search');
    expect(
      matcher.match({ url: 'https://www.chosun.com/a', title: '반도체 관세 유예, 삼성전자 SK하이닉스 안도' }).story,
    ).toBe('korean-chip-tariffs');
    // The chip story has no English edition: an English headline of its event finds nothing.
    expect(matcher.match({ url: 'https://x.com/a', title: 'US delays chip tariffs by 18 months' }).story).toBeNull();
    // A Korean headline of another event.
    expect(matcher.match({ url: 'https://x.com/a', title: '서울 아파트 가격 3주 연속 상승' }).story).toBeNull();
  });

  it('matches nothing, without throwing, for an empty or absurd headline', () => {
    for (const title of [
      '',
      '   ',
      '!!! ??? ...',
      'the of and a',
      '🙂🙂🙂',
      'x'.repeat(100_000),
      'Twitter '.repeat(5_000),
    ]) {
      const r = matcher.match({ url: 'https://example.com/', title });
      expect(r.story).toBeNull();
    }
    expect(matcher.match({ url: 'not a url', title: 'Sbarro files for Chapter 11 bankruptcy' }).story).toBe(
      'sbarro-bankruptcy',
    );
    expect(matcher.match({ title: 42 as unknown as string }).story).toBeNull();
  });

  it('works with a catalogue of one story', () => {
    const one = createMatcher(catalogue(sbarro));
    expect(one.match({ url: 'https://a.com/x', title: 'Sbarro files for Chapter 11 bankruptcy again' }).story).toBe(
      'sbarro-bankruptcy',
    );
    expect(one.match({ url: 'https://a.com/x', title: 'Twitter back online after outage' }).story).toBeNull();
  });

  it('an empty catalogue matches nothing', () => {
    expect(createMatcher({ stories: [] }).match({ title: 'Sbarro files for bankruptcy' })).toEqual({
      story: null,
      score: 0,
    });
  });
});
