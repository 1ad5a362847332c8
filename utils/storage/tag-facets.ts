/**
 * The library's tag filter: a story's English and Korean tag ("Russia" / "러시아") are one facet, labelled in the
 * reader's language first. Pure: the counts come from the `facets` table (saved.ts, `allTags`, `allTagPairs`).
 */
import type { Lang } from '../prism/schema';
import { PAIR_SEPARATOR } from './saved-record';

export interface TagCount {
  tag: string;
  count: number;
}

/** How many stories pair an English tag with a Korean one. */
export interface PairCount {
  en: string;
  ko: string;
  count: number;
}

export interface TagFacet {
  /** The filter's value: the facet's tags joined by PAIR_SEPARATOR (a single tag is itself). */
  key: string;
  /** The tags the facet stands for, the reader's language first. */
  tags: string[];
  /** Stories with any of the tags. */
  count: number;
}

const HANGUL = /[\p{Script=Hangul}]/u;
/** Whether a tag is written in the reader's language (Hangul for Korean, anything else for English). */
const inLanguage = (tag: string, lang: Lang): boolean => HANGUL.test(tag) === (lang === 'ko');

/** The tags of one facet key. */
export const facetTags = (key: string): string[] => key.split(PAIR_SEPARATOR);

/** Tags in the reader's language first, each group in its stored order. */
export function readerFirst(tags: readonly string[], lang: Lang): string[] {
  return [...tags.filter((t) => inLanguage(t, lang)), ...tags.filter((t) => !inLanguage(t, lang))];
}

/**
 * One facet per tag, except that a paired English and Korean tag make one facet. A tag joins at most one pair:
 * the pair most stories share (a tag PRISM translated two ways keeps its second translation apart). A pair's count
 * is the stories with either tag: both counts less the stories that carry the pair.
 */
export function tagFacets(tags: readonly TagCount[], pairs: readonly PairCount[], lang: Lang): TagFacet[] {
  const counts = new Map(tags.map((t) => [t.tag, t.count]));
  const taken = new Set<string>();
  const facets: TagFacet[] = [];
  const byCount = [...pairs].sort((a, b) => b.count - a.count || a.en.localeCompare(b.en));
  for (const p of byCount) {
    const en = counts.get(p.en);
    const ko = counts.get(p.ko);
    if (en === undefined || ko === undefined || taken.has(p.en) || taken.has(p.ko)) continue;
    taken.add(p.en).add(p.ko);
    const both = lang === 'ko' ? [p.ko, p.en] : [p.en, p.ko];
    facets.push({ key: both.join(PAIR_SEPARATOR), tags: both, count: Math.max(en, ko, en + ko - p.count) });
  }
  for (const t of tags) if (!taken.has(t.tag)) facets.push({ key: t.tag, tags: [t.tag], count: t.count });
  const label = (f: TagFacet) => f.tags[0]!;
  return facets.sort(
    (a, b) =>
      b.count - a.count ||
      Number(inLanguage(label(b), lang)) - Number(inLanguage(label(a), lang)) ||
      label(a).localeCompare(label(b)),
  );
}
