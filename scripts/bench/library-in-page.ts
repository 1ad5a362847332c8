/**
 * Bundled (esbuild) and evaluated inside an extension page by library.bench.ts: seeds the extension's real
 * IndexedDB with synthetic saved stories and times searches there. Not part of the extension.
 */
import type { Story } from '../../utils/prism/schema';
import { getDb } from '../../utils/storage/db';
import { storyTags, toRecord } from '../../utils/storage/saved-record';
import { search } from '../../utils/storage/search';

const EN_WORDS = ['tariff', 'election', 'pipeline', 'summit', 'drought', 'satellite', 'refinery', 'ceasefire', 'budget', 'vaccine'];
const KO_WORDS = ['관세', '선거', '송유관', '정상회담', '가뭄', '위성', '정유소', '휴전', '예산', '백신'];

/** Saves `count` stories made from the catalogue's (varied so the index is realistic), in bulk transactions. */
export async function seed(templates: Story[], count: number): Promise<number> {
  const db = getDb();
  const t0 = performance.now();
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const base = templates[i % templates.length]!;
      const en = EN_WORDS[i % EN_WORDS.length]!;
      const ko = KO_WORDS[(i * 7) % KO_WORDS.length]!;
      const story: Story = {
        ...base,
        id: `bench-${i}-${base.id}`.slice(0, 128),
        editions: Object.fromEntries(
          Object.entries(base.editions).map(([lang, e]) => [
            lang,
            { ...e, title: `${e.title} (${lang === 'ko' ? ko : en} ${i})`, body: [...e.body, lang === 'ko' ? `${ko} 관련 추가 분석 ${i}.` : `More on the ${en}, item ${i}.`] },
          ]),
        ) as Story['editions'],
      };
      rows.push(
        toRecord({
          id: story.id,
          story,
          savedAt: Date.UTC(2025, 0, 1) + i * 60_000,
          pageUrl: story.source.url,
          pageTitle: story.source.title,
          tags: storyTags(story),
          note: i % 10 === 0 ? `메모 note ${i}` : '',
          category: story.category,
        }),
      );
    }
    await db.saved.bulkAdd(rows);
  }
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

export async function usage() {
  return navigator.storage.estimate();
}

/** Where the time goes: index-only work vs reading records. */
export async function probe() {
  const db = getDb();
  const time = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  return {
    keys50: await time(() => db.saved.orderBy('savedAt').reverse().limit(50).primaryKeys()),
    records50: await time(() => db.saved.orderBy('savedAt').reverse().limit(50).toArray()),
    termCount: await time(() => db.saved.where('terms').startsWith('벨라').count()),
    termKeys: await time(() => db.saved.where('terms').startsWith('벨라').primaryKeys()),
    avgTerms: (await db.saved.limit(20).toArray()).reduce((n, r) => n + r.terms.length, 0) / 20,
    avgJson: (await db.saved.limit(20).toArray()).reduce((n, r) => n + JSON.stringify(r).length, 0) / 20,
  };
}
