/**
 * A saved story's normal form (tags), its local key (time order), and the terms it is indexed under. Every
 * write (save, note, withdrawal, restore, import) goes through `normalizeSaved` and `recordTerms`, so the index never
 * drifts from the records: removing a story removes exactly the terms its record gives.
 */
import type { Story } from '../prism/schema';
import { parseHttpUrl } from '../safe-url';
import type { SavedStory } from './library-rows';
import { indexTerms } from './terms';

/**
 * Cap on search terms per story. The sample stories give 250–660 distinct terms with both editions; everything
 * but the bodies gives about 200 of them.
 */
export const MAX_TERMS = 1000;
/**
 * Cap on the terms that bodies contribute (the body's tail is what is lost). A long body yields mostly terms
 * nobody searches for, and each term costs 8 bytes per story in its posting and a row write on every save.
 */
export const MAX_BODY_TERMS = 600;
const MAX_TAG_LENGTH = 64;
const MAX_TAGS = 64;

/** Cap on the extra "head" terms (titles, tags, note) that relevance uses. */
const MAX_HEAD_TERMS = 128;
/** Marks a head term; terms themselves are only letters and digits. */
export const HEAD_MARK = '^';
/** Facet terms: a tag's or a category's stories, in the same postings table. Control characters never occur in terms or tags. */
export const TAG_FACET = '\u0001t';
export const CATEGORY_FACET = '\u0001c';
/**
 * A story's English and Korean tag that name the same thing ("Russia" / "러시아"): counted as a facet of its own
 * (kind 'pair', `tag-facets.ts` merges the two tags into one filter). The two tags are separated by U+0002.
 */
export const PAIR_FACET = '\u0001p';
export const PAIR_SEPARATOR = '\u0002';
export const tagTerm = (tag: string) => TAG_FACET + tag;
export const categoryTerm = (category: string) => CATEGORY_FACET + category;

/** Keys: `savedAt × KEY_SLOTS + n`, n picked free (stories saved in the same millisecond). */
export const KEY_SLOTS = 1024;
/** Latest savedAt that keeps keys exact integers (year 2223). */
export const MAX_SAVED_AT = 8_000_000_000_000;
export function baseKey(savedAt: number): number {
  return Math.min(MAX_SAVED_AT, Math.max(0, Math.floor(savedAt))) * KEY_SLOTS;
}

/** The facet term of a paired English and Korean tag (both already normalized). */
export const pairTerm = (en: string, ko: string) => PAIR_FACET + en + PAIR_SEPARATOR + ko;

/** Trimmed, NFKC, inner whitespace collapsed, no control characters, deduplicated case-insensitively. */
function normalizeTags(tags: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = Array.from(
      raw
        .normalize('NFKC')
        .replace(/\p{Cc}/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim(),
    )
      .slice(0, MAX_TAG_LENGTH)
      .join('')
      .trim();
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length >= MAX_TAGS) break;
  }
  return out;
}

/** The tags of both editions, Korean first (stored order; the library shows the reader's language first). */
export function storyTags(story: Story): string[] {
  return [...(story.editions.ko?.tags ?? []), ...(story.editions.en?.tags ?? [])];
}

/**
 * A story's paired tags: PRISM writes the two editions' tags in the same order (the seed stories: "Russia" at the
 * place of "러시아"), so when both editions have as many tags, the tags at one place are one subject. A pair whose
 * two tags normalize to the same text ("SDF" / "SDF") is one tag already and is left out; so are tags the
 * record does not carry (`recordTags`, normalized).
 */
export function storyTagPairs(story: Story, recordTags: readonly string[]): [en: string, ko: string][] {
  const en = story.editions.en?.tags ?? [];
  const ko = story.editions.ko?.tags ?? [];
  if (en.length === 0 || en.length !== ko.length) return [];
  // The record's own spelling of each tag (the one its tag facet is counted under).
  const spelled = new Map(recordTags.map((t) => [t.toLowerCase(), t]));
  const pairs: [string, string][] = [];
  en.forEach((raw, i) => {
    const a = spelled.get(normalizeTags([raw])[0]?.toLowerCase() ?? '');
    const b = spelled.get(normalizeTags([ko[i]!])[0]?.toLowerCase() ?? '');
    if (a && b && a !== b) pairs.push([a, b]);
  });
  return pairs;
}

/** The short texts that say most about a story: both titles, the tags, the note. */
function headTexts(saved: SavedStory): string[] {
  const eds = [saved.story.editions.ko, saved.story.editions.en];
  return [...eds.flatMap((e) => (e ? [e.title] : [])), ...saved.tags, saved.note];
}

/** The texts that search covers except the bodies, most important first. */
function searchTexts(saved: SavedStory): string[] {
  const { story } = saved;
  const eds = [story.editions.ko, story.editions.en];
  const texts: string[] = [];
  for (const e of eds) if (e) texts.push(e.title);
  texts.push(...saved.tags, saved.note, saved.category);
  for (const e of eds) if (e) texts.push(e.summary);
  for (const e of eds) if (e?.insight) texts.push(e.insight.title, ...e.insight.body);
  texts.push(story.source.title, story.source.publisher);
  return texts;
}

function bodyTexts(saved: SavedStory): string[] {
  return [saved.story.editions.ko, saved.story.editions.en].flatMap((e) => e?.body ?? []);
}

/** The search terms of a story (deduplicated): everything but the bodies first, then up to MAX_BODY_TERMS from the bodies. */
export function searchTerms(saved: SavedStory): string[] {
  const terms = new Set(indexTerms(searchTexts(saved), MAX_TERMS));
  for (const t of indexTerms(bodyTexts(saved), MAX_BODY_TERMS)) {
    if (terms.size >= MAX_TERMS) break;
    terms.add(t);
  }
  return [...terms];
}

/** Every posting term of a story: its search terms, head terms, and its tag and category facets. */
export function recordTerms(saved: SavedStory): string[] {
  return [
    ...searchTerms(saved),
    ...indexTerms(headTexts(saved), MAX_HEAD_TERMS).map((t) => HEAD_MARK + t),
    ...new Set([...saved.tags.map(tagTerm), categoryTerm(saved.category)]),
  ];
}

/** The saved story in normal form (normalized tags, only its own fields). */
export function normalizeSaved(saved: SavedStory): SavedStory {
  return { ...toSavedStory(saved), tags: normalizeTags(saved.tags) };
}

/** The record without its local key: what export writes and import reads. */
export function toSavedStory(record: SavedStory): SavedStory {
  return {
    id: record.id,
    story: record.story,
    savedAt: record.savedAt,
    pageUrl: record.pageUrl,
    pageTitle: record.pageTitle,
    tags: record.tags,
    note: record.note,
    category: record.category,
    ...(record.withdrawnAt !== undefined ? { withdrawnAt: record.withdrawnAt } : {}),
    ...(record.sameEvent ? { sameEvent: { site: record.sameEvent.site } } : {}),
  };
}

export interface SaveOptions {
  /** Kept only if it is an http(s) URL ('' otherwise), since the UI may link to it. */
  pageUrl: string;
  pageTitle: string;
  note?: string;
  /** The reader's own tags, added to the story's. */
  tags?: string[];
  /** Epoch ms; defaults to Date.now(). */
  now?: number;
  /** The page only reports the same event: the site of the article PRISM analysed (kept on the record). */
  sameEventSite?: string;
}

/** The story as it is saved (and as the popup copies it as Markdown), before the library gives it a key. */
export function newSavedStory(story: Story, options: SaveOptions): SavedStory {
  return {
    id: story.id,
    story,
    savedAt: options.now ?? Date.now(),
    pageUrl: parseHttpUrl(options.pageUrl) ? options.pageUrl : '',
    pageTitle: options.pageTitle,
    tags: [...storyTags(story), ...(options.tags ?? [])],
    note: options.note ?? '',
    category: story.category,
    ...(options.sameEventSite ? { sameEvent: { site: options.sameEventSite } } : {}),
  };
}
