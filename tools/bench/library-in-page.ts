/**
 * Bundled (esbuild) and evaluated inside an extension page by library.bench.ts: seeds the extension's real
 * IndexedDB with synthetic saved stories (through insertSaved, the path import takes) and times the library's
 * operations there. Not part of the extension.
 */
import type { Story } from '../../utils/prism/schema';
import { getDb } from '../../utils/storage/db';
import { allCategories, allTags, insertSaved, listSaved, saveStory, unsaveStory } from '../../utils/storage/saved';
import { storyTags } from '../../utils/storage/saved-record';
import { mergeIndex } from '../../utils/storage/saved-index';
import { search } from '../../utils/storage/search';

const EN_WORDS = [
  'tariff',
  'election',
  'pipeline',
  'summit',
  'drought',
  'satellite',
  'refinery',
  'ceasefire',
  'budget',
  'vaccine',
];
const KO_WORDS = ['관세', '선거', '송유관', '정상회담', '가뭄', '위성', '정유소', '휴전', '예산', '백신'];
const SYLLABLES = Array.from(
  '가나다라마바사아자차카타파하거너더러머버서어저처고노도로모보소오조초구누두루무부수우주추',
);
const LETTERS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiou';

/** A deterministic generator, so every run seeds the same library. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Words of a vocabulary of about 20,000 Korean and 20,000 English pseudo-words, so that, as in a real library,
 * most terms are rare and a few are common (the templates alone would make every term common).
 */
function extraWords(i: number): { ko: string; en: string } {
  const r = rng(i + 1);
  const pick = (s: string | string[]) => s[Math.floor(r() * s.length)]!;
  const ko: string[] = [];
  const en: string[] = [];
  for (let k = 0; k < 40; k++) {
    const skew = Math.floor(r() ** 2 * 20_000); // common words more often
    const rk = rng(skew + 7);
    const syl = () => SYLLABLES[Math.floor(rk() * SYLLABLES.length)]!;
    ko.push(`${syl()}${syl()}${syl()}${pick(['는', '의', '를', '에서', '가'])}`);
    const re = rng(skew + 99);
    let w = '';
    for (let c = 0; c < 3; c++)
      w += LETTERS[Math.floor(re() * LETTERS.length)]! + VOWELS[Math.floor(re() * VOWELS.length)]!;
    en.push(w);
  }
  return { ko: ko.join(' '), en: en.join(' ') };
}

/** Stories are spread over time like a reader's: by default about one every 2.6 hours (10,000 over three years). */
export function makeItems(templates: Story[], count: number, spacingMs: number) {
  const items = [];
  for (let i = 0; i < count; i++) {
    const base = templates[i % templates.length]!;
    const en = EN_WORDS[i % EN_WORDS.length]!;
    const ko = KO_WORDS[(i * 7) % KO_WORDS.length]!;
    const extra = extraWords(i);
    const story: Story = {
      ...base,
      id: `bench-${i}-${base.id}`.slice(0, 128),
      editions: Object.fromEntries(
        Object.entries(base.editions).map(([lang, e]) => [
          lang,
          {
            ...e,
            title: `${e.title} (${lang === 'ko' ? ko : en} ${i})`,
            body: [
              ...e.body,
              lang === 'ko' ? `${ko} 관련 추가 분석 ${i}. ${extra.ko}.` : `More on the ${en}, item ${i}. ${extra.en}.`,
            ],
          },
        ]),
      ) as Story['editions'],
    };
    items.push({
      id: story.id,
      story,
      savedAt: Date.UTC(2023, 0, 1) + i * spacingMs,
      pageUrl: story.source.url,
      pageTitle: story.source.title,
      tags: storyTags(story),
      note: i % 10 === 0 ? `메모 note ${i}` : '',
      category: story.category,
    });
  }
  return items;
}

/** Saves `count` stories made from the catalogue's, in one bulk transaction per `batch`. */
export async function seed(templates: Story[], count: number, spacingMs: number, batch = count): Promise<number> {
  const db = getDb();
  const items = makeItems(templates, count, spacingMs);
  const t0 = performance.now();
  for (let start = 0; start < count; start += batch) await insertSaved(db, items.slice(start, start + batch));
  return performance.now() - t0;
}

/** Each query `runs` times; returns per-query times in ms and the number of matches. */
export async function timeSearches(queries: string[], runs: number, order: 'relevance' | 'newest') {
  const db = getDb();
  const out: { query: string; total: number; times: number[] }[] = [];
  for (const query of queries) {
    const times: number[] = [];
    let total = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      total = (await search(db, query, { limit: 50, order })).total;
      times.push(performance.now() - t0);
    }
    out.push({ query, total, times });
  }
  return out;
}

async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/**
 * Saving 50 more stories one by one (the popup's path), deleting one from the middle, merging those changes
 * into the postings; the facets and listing.
 */
export async function timeWrites(templates: Story[]) {
  const db = getDb();
  const newest = (await listSaved(db, { limit: 1 }))[0]!.savedAt;
  const middle = (await listSaved(db, { offset: 5000, limit: 1 }))[0]!;
  const saves: number[] = [];
  for (let i = 0; i < 50; i++) {
    const base = templates[i % templates.length]!;
    const story = { ...base, id: `bench-extra-${i}` };
    saves.push(
      await time(() =>
        saveStory(db, story, {
          pageUrl: story.source.url,
          pageTitle: story.source.title,
          now: newest + (i + 1) * 60_000,
        }),
      ),
    );
  }
  const unsave = await time(() => unsaveStory(db, middle.id));
  const searchUnmerged = await time(() => search(db, '벨라루스', { limit: 50 }));
  const merge = await time(() => mergeIndex(db));
  return {
    saves,
    unsave,
    searchUnmerged,
    merge,
    allTags: await time(() => allTags(db)),
    allCategories: await time(() => allCategories(db)),
    listFirst: await time(() => listSaved(db, { limit: 50 })),
    listOffset5000: await time(() => listSaved(db, { offset: 5000, limit: 50 })),
    listByTag: await time(() => listSaved(db, { tag: 'Belarus', limit: 50 })),
    postings: await db.postings.count(),
  };
}

export async function usage() {
  return navigator.storage.estimate();
}
