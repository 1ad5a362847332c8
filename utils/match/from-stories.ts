/**
 * The event catalogue of a set of PRISM stories: those published in the last `days` days (default 30), each edition's
 * terms (storyTerms). The in-memory and the streaming publisher both build the event index with this.
 */
import type { Story } from '../prism/schema';
import { siteOf } from '../url/site';
import type { EventCatalogue, EventStory } from './matcher';
import { storyTerms } from './story-terms';
import { isKorean } from './text';

export const DEFAULT_EVENT_DAYS = 30;
const DAY_MS = 86_400_000;

export function eventCatalogue(stories: Iterable<Story>, now: Date, days = DEFAULT_EVENT_DAYS): EventCatalogue {
  const from = now.getTime() - days * DAY_MS;
  const out: EventStory[] = [];
  const marked = new Set<string>();
  for (const s of stories) {
    const at = Date.parse(s.publishedAt);
    if (!(at >= from)) continue;
    const editions: EventStory['editions'] = {};
    const sourceKo = isKorean(s.source.title);
    for (const lang of ['en', 'ko'] as const) {
      const ed = s.editions[lang];
      if (!ed) continue;
      const st = storyTerms(
        {
          title: ed.title,
          summary: ed.summary,
          body: ed.body.slice(0, 1),
          tags: ed.tags,
          sourceTitle: sourceKo === (lang === 'ko') ? s.source.title : undefined,
        },
        lang,
      );
      st.marked.forEach((t) => marked.add(t));
      editions[lang] = { weights: st.weights };
    }
    out.push({
      id: s.id,
      site: siteOf(s.source.url) ?? new URL(s.source.url).hostname,
      day: Math.floor(at / DAY_MS),
      editions,
    });
  }
  return { stories: out, marked };
}
