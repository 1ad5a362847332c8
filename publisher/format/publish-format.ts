/**
 * The files of a v2 publication (docs/prism-api.md): their paths and their exact text. Pure; shared by the
 * test oracle (tests/unit/support/publish-oracle.ts) and the publisher (publisher/), so both write the same bytes.
 */
import {
  API_PREFIX,
  API_VERSION,
  type EventIndexRef,
  type KeySetRef,
  type LookupEntry,
  type LookupShard,
  type Meta,
} from '../../utils/prism/schema';
import { ALL_SHARD, PREFIX_LENGTH } from '../../utils/prism/keys';
import { entryOf, jsonText } from './publish-story';

export const META_PATH = `${API_PREFIX}/meta.json`;
export const STORIES_DIR = `${API_PREFIX}/stories`;
export const LOOKUP_DIR = `${API_PREFIX}/lookup`;
export const KEYSET_DIR = `${API_PREFIX}/keyset`;

export const storyPath = (id: string) => `${STORIES_DIR}/${id}.json`;
export const shardPath = (prefix: string) => `${LOOKUP_DIR}/${prefix}.json`;
/** Relative to `{base}/v2/`, as meta.json names it. */
export const keysetRef = (sha256: string) => `keyset/${sha256}.bin`;
export const keysetPath = (sha256: string) => `${API_PREFIX}/${keysetRef(sha256)}`;
/** The event index (same-event matching), named by meta.json like the key set. */
export const eventsRef = (sha256: string) => `events/${sha256}.bin`;
export const eventsPath = (sha256: string) => `${API_PREFIX}/${eventsRef(sha256)}`;

/** Shards: 16^5 = 2^20 of them, numbered by their prefix read as a number. */
const PREFIX_BITS = PREFIX_LENGTH * 4;
export const SHARD_COUNT = 2 ** PREFIX_BITS;
const prefixName = (n: number) => n.toString(16).padStart(PREFIX_LENGTH, '0');

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 64 lower-case hex digits of the 32 bytes at `at` in `bytes`. */
export function hexOf(bytes: Uint8Array, at = 0, length = 32): string {
  let s = '';
  for (let i = at; i < at + length; i++) s += HEX[bytes[i]!];
  return s;
}

/** Writes the bytes of a hex string into `out` at `at`. */
export function putHex(hex: string, out: Uint8Array, at = 0): void {
  for (let i = 0; i < hex.length / 2; i++) out[at + i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
}

/** The shard number of a key (its first 5 hex digits), from its bytes. */
export const prefixOfBytes = (b: Uint8Array, at: number) => (b[at]! << 12) | (b[at + 1]! << 4) | (b[at + 2]! >>> 4);

/** A shard's text; `entries` sorted by key, their sites sorted. */
export function shardText(entries: LookupEntry[]): string {
  return jsonText({ v: API_VERSION, entries } satisfies LookupShard);
}

export function metaText(
  generatedAt: Date,
  stories: number,
  keyset: KeySetRef,
  prefixLength = PREFIX_LENGTH,
  events?: EventIndexRef,
  sites?: readonly string[] | null,
): string {
  const meta: Meta = {
    v: API_VERSION,
    generatedAt: generatedAt.toISOString(),
    stories,
    keyset,
    lookup: { prefixLength },
  };
  if (events) meta.events = events;
  if (sites) meta.sites = [...sites];
  return jsonText(meta);
}

/** meta.json names at most this many catalogue sites; a catalogue of more names none (docs/prism-api.md, 2.2). */
export const MAX_META_SITES = 20_000;

/**
 * Revision 2.2: the catalogue's source sites for meta.json `sites` (link marks turn on there by default): the
 * registrable domains of the live stories' source URLs and aliases, sorted; null when there are more than
 * MAX_META_SITES. `places` are the stories' sites and hosts as the index keeps them (entryPlaces).
 */
export function catalogueSites(places: Iterable<readonly string[]>): string[] | null {
  const sites = new Set<string>();
  for (const p of places) for (const site of entryOf('', '', p).sites) sites.add(site);
  return sites.size > MAX_META_SITES ? null : [...sites].sort();
}

/** The shard name of 5-hex prefix number `p` at prefix length `length` (keys.ts keyPrefix). */
export const outputShardName = (p: number, length: number) =>
  length === 0 ? ALL_SHARD : prefixName(p).slice(0, length);

/** meta.json without what changes on every publication, to tell whether a publication says anything new. */
export function metaWithoutTime(text: string): string | null {
  try {
    const { generatedAt: _, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return null;
  }
}
