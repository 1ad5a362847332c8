import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismDb } from '../../../../utils/storage/db';
import { saveStory, setNote } from '../../../../utils/storage/saved';
import { insertSaved } from '../../../../utils/storage/saved';
import { HEAD_MARK, MAX_BODY_TERMS, MAX_TERMS, recordTerms, searchTerms } from '../../../../utils/storage/saved-record';
import { search } from '../../../../utils/storage/search';
import { foldCaseAndDiacritics, indexTerms, parseQuery } from '../../../../utils/storage/terms';
import { belarus, cafe, chips, makeStory, openTestDb } from '../../support/storage-fixtures';

let db: PrismDb;
const page = { pageUrl: 'https://news.example/a', pageTitle: 'Page' };

const ids = async (q: string, opts?: Parameters<typeof search>[2]) =>
  (await search(db, q, opts)).items.map((r) => r.id).sort();

describe('search', () => {
  beforeEach(async () => {
    db = openTestDb();
    await saveStory(db, belarus, { ...page, now: 1000 });
    await saveStory(db, chips, { ...page, now: 2000 });
    await saveStory(db, cafe, { ...page, now: 3000, note: 'Ask Mina about the espresso place' });
  });
  afterEach(async () => {
    await db.delete();
  });

  it('finds a Korean word with or without the particle attached', async () => {
    // indexed text has 벨라루스는 / 벨라루스의 / 벨라루스가; the query can have any of them or none
    expect(await ids('벨라루스')).toEqual([belarus.id]);
    expect(await ids('벨라루스의')).toEqual([belarus.id]);
    expect(await ids('러시아')).toEqual([belarus.id]); // text: 러시아에, 러시아의
    expect(await ids('반도체')).toEqual([chips.id]);
    expect(await ids('정치범')).toEqual([belarus.id]); // inside 정치범을
    expect(await ids('딜레마')).toEqual([belarus.id]); // PRISM Insight title
    expect(await ids('크렘린')).toEqual([belarus.id]); // PRISM Insight body
  });

  it('does not match Korean that is not there, even when its syllables are', async () => {
    expect(await ids('스벨라')).toEqual([]); // 스+벨 never adjacent
    expect(await ids('벨라루스 반도체')).toEqual([]); // AND: no story has both
  });

  it('finds English words by prefix, folded, in any field', async () => {
    expect(await ids('sanction')).toEqual([belarus.id]); // "sanctions"
    expect(await ids('SANCTIONS')).toEqual([belarus.id]);
    expect(await ids('moscow')).toEqual([belarus.id]); // "Moscow's"
    expect(await ids('cafe')).toEqual([cafe.id]); // "Café"
    expect(await ids('sao paulo')).toEqual([cafe.id]); // "São Paulo"
    expect(await ids('Example Times')).toEqual([belarus.id, cafe.id, chips.id].sort()); // publisher
    expect(await ids('potassium')).toEqual([belarus.id]); // body
  });

  it('does not match inside English words or a longer word than the text has', async () => {
    expect(await ids('anctions')).toEqual([]);
    expect(await ids('sanctionsx')).toEqual([]);
    expect(await ids('semiconductor moscow')).toEqual([]);
  });

  it('handles mixed-script queries and numbers', async () => {
    expect(await ids('USTR 반도체')).toEqual([chips.id]);
    expect(await ids('2026년')).toEqual([chips.id]);
    expect(await ids('123명')).toEqual([belarus.id]);
    expect(await ids('1,000')).toEqual([chips.id]);
    expect(await ids('U.S. sanctions')).toEqual([belarus.id]);
  });

  it('searches tags and the reader’s note', async () => {
    expect(await ids('coffee')).toEqual([cafe.id]); // tag only
    expect(await ids('무역')).toEqual([chips.id]); // Korean tag
    expect(await ids('espresso')).toEqual([cafe.id]); // note
    await setNote(db, chips.id, '발표 자료에 인용');
    expect(await ids('인용')).toEqual([chips.id]);
  });

  it('a blank query lists the library newest first', async () => {
    const r = await search(db, '   ');
    expect(r.total).toBe(3);
    expect(r.items.map((x) => x.id)).toEqual([cafe.id, chips.id, belarus.id]);
  });

  it('applies tag and category filters to results', async () => {
    expect(await ids('example', { category: 'Economy' })).toEqual([chips.id]);
    expect(await ids('example', { tag: 'Coffee' })).toEqual([cafe.id]);
    expect((await search(db, 'example', { tag: 'Coffee', category: 'Economy' })).total).toBe(0);
  });
});

describe('search order and paging', () => {
  beforeAll(async () => {
    db = openTestDb();
    // Many stories mention "tariff" in the body; one has it in its title, saved first (oldest).
    await saveStory(
      db,
      makeStory('title-hit', {
        en: { title: 'Tariff shock', summary: 'Summary', body: ['Nothing else.'], tags: [] },
      }),
      { ...page, now: 1 },
    );
    for (let i = 0; i < 30; i++) {
      await saveStory(
        db,
        makeStory(`body-${i}`, {
          en: { title: `Market note ${i}`, summary: 'Summary', body: [`A word on tariffs ${i}.`], tags: [] },
        }),
        { ...page, now: 100 + i },
      );
    }
  });

  it('relevance puts a title match before body matches', async () => {
    const r = await search(db, 'tariff', { limit: 5 });
    expect(r.total).toBe(31);
    expect(r.items[0]?.id).toBe('title-hit');
    // equal scores fall back to newest first
    expect(r.items.slice(1).map((x) => x.id)).toEqual(['body-29', 'body-28', 'body-27', 'body-26']);
  });

  it('newest order and pages cover every match once', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 31; offset += 7) {
      const r = await search(db, 'tariff', { order: 'newest', offset, limit: 7 });
      seen.push(...r.items.map((x) => x.id));
    }
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
    expect(seen[0]).toBe('body-29');
    expect(seen.at(-1)).toBe('title-hit');
    const relevance: string[] = [];
    for (let offset = 0; offset < 31; offset += 10) {
      relevance.push(...(await search(db, 'tariff', { offset, limit: 10 })).items.map((x) => x.id));
    }
    expect(new Set(relevance).size).toBe(31);
  });
});

describe('terms', () => {
  it('folds case, width and diacritics, keeps Hangul', () => {
    expect(foldCaseAndDiacritics('Ｃafé ÉLAN Straße')).toBe('cafe elan strasse');
    expect(foldCaseAndDiacritics('벨라루스는')).toBe('벨라루스는');
  });

  it('a record’s terms are deduplicated and capped, bodies last and capped lower', () => {
    const words = (from: number, n: number) => Array.from({ length: n }, (_, i) => `word${from + i}`).join(' ');
    const story = makeStory('long', {
      en: { title: 'Unique headline', summary: words(0, 300), body: [words(1000, 3000), words(1000, 3000)], tags: [] },
    });
    const saved = {
      id: story.id,
      story,
      savedAt: 1,
      pageUrl: '',
      pageTitle: '',
      tags: ['Trade'],
      note: '',
      category: 'x',
    };
    const terms = searchTerms(saved);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms.slice(0, 2)).toEqual(['unique', 'headline']);
    expect(terms).toContain('word299'); // the whole summary
    // the body adds its first MAX_BODY_TERMS terms only
    expect(terms.filter((t) => /^word\d{4}$/.test(t))).toHaveLength(MAX_BODY_TERMS);
    expect(terms.length).toBeLessThanOrEqual(MAX_TERMS);
    expect(terms).not.toContain('word3999');
    // titles, tags and note are also indexed as head terms (for relevance), and the tag and category as facets
    const all = recordTerms(saved);
    expect(all.filter((t) => t.startsWith(HEAD_MARK))).toEqual(['^unique', '^headline', '^trade']);
    expect(all).toContain('\u0001tTrade');
    expect(all).toContain('\u0001cx');
    expect(indexTerms(['벨라루스 벨라루스'], 100)).toEqual(['벨라', '라루', '루스']);
  });

  it('parses Korean as bigrams and other words as prefixes', () => {
    expect(parseQuery('USTR 반도체').terms).toEqual([
      { match: 'prefix', value: 'ustr' },
      { match: 'exact', value: '반도' },
      { match: 'exact', value: '도체' },
    ]);
    expect(parseQuery('벨').terms).toEqual([{ match: 'prefix', value: '벨' }]);
  });

  it('keeps each query word’s own conditions, repeats included, for ranking', () => {
    const parsed = parseQuery('sanc 반도체 sanction sanc');
    expect(parsed.terms).toEqual([
      { match: 'exact', value: '반도' },
      { match: 'exact', value: '도체' },
      { match: 'prefix', value: 'sanction' },
    ]);
    expect(parsed.words).toEqual([
      [{ match: 'prefix', value: 'sanc' }],
      [
        { match: 'exact', value: '반도' },
        { match: 'exact', value: '도체' },
      ],
      [{ match: 'prefix', value: 'sanction' }],
      [{ match: 'prefix', value: 'sanc' }],
    ]);
  });
});

describe('search over a large library', () => {
  it('pages and ranks past the in-memory limits the same way as below them', async () => {
    const big = openTestDb();
    const rows = [];
    for (let i = 0; i < 1100; i++) {
      const title = i === 3 ? 'Tariff headline' : `Note ${i}`;
      const story = makeStory(`n-${i}`, {
        en: { title, summary: 'Summary', body: [i % 2 === 0 ? 'About tariffs.' : 'About rice.'], tags: [] },
      });
      rows.push({
        id: story.id,
        story,
        savedAt: 10_000 + i,
        pageUrl: '',
        pageTitle: '',
        tags: [],
        note: '',
        category: 'x',
      });
    }
    await insertSaved(big, rows);
    try {
      // 551 matches: more than is read at once for 'newest'
      const newest: string[] = [];
      for (let offset = 0; offset < 560; offset += 100) {
        const r = await search(big, 'tariff', { order: 'newest', offset, limit: 100 });
        expect(r.total).toBe(551);
        newest.push(...r.items.map((x) => x.id));
      }
      expect(newest).toHaveLength(551);
      expect(newest[0]).toBe('n-1098');
      expect(newest.at(-1)).toBe('n-0');
      // 1100 matches for "about", none strong: the newest are ranked, the others follow newest first
      const r = await search(big, 'about', { offset: 1000, limit: 200 });
      expect(r.total).toBe(1100);
      expect(r.items.map((x) => x.id)).toEqual(Array.from({ length: 100 }, (_, k) => `n-${99 - k}`));
      const all: string[] = [];
      for (let offset = 0; offset < 1100; offset += 250) {
        all.push(...(await search(big, 'about', { offset, limit: 250 })).items.map((x) => x.id));
      }
      expect(new Set(all).size).toBe(1100);
      // 551 matches is more than relevance ranks, yet the old title hit is found (head terms) and comes first
      expect((await search(big, 'tariff', { limit: 1 })).items[0]?.id).toBe('n-3');
    } finally {
      await big.delete();
    }
  });
});
