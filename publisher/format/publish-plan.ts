/**
 * Planning over the publisher's compact index (publish-index.ts): the live keys sorted into their shards (a counting
 * sort on the 20-bit prefix, then by full key within a shard), key clashes, the entries of one shard, and which
 * shards a change of a story touches. Pure and allocation-light: typed arrays sized by the key count.
 */
import { hexOf, prefixOfBytes, SHARD_COUNT } from './publish-format';
import { entryOf } from './publish-story';
import { KEY_BYTES, type StoryTable } from './publish-index';
import type { LookupEntry } from '../../utils/prism/schema';

export interface SortedKeys {
  /** Key numbers (into table.keys) of the live stories in the shards asked for, sorted by key. */
  order: Uint32Array;
  /** The story of each key of `order` (same positions). */
  story: Uint32Array;
  /** The keys of shard p are order[bucketStart[p]] up to order[bucketStart[p + 1]] (none for a shard not asked for). */
  bucketStart: Uint32Array;
  /** Live keys in the whole table. */
  liveKeys: number;
}

/** Compares keys a and b from byte `from` on (2 inside a shard: the first 20 bits are the shard's). */
function compareKeys(keys: Uint8Array, a: number, b: number, from = 2): number {
  const x = a * KEY_BYTES;
  const y = b * KEY_BYTES;
  for (let i = from; i < KEY_BYTES; i++) {
    const d = keys[x + i]! - keys[y + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The live keys of the shards marked in `only` (all shards without it), sorted: the keys a run must look at, since
 * a change can only touch, or clash in, the shards its keys are in.
 */
export function sortKeys(t: StoryTable, only?: Uint8Array): SortedKeys {
  const bucketStart = new Uint32Array(SHARD_COUNT + 1);
  let live = 0;
  let picked = 0;
  for (let s = 0; s < t.count; s++) {
    if (!t.isLive(s)) continue;
    for (let k = t.keyStart[s]!; k < t.keyStart[s + 1]!; k++) {
      const p = prefixOfBytes(t.keys, k * KEY_BYTES);
      live++;
      if (only && !only[p]) continue;
      bucketStart[p + 1]!++;
      picked++;
    }
  }
  for (let p = 0; p < SHARD_COUNT; p++) bucketStart[p + 1]! += bucketStart[p]!;
  const next = bucketStart.slice(0, SHARD_COUNT);
  const order = new Uint32Array(picked);
  const story = new Uint32Array(picked);
  for (let s = 0; s < t.count; s++) {
    if (!t.isLive(s)) continue;
    for (let k = t.keyStart[s]!; k < t.keyStart[s + 1]!; k++) {
      const p = prefixOfBytes(t.keys, k * KEY_BYTES);
      if (only && !only[p]) continue;
      const at = next[p]!++;
      order[at] = k;
      story[at] = s;
    }
  }
  // Insertion sort inside each shard: a handful of keys each.
  for (let p = 0; p < SHARD_COUNT; p++) {
    const [from, to] = [bucketStart[p]!, bucketStart[p + 1]!];
    for (let i = from + 1; i < to; i++) {
      const [k, s] = [order[i]!, story[i]!];
      let j = i - 1;
      while (j >= from && compareKeys(t.keys, order[j]!, k) > 0) {
        order[j + 1] = order[j]!;
        story[j + 1] = story[j]!;
        j--;
      }
      order[j + 1] = k;
      story[j + 1] = s;
    }
  }
  return { order, story, bucketStart, liveKeys: live };
}

/** Positions in `sorted.order` of pairs of equal keys (of two live stories: a story's own keys are distinct). */
export function findClashes(t: StoryTable, sorted: SortedKeys): [number, number][] {
  const clashes: [number, number][] = [];
  const { order } = sorted;
  for (let i = 1; i < order.length; i++) {
    if (compareKeys(t.keys, order[i - 1]!, order[i]!, 0) === 0) clashes.push([i - 1, i]);
  }
  return clashes;
}

/** The entries of shard `p`, sorted by key; empty when no key starts with its prefix. */
export function shardEntries(t: StoryTable, sorted: SortedKeys, p: number): LookupEntry[] {
  const entries: LookupEntry[] = [];
  for (let i = sorted.bucketStart[p]!; i < sorted.bucketStart[p + 1]!; i++) {
    const k = sorted.order[i]!;
    const s = sorted.story[i]!;
    entries.push(entryOf(hexOf(t.keys, k * KEY_BYTES), t.ids[s]!, t.sitesOf(s)));
  }
  return entries;
}

const HEX_CHUNK = 4096;
/** Byte b's two hex digits as one 16-bit word of a little-endian Uint16Array (low byte: the first digit). */
const HEX_PAIRS = new Uint16Array(256);
for (let b = 0; b < 256; b++) {
  const digits = b.toString(16).padStart(2, '0');
  HEX_PAIRS[b] = digits.charCodeAt(0) | (digits.charCodeAt(1) << 8);
}
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The keys of `stories` (numbers) as hex digit pairs into `pairs`: outside the generator, which V8 optimises less. */
function spellKeys(t: StoryTable, stories: Uint32Array, n: number, pairs: Uint16Array): number {
  let o = 0;
  for (let i = 0; i < n; i++) {
    const s = stories[i]!;
    const end = t.keyStart[s + 1]! * KEY_BYTES;
    for (let at = t.keyStart[s]! * KEY_BYTES; at < end; at++) pairs[o++] = HEX_PAIRS[t.keys[at]!]!;
  }
  return o / KEY_BYTES;
}

/**
 * Every live key of the table, as hex, in table order (what the key set is built from: its bytes do not depend on
 * the order). Keys are spelled out a few thousand at a time into one buffer and decoded as one string, of which
 * each key is a slice: far cheaper than 32 concatenations each.
 */
export function* liveKeys(t: StoryTable): Generator<string> {
  if (!LITTLE_ENDIAN) {
    for (let s = 0; s < t.count; s++) {
      if (!t.isLive(s)) continue;
      for (let k = t.keyStart[s]!; k < t.keyStart[s + 1]!; k++) yield hexOf(t.keys, k * KEY_BYTES);
    }
    return;
  }
  // Up to HEX_CHUNK stories a batch, with room for their keys (a story has at most 66: source, 64 sites, title).
  const stories = new Uint32Array(HEX_CHUNK);
  let pairs = new Uint16Array(HEX_CHUNK * 4 * KEY_BYTES);
  const decoder = new TextDecoder('latin1');
  for (let s = 0; s < t.count;) {
    let n = 0;
    let keys = 0;
    for (; s < t.count && n < HEX_CHUNK; s++) {
      if (!t.isLive(s)) continue;
      stories[n++] = s;
      keys += t.keyStart[s + 1]! - t.keyStart[s]!;
    }
    if (pairs.length < keys * KEY_BYTES) pairs = new Uint16Array(keys * KEY_BYTES);
    const count = spellKeys(t, stories, n, pairs);
    const text = decoder.decode(new Uint8Array(pairs.buffer, 0, count * KEY_BYTES * 2));
    for (let i = 0; i < count; i++) yield text.slice(i * KEY_BYTES * 2, (i + 1) * KEY_BYTES * 2);
  }
}

/** Marks (in a SHARD_COUNT-long bitmap) the shards of the keys in `keys` (KEY_BYTES each). */
function markShards(dirty: Uint8Array, keys: Uint8Array): void {
  for (let at = 0; at < keys.length; at += KEY_BYTES) dirty[prefixOfBytes(keys, at)] = 1;
}

/** Whether story `a` of table `ta` and story `b` of `tb` give the same shard entries (same keys, same sites). */
function sameEntries(ta: StoryTable, a: number, tb: StoryTable, b: number): boolean {
  if (ta.isLive(a) !== tb.isLive(b)) return false;
  if (!ta.isLive(a)) return true;
  const [ka, kb] = [ta.keysOf(a), tb.keysOf(b)];
  if (ka.length !== kb.length || ka.some((x, i) => kb[i] !== x)) return false;
  const [sa, sb] = [ta.sitesOf(a), tb.sitesOf(b)];
  return sa.length === sb.length && sa.every((x, i) => sb[i] === x);
}

/** Marks the shards whose entries differ between story `a` of `ta` (or none) and story `b` of `tb` (or none). */
export function markChange(
  dirty: Uint8Array,
  ta: StoryTable,
  a: number | undefined,
  tb: StoryTable,
  b: number | undefined,
): void {
  if (a !== undefined && b !== undefined && sameEntries(ta, a, tb, b)) return;
  if (a !== undefined && ta.isLive(a)) markShards(dirty, ta.keysOf(a));
  if (b !== undefined && tb.isLive(b)) markShards(dirty, tb.keysOf(b));
}
