/**
 * A story's matching terms, as the publisher computes them for the event index: each field's terms with a weight
 * (a title word counts more than a summary word), and the words it writes as names or numbers.
 */
import { terms, type MatchLang } from './text';

export interface StoryText {
  title: string;
  summary?: string;
  /** The first paragraphs (the publisher passes one or two). */
  body?: readonly string[];
  tags?: readonly string[];
  /** The analysed article's own headline (English editions). */
  sourceTitle?: string;
}

const FIELD_WEIGHTS = { title: 3, sourceTitle: 3, tags: 2, summary: 1, body: 1 } as const;
const MAX_WEIGHT = 15;
/** Terms kept per edition, heaviest first: what a headline can share with a story is in its first sentences. */
const MAX_TERMS = 32;

export function storyTerms(text: StoryText, lang: MatchLang): { weights: Map<string, number>; marked: Set<string> } {
  const weights = new Map<string, number>();
  const marked = new Set<string>();
  const add = (s: string | undefined, w: number) => {
    if (!s) return;
    for (const t of terms(s, lang)) {
      weights.set(t.term, Math.min(MAX_WEIGHT, (weights.get(t.term) ?? 0) + w));
      if (t.marked) marked.add(t.term);
    }
  };
  add(text.title, FIELD_WEIGHTS.title);
  add(text.sourceTitle, FIELD_WEIGHTS.sourceTitle);
  for (const tag of text.tags ?? []) add(tag, FIELD_WEIGHTS.tags);
  add(text.summary, FIELD_WEIGHTS.summary);
  for (const p of text.body ?? []) add(p, FIELD_WEIGHTS.body);
  if (weights.size > MAX_TERMS) {
    const kept = [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_TERMS);
    return { weights: new Map(kept), marked: new Set([...marked].filter((t) => kept.some(([k]) => k === t))) };
  }
  return { weights, marked };
}
