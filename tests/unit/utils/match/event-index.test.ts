/**
 * The event index format (utils/match/event-index.ts): a catalogue survives the round trip (the matcher gives the
 * same answers on the decoded index), the same catalogue always gives the same bytes, and damaged, hostile or
 * oversized files are refused with an EventIndexError that says what is wrong.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeEventIndex,
  encodeEventIndex,
  EventIndexError,
  expandCatalogue,
  MAX_EVENT_INDEX_BYTES,
} from '../../../../utils/match/event-index';
import { createMatcher, type EventCatalogue } from '../../../../utils/match/matcher';
import { storyTerms } from '../../../../utils/match/story-terms';

const en = (title: string, summary: string) => storyTerms({ title, summary }, 'en');
const ko = (title: string, summary: string) => storyTerms({ title, summary }, 'ko');

const catalogue: EventCatalogue = {
  stories: [
    {
      id: 'sbarro-bankruptcy',
      site: 'reuters.com',
      day: 16_139,
      editions: {
        en: en('Sbarro files for bankruptcy again', 'The pizza chain Sbarro filed for Chapter 11 protection.'),
      },
    },
    {
      id: 'mh370-search',
      site: 'scmp.com',
      day: 16_140,
      editions: {
        en: en('Search for missing flight MH370 widens', 'Malaysia Airlines flight MH370 vanished with 239 people.'),
        ko: ko('말레이시아항공 MH370 실종기 수색 확대', '239명을 태우고 사라진 여객기를 찾고 있다.'),
      },
    },
    {
      id: 'chip-tariffs',
      site: 'yna.co.kr',
      day: 16_141,
      editions: { ko: ko('반도체 관세 유예에 업계 안도', '미국이 반도체 관세를 18개월 유예했다.') },
    },
  ],
};

const questions = [
  { url: 'https://nyt.com/a', title: 'Sbarro seeks Chapter 11 protection for the second time' },
  { url: 'https://bbc.com/a', title: 'MH370: search for missing Malaysia Airlines plane widens' },
  { url: 'https://hani.co.kr/a', title: '반도체 관세 유예, 업계 안도' },
  { url: 'https://x.com/a', title: 'Arsenal beat Chelsea 2-0' },
];

describe('event index round trip', () => {
  it('decodes to what was encoded, and the matcher answers the same on either', () => {
    const bytes = encodeEventIndex(catalogue);
    const decoded = decodeEventIndex(bytes);
    const back = expandCatalogue(decoded);
    const byId = [...catalogue.stories].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(back.stories.map((s) => [s.id, s.site, s.day, Object.keys(s.editions)])).toEqual(
      byId.map((s) => [s.id, s.site, s.day, Object.keys(s.editions)]),
    );
    for (const [i, s] of back.stories.entries()) {
      for (const lang of ['en', 'ko'] as const) {
        expect(s.editions[lang]?.weights).toEqual(byId[i]!.editions[lang]?.weights);
        expect(s.editions[lang]?.marked ?? new Set()).toEqual(byId[i]!.editions[lang]?.marked ?? new Set());
      }
    }
    const a = createMatcher(catalogue);
    const b = createMatcher(decoded);
    expect(questions.map((q) => b.match(q))).toEqual(questions.map((q) => a.match(q)));
    expect(questions.map((q) => b.match(q).story)).toEqual(['sbarro-bankruptcy', 'mh370-search', 'chip-tariffs', null]);
  });

  it('gives the same bytes for the same stories in any order', () => {
    const reversed = { ...catalogue, stories: [...catalogue.stories].reverse() };
    expect(encodeEventIndex(reversed)).toEqual(encodeEventIndex(catalogue));
  });

  it('an empty catalogue round-trips and matches nothing', () => {
    const empty = decodeEventIndex(encodeEventIndex({ stories: [] }));
    expect(createMatcher(empty).match(questions[0]!)).toEqual({ story: null, score: 0 });
  });
});

describe('event index refusals', () => {
  const good = encodeEventIndex(catalogue);
  const refused = (bytes: Uint8Array, message: RegExp, max?: number) => {
    expect(() => decodeEventIndex(bytes, max)).toThrow(EventIndexError);
    expect(() => decodeEventIndex(bytes, max)).toThrow(message);
  };
  const withLength = (body: Uint8Array) => {
    const out = new Uint8Array(body);
    new DataView(out.buffer).setUint32(5, out.length - 9, true);
    return out;
  };

  it('refuses a file that is not an event index', () => {
    refused(new TextEncoder().encode('{"stories": []}'), /not an event index/);
    refused(new Uint8Array(0), /not an event index/);
  });

  it('refuses another version', () => {
    const b = good.slice();
    b[4] = 2;
    refused(b, /version 2 is not supported/);
  });

  it('refuses a truncated file, and bytes after the end', () => {
    refused(good.subarray(0, good.length - 3), /says \d+ bytes follow/);
    refused(withLength(good.subarray(0, good.length - 3)), /truncated|bad term entry|more than/);
    const longer = new Uint8Array(good.length + 2);
    longer.set(good);
    refused(withLength(longer), /left over/);
  });

  it('refuses a file larger than the reader allows, before reading it', () => {
    refused(good, /more than the 100 allowed/, 100);
    expect(MAX_EVENT_INDEX_BYTES).toBeGreaterThanOrEqual(16 * 1024 * 1024);
  });

  it('refuses a story id that is not one, a duplicate story and a bad host name', () => {
    const bad = (id: string, site = 'reuters.com') =>
      encodeEventIndex({ stories: [{ id, site, day: 1, editions: { en: en('A b c', 'D e f') } }] });
    refused(bad('Not/An-Id'), /is not a story id/);
    refused(bad('ok-id', 'javascript:alert(1)'), /is not a host name/);
    const dup = encodeEventIndex({
      stories: [
        { id: 'same', site: 'a.com', day: 1, editions: {} },
        { id: 'samf', site: 'a.com', day: 1, editions: {} },
      ],
    });
    // Turn the second id into the first (same length): the reader must notice.
    const at = dup.lastIndexOf('f'.charCodeAt(0));
    const twice = dup.slice();
    twice[at] = 'e'.charCodeAt(0);
    refused(twice, /story "same" twice/);
  });

  it('never throws anything but EventIndexError on random damage', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 300; i++) {
      const b = good.slice();
      for (let k = 0; k < 3; k++) b[9 + Math.floor(rand() * (b.length - 9))] = Math.floor(rand() * 256);
      try {
        decodeEventIndex(b);
      } catch (err) {
        expect(err).toBeInstanceOf(EventIndexError);
      }
    }
  });
});
