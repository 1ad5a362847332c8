/**
 * The event index (`v2/events/<sha256>.bin`, format `pev-v1`, docs/prism-api.md): what same-event matching needs of
 * the stories of the last N days, and nothing more: each story's id, its source site, its day, and per edition its
 * terms with small weights. Pure: the publisher writes it, the background and `npm run match` read it.
 *
 * Layout (every number an unsigned LEB128 varint unless said):
 *   "PEV1" (4 bytes) · version (1 byte, 1) · byte length of the rest (4 bytes, little-endian) ·
 *   term count · for each term (sorted by story count, most first): its UTF-8 length and bytes ·
 *   site count · for each site: UTF-8 length and bytes ·
 *   story count · for each story: id length and bytes, site number, day, edition mask (1 en, 2 ko), and per
 *   edition: term count, then per term (gap from the previous term number) × 32 + 16 if the story writes it as a name or number +
 *   weight (1..15).
 * Terms come first in the order of how many stories hold them, so the commonest have the shortest numbers.
 */
import {
  MARKED_BIT,
  type CompactCatalogue,
  type CompactEdition,
  type EventCatalogue,
  type EventStory,
} from './matcher';
import type { MatchLang } from './text';

export const EVENT_INDEX_FORMAT = 'pev-v1';
const MAGIC = [0x50, 0x45, 0x56, 0x31]; // "PEV1"
const VERSION = 1;
/** A reader refuses anything larger (the 100k-story index is measured in docs/bench.md). */
export const MAX_EVENT_INDEX_BYTES = 32 * 1024 * 1024;
const MAX_STRING = 256;
const MAX_TERMS_PER_EDITION = 64;
const LANGS: readonly MatchLang[] = ['en', 'ko'];

export class EventIndexError extends Error {
  constructor(message: string) {
    super(`event index: ${message}`);
    this.name = 'EventIndexError';
  }
}

class Writer {
  private buf = new Uint8Array(1024);
  length = 0;
  private room(n: number) {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number) {
    this.room(1);
    this.buf[this.length++] = b;
  }
  varint(n: number) {
    if (!Number.isSafeInteger(n) || n < 0) throw new EventIndexError(`cannot write ${n}`);
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }
  string(s: string) {
    const bytes = new TextEncoder().encode(s);
    if (bytes.length > MAX_STRING)
      throw new EventIndexError(`a string longer than ${MAX_STRING} bytes: ${s.slice(0, 40)}…`);
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  bytes() {
    return this.buf.slice(0, this.length);
  }
}

class Reader {
  at = 0;
  private decoder = new TextDecoder('utf-8', { fatal: true });
  constructor(private readonly buf: Uint8Array) {}
  byte(): number {
    if (this.at >= this.buf.length) throw new EventIndexError(`truncated at byte ${this.at}`);
    return this.buf[this.at++]!;
  }
  varint(max: number, what: string): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (n > max) throw new EventIndexError(`${what} ${n} is more than ${max} (byte ${this.at})`);
        return n;
      }
      scale *= 0x80;
    }
    throw new EventIndexError(`a number too long at byte ${this.at}`);
  }
  string(what: string): string {
    const n = this.varint(MAX_STRING, `${what} length`);
    if (this.at + n > this.buf.length) throw new EventIndexError(`truncated in a ${what} at byte ${this.at}`);
    try {
      return this.decoder.decode(this.buf.subarray(this.at, (this.at += n)));
    } catch {
      throw new EventIndexError(`a ${what} is not UTF-8 (byte ${this.at})`);
    }
  }
  get done() {
    return this.at === this.buf.length;
  }
}

/** Encodes a catalogue; the same catalogue always gives the same bytes (stories sorted by id). */
export function encodeEventIndex(catalogue: EventCatalogue): Uint8Array {
  const stories = [...catalogue.stories].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const df = new Map<string, number>();
  for (const s of stories)
    for (const lang of LANGS) for (const t of s.editions[lang]?.weights.keys() ?? []) df.set(t, (df.get(t) ?? 0) + 1);
  const termList = [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
  const number = new Map(termList.map((t, i) => [t, i]));
  const sites = [...new Set(stories.map((s) => s.site))].sort();
  const siteNumber = new Map(sites.map((s, i) => [s, i]));

  const w = new Writer();
  w.varint(termList.length);
  for (const t of termList) w.string(t);
  w.varint(sites.length);
  for (const s of sites) w.string(s);
  w.varint(stories.length);
  for (const s of stories) {
    w.string(s.id);
    w.varint(siteNumber.get(s.site)!);
    w.varint(s.day);
    const eds = LANGS.filter((l) => (s.editions[l]?.weights.size ?? 0) > 0);
    w.byte(eds.reduce((m, l) => m | (l === 'en' ? 1 : 2), 0));
    for (const lang of eds) {
      const ed = s.editions[lang]!;
      const entries = [...ed.weights]
        .map(([t, weight]) => {
          const low = Math.max(1, Math.min(15, Math.round(weight))) | (ed.marked?.has(t) ? MARKED_BIT : 0);
          return [number.get(t)!, low] as const;
        })
        .sort((a, b) => a[0] - b[0])
        .slice(0, MAX_TERMS_PER_EDITION);
      w.varint(entries.length);
      entries.forEach(([n, low], i) => w.varint((n - (i ? entries[i - 1]![0] : 0)) * 32 + low));
    }
  }
  const body = w.bytes();
  const out = new Uint8Array(9 + body.length);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  new DataView(out.buffer).setUint32(5, body.length, true);
  out.set(body, 9);
  return out;
}

/** Reads an index, checking everything; throws EventIndexError with what is wrong. */
export function decodeEventIndex(bytes: Uint8Array, maxBytes = MAX_EVENT_INDEX_BYTES): CompactCatalogue {
  if (!(bytes instanceof Uint8Array)) throw new EventIndexError('not bytes');
  if (bytes.length > maxBytes) throw new EventIndexError(`${bytes.length} bytes is more than the ${maxBytes} allowed`);
  if (bytes.length < 9 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new EventIndexError('not an event index (no PEV1 mark)');
  }
  if (bytes[4] !== VERSION) throw new EventIndexError(`version ${bytes[4]} is not supported (only ${VERSION})`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(5, true);
  if (length !== bytes.length - 9) throw new EventIndexError(`says ${length} bytes follow, but ${bytes.length - 9} do`);
  const r = new Reader(bytes.subarray(9));
  const limit = bytes.length; // no count can exceed the bytes that would hold it
  const termCount = r.varint(limit, 'term count');
  const termList: string[] = [];
  for (let i = 0; i < termCount; i++) termList.push(r.string('term'));
  const marked = new Uint8Array(termCount);
  const siteCount = r.varint(limit, 'site count');
  const sites: string[] = [];
  for (let i = 0; i < siteCount; i++) {
    const site = r.string('site');
    if (!/^[a-z0-9.:[\]-]{1,253}$/.test(site))
      throw new EventIndexError(`site "${site.slice(0, 40)}" is not a host name`);
    sites.push(site);
  }
  const storyCount = r.varint(limit, 'story count');
  const ids: string[] = [];
  const site = new Uint32Array(storyCount);
  const day = new Uint32Array(storyCount);
  const seen = new Set<string>();
  const ed = LANGS.map(() => ({
    start: new Uint32Array(storyCount + 1),
    terms: new Uint32Array(1024),
    weights: new Uint8Array(1024),
    n: 0,
  }));
  for (let i = 0; i < storyCount; i++) {
    const id = r.string('story id');
    if (!/^[a-z0-9-]{1,128}$/.test(id)) throw new EventIndexError(`story id "${id.slice(0, 40)}" is not a story id`);
    if (seen.has(id)) throw new EventIndexError(`story "${id}" twice`);
    seen.add(id);
    ids.push(id);
    site[i] = r.varint(Math.max(0, siteCount - 1), 'site number');
    if (siteCount === 0) throw new EventIndexError(`story "${id}" has no site`);
    day[i] = r.varint(200_000, 'day');
    const mask = r.byte();
    if (mask > 3) throw new EventIndexError(`story "${id}" has edition mask ${mask}`);
    LANGS.forEach((lang, li) => {
      const e = ed[li]!;
      e.start[i] = e.n;
      if (!(mask & (1 << li))) return;
      const count = r.varint(MAX_TERMS_PER_EDITION, 'terms in an edition');
      let t = 0;
      for (let k = 0; k < count; k++) {
        const v = r.varint(termCount * 32, 'term entry');
        t += Math.floor(v / 32);
        const low = v % 32;
        if ((low & 15) === 0 || t >= termCount || (k > 0 && v < 32)) {
          throw new EventIndexError(`story "${id}" has a bad term entry (${lang}, term ${k})`);
        }
        if (e.n === e.terms.length) {
          const terms = new Uint32Array(e.n * 2);
          terms.set(e.terms);
          const weights = new Uint8Array(e.n * 2);
          weights.set(e.weights);
          e.terms = terms;
          e.weights = weights;
        }
        e.terms[e.n] = t;
        e.weights[e.n++] = low;
        if (low & MARKED_BIT) marked[t] = 1;
      }
    });
  }
  if (!r.done) throw new EventIndexError('bytes left over after the last story');
  const editions = {} as Record<MatchLang, CompactEdition>;
  LANGS.forEach((lang, li) => {
    const e = ed[li]!;
    e.start[storyCount] = e.n;
    editions[lang] = { start: e.start, terms: e.terms.slice(0, e.n), weights: e.weights.slice(0, e.n) };
  });
  return { terms: termList, marked, ids, sites, site, day, editions };
}

/** The publisher's form of a decoded index (tests compare it with what was encoded). */
export function expandCatalogue(c: CompactCatalogue): EventCatalogue {
  const stories: EventStory[] = c.ids.map((id, i) => {
    const editions: EventStory['editions'] = {};
    for (const lang of LANGS) {
      const e = c.editions[lang];
      if (e.start[i + 1] === e.start[i]) continue;
      const weights = new Map<string, number>();
      const marked = new Set<string>();
      for (let k = e.start[i]!; k < e.start[i + 1]!; k++) {
        const term = c.terms[e.terms[k]!]!;
        weights.set(term, e.weights[k]! & 15);
        if (e.weights[k]! & MARKED_BIT) marked.add(term);
      }
      editions[lang] = { weights, marked };
    }
    return { id, site: c.sites[c.site[i]!]!, day: c.day[i]!, editions };
  });
  return { stories };
}
