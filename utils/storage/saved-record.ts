/**
 * Builds a `saved` row from what the reader saved: normalised tags and the derived index fields. Every write
 * (save, note, tags, restore, import) goes through `toRecord`, so the derived fields never drift.
 */
import type { Story } from '../prism/schema';
import type { SavedRow, SavedStory } from './db';
import { indexTerms } from './terms';

/**
 * Cap on terms per story. Both editions of a typical story give 700–1,000 distinct terms; the cap only bites
 * on outliers, and then the title, tags, note and summaries (indexed first) stay searchable.
 */
export const MAX_TERMS = 1200;
export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS = 64;
/** Separates the tag from the time in `tagKeys`; control characters are removed from tags. */
export const TAG_KEY_SEPARATOR = '\u0000';

/** Trimmed, NFKC, inner whitespace collapsed, no control characters, deduplicated case-insensitively. */
export function normalizeTags(tags: Iterable<string>): string[] {
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

/** The tags of both editions, Korean first. */
export function storyTags(story: Story): string[] {
  return [...(story.editions.ko?.tags ?? []), ...(story.editions.en?.tags ?? [])];
}

/** Sortable form of a time: fixed-width decimal, so string order is time order. */
export function timeKey(ms: number): string {
  return String(Math.max(0, Math.floor(ms))).padStart(16, '0');
}

export function tagKey(tag: string, savedAt: number): string {
  return `${tag}${TAG_KEY_SEPARATOR}${timeKey(savedAt)}`;
}

/** Cap on the extra "head" terms (titles, tags, note) that let relevance find strong matches by index. */
export const MAX_HEAD_TERMS = 128;
/** Marks a head term; terms themselves are only letters and digits. */
export const HEAD_MARK = '^';

/** The short texts that say most about a story: both titles, the tags, the note. */
export function headTexts(saved: SavedStory): string[] {
  const eds = [saved.story.editions.ko, saved.story.editions.en];
  return [...eds.flatMap((e) => (e ? [e.title] : [])), ...saved.tags, saved.note];
}

/** The texts that search covers, most important first (the term cap drops from the end). */
export function searchTexts(saved: SavedStory): string[] {
  const { story } = saved;
  const eds = [story.editions.ko, story.editions.en];
  const texts: string[] = [];
  for (const e of eds) if (e) texts.push(e.title);
  texts.push(...saved.tags, saved.note, saved.category);
  for (const e of eds) if (e) texts.push(e.summary);
  for (const e of eds) if (e?.insight) texts.push(e.insight.title, ...e.insight.body);
  texts.push(story.source.title, story.source.publisher);
  for (const e of eds) if (e) texts.push(...e.body);
  return texts;
}

export function toRecord(saved: SavedStory): SavedRow {
  const tags = normalizeTags(saved.tags);
  const base: SavedStory = {
    id: saved.id,
    story: saved.story,
    savedAt: saved.savedAt,
    pageUrl: saved.pageUrl,
    pageTitle: saved.pageTitle,
    tags,
    note: saved.note,
    category: saved.category,
  };
  return {
    ...base,
    terms: [
      ...indexTerms(searchTexts(base), MAX_TERMS),
      ...indexTerms(headTexts(base), MAX_HEAD_TERMS).map((t) => HEAD_MARK + t),
    ],
    tagKeys: tags.map((t) => tagKey(t, base.savedAt)),
  };
}

/** The record without its derived fields: what export writes and import reads. */
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
  };
}
