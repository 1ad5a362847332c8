/**
 * The library's tag filter (utils/storage/tag-facets.ts): a story's English and Korean tag are one facet, counted
 * once, labelled in the reader's language first, and filtering by it finds stories with either tag.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismDb } from '../../../../utils/storage/db';
import {
  allTagPairs,
  allTags,
  listSaved,
  recountTagPairs,
  saveStory,
  unsaveStory,
} from '../../../../utils/storage/saved';
import { PAIR_SEPARATOR, storyTagPairs, storyTags } from '../../../../utils/storage/saved-record';
import { facetTags, readerFirst, tagFacets } from '../../../../utils/storage/tag-facets';
import { chips, cafe, makeStory, openTestDb } from '../../support/storage-fixtures';

const page = { pageUrl: 'https://news.example/a', pageTitle: 'A' };

describe('paired tags of a story', () => {
  it('pairs the two editions’ tags by place', () => {
    expect(storyTagPairs(chips, storyTags(chips))).toEqual([
      ['Semiconductors', '반도체'],
      ['Trade', '무역'],
    ]);
  });

  it('pairs nothing when one edition is missing or the lists differ in length', () => {
    expect(storyTagPairs(cafe, storyTags(cafe))).toEqual([]);
    const uneven = makeStory('uneven', {
      en: { ...chips.editions.en!, tags: ['Trade'] },
      ko: { ...chips.editions.ko!, tags: ['무역', '반도체'] },
    });
    expect(storyTagPairs(uneven, storyTags(uneven))).toEqual([]);
  });

  it('leaves out a tag written the same in both editions, and tags the record does not carry', () => {
    const same = makeStory('same', {
      en: { ...chips.editions.en!, tags: ['USTR', 'Trade'] },
      ko: { ...chips.editions.ko!, tags: ['USTR', '무역'] },
    });
    expect(storyTagPairs(same, ['USTR', 'Trade', '무역'])).toEqual([['Trade', '무역']]);
    expect(storyTagPairs(same, ['USTR', 'Trade'])).toEqual([]);
  });
});

describe('tag facets', () => {
  const tags = [
    { tag: 'Russia', count: 3 },
    { tag: '러시아', count: 4 },
    { tag: 'Coffee', count: 1 },
    { tag: '커피', count: 1 },
  ];

  it('merge a paired tag into one facet whose count is the stories with either tag', () => {
    // 3 stories pair Russia/러시아; one more has only 러시아 (a Korean-only story).
    const facets = tagFacets(tags, [{ en: 'Russia', ko: '러시아', count: 3 }], 'en');
    expect(facets.map((f) => [f.tags, f.count])).toEqual([
      [['Russia', '러시아'], 4],
      [['Coffee'], 1],
      [['커피'], 1],
    ]);
    expect(facetTags(facets[0]!.key)).toEqual(['Russia', '러시아']);
  });

  it('label a paired facet in the reader’s language first', () => {
    const facets = tagFacets(tags, [{ en: 'Russia', ko: '러시아', count: 3 }], 'ko');
    expect(facets[0]!.tags).toEqual(['러시아', 'Russia']);
    expect(facets[0]!.key).toBe(`러시아${PAIR_SEPARATOR}Russia`);
    // Equal counts: the reader's language first.
    expect(facets.slice(1).map((f) => f.tags[0])).toEqual(['커피', 'Coffee']);
  });

  it('give a tag to one pair only, the one most stories share', () => {
    const facets = tagFacets(
      [
        { tag: 'Conflict', count: 5 },
        { tag: '분쟁', count: 4 },
        { tag: '갈등', count: 1 },
      ],
      [
        { en: 'Conflict', ko: '분쟁', count: 4 },
        { en: 'Conflict', ko: '갈등', count: 1 },
      ],
      'en',
    );
    expect(facets.map((f) => f.tags)).toEqual([['Conflict', '분쟁'], ['갈등']]);
  });

  it('put the reader’s language first in a story’s tags', () => {
    expect(readerFirst(['러시아', '벨라루스', 'Russia', 'Belarus'], 'en')).toEqual([
      'Russia',
      'Belarus',
      '러시아',
      '벨라루스',
    ]);
    expect(readerFirst(['Russia', '러시아'], 'ko')).toEqual(['러시아', 'Russia']);
  });
});

describe('tag facets in the library', () => {
  let db: PrismDb;
  beforeEach(() => {
    db = openTestDb();
  });
  afterEach(async () => {
    await db.delete();
  });

  it('count the pairs as stories are saved and deleted, and filter by either tag', async () => {
    const koOnly = makeStory('chips-ko', { ko: chips.editions.ko! });
    await saveStory(db, chips, { ...page, now: 1000 });
    await saveStory(db, koOnly, { ...page, now: 2000 });
    expect(await allTagPairs(db)).toEqual(
      expect.arrayContaining([
        { en: 'Semiconductors', ko: '반도체', count: 1 },
        { en: 'Trade', ko: '무역', count: 1 },
      ]),
    );
    const facets = tagFacets(await allTags(db), await allTagPairs(db), 'en');
    const chipsFacet = facets.find((f) => f.tags[0] === 'Semiconductors')!;
    expect(chipsFacet).toMatchObject({ tags: ['Semiconductors', '반도체'], count: 2 });
    const listed = await listSaved(db, { tag: facetTags(chipsFacet.key) });
    expect(listed.map((r) => r.id)).toEqual(['chips-ko', chips.id]);

    await unsaveStory(db, chips.id);
    expect(await allTagPairs(db)).toEqual([]);
    const after = tagFacets(await allTags(db), await allTagPairs(db), 'en');
    expect(after.find((f) => f.tags.includes('반도체'))).toMatchObject({ tags: ['반도체'], count: 1 });
  });

  it('are counted again from the records for a library saved before pairs were counted', async () => {
    await saveStory(db, chips, { ...page, now: 1000 });
    const counted = await allTagPairs(db);
    await db.facets.where('kind').equals('pair').delete(); // as an older version left it
    expect(await allTagPairs(db)).toEqual([]);
    expect(await recountTagPairs(db)).toBe(2);
    expect((await allTagPairs(db)).sort((a, b) => a.en.localeCompare(b.en))).toEqual(
      counted.sort((a, b) => a.en.localeCompare(b.en)),
    );
    expect(await recountTagPairs(db)).toBe(2); // again: the same rows, not doubled
    expect(await allTagPairs(db)).toHaveLength(2);
    expect((await allTagPairs(db)).every((p) => p.count === 1)).toBe(true);
  });
});
