/**
 * The event index file of a publication and its meta.json reference; the publisher and the test oracle
 * (tests/unit/support/publish-oracle.ts) call this. Its byte format is the extension's too: utils/match/event-index.ts.
 */
import { sha256hexOfBytes } from '../../utils/prism/keys';
import { eventsPath, eventsRef } from './publish-format';
import type { EventIndexRef, Story } from '../../utils/prism/schema';
import { encodeEventIndex, EVENT_INDEX_FORMAT } from '../../utils/match/event-index';
import { DEFAULT_EVENT_DAYS, eventCatalogue } from '../../utils/match/from-stories';
import type { EventCatalogue } from '../../utils/match/matcher';

export interface EventIndexFile {
  path: string;
  bytes: Uint8Array;
  ref: EventIndexRef;
}

/** The file of a catalogue already cut to the window of `days`. */
export async function eventIndexFileOf(catalogue: EventCatalogue, days: number): Promise<EventIndexFile> {
  const bytes = encodeEventIndex(catalogue);
  const sha256 = await sha256hexOfBytes(bytes);
  return {
    path: eventsPath(sha256),
    bytes,
    ref: {
      path: eventsRef(sha256),
      sha256,
      format: EVENT_INDEX_FORMAT,
      stories: catalogue.stories.length,
      days,
      bytes: bytes.length,
    },
  };
}

export async function eventIndexFile(
  stories: Iterable<Story>,
  now: Date,
  days = DEFAULT_EVENT_DAYS,
): Promise<EventIndexFile> {
  return eventIndexFileOf(eventCatalogue(stories, now, days), days);
}
