/**
 * The event catalogue of a set of PRISM stories: those published in the last `days` days (default 30), each edition's
 * terms (storyTerms). The publisher (publisher/) and its test oracle both build the event index with this.
 */
import type { Story } from '../prism/schema';
import { siteOf } from '../url/site';
import type { EventCatalogue, EventStory } from './matcher';
import { storyTerms } from './story-terms';
import { isKorean } from './text';

export const DEFAULT_EVENT_DAYS = 30;
const DAY_MS = 86_400_000;

/** The first day (days since the epoch, UTC) in the window: the window moves a day at a time. */
export const windowStart = (now: Date, days: number) => Math.floor(now.getTime() / DAY_MS) - days;

export function eventStory(s: Story): EventStory {
  const editions: EventStory['editions'] = {};
  const sourceKo = isKorean(s.source.title);
  for (const lang of ['en', 'ko'] as const) {
    const ed = s.editions[lang];
    if (!ed) continue;
    editions[lang] = storyTerms(
      {
        title: ed.title,
        summary: ed.summary,
        body: ed.body.slice(0, 1),
        tags: ed.tags,
        sourceTitle: sourceKo === (lang === 'ko') ? s.source.title : undefined,
      },
      lang,
    );
  }
  const day = Math.floor(Date.parse(s.publishedAt) / DAY_MS);
  return { id: s.id, site: siteOf(s.source.url) ?? new URL(s.source.url).hostname, day, editions };
}

export function eventCatalogue(stories: Iterable<Story>, now: Date, days = DEFAULT_EVENT_DAYS): EventCatalogue {
  const from = windowStart(now, days);
  const out: EventStory[] = [];
  for (const s of stories) {
    const day = Math.floor(Date.parse(s.publishedAt) / DAY_MS);
    if (!(day >= from)) continue;
    out.push(eventStory(s));
  }
  return { stories: out };
}
