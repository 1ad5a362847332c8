/**
 * Planning over the publisher's compact index (publish-index.ts): the live keys sorted into their shards (a counting
 * sort on the 20-bit prefix, then by full key within a shard), key clashes, the entries of one shard, and which
 * shards a change of a story touches. Pure and allocation-light: typed arrays sized by the key count.
 */
import { hexOf, prefixOfBytes, SHARD_COUNT } from './publish-format';
import { KEY_BYTES, type StoryTable } from './publish-index';
import type { LookupEntry } from './schema';

export interface SortedKeys {
  /** Key numbers (into table.keys) of the live stories, sorted by key. */
  order: Uint32Array;
  /** The keys of shard p are order[bucketStart[p]] up to order[bucketStart[p + 1]]. */
  bucketStart: Uint32Array;
  /** The story of each key number. */
  keyStory: Uint32Array;
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

export function sortKeys(t: StoryTable): SortedKeys {
  const keyStory = new Uint32Array(t.keyCount);
  const bucketStart = new Uint32Array(SHARD_COUNT + 1);
  let live = 0;
  for (let s = 0; s < t.count; s++) {
    const [k0, k1] = [t.keyStart[s]!, t.keyStart[s + 1]!];
    const isLive = t.isLive(s);
    for (let k = k0; k < k1; k++) {
      keyStory[k] = s;
      if (isLive) {
        bucketStart[prefixOfBytes(t.keys, k * KEY_BYTES) + 1]!++;
        live++;
      }
    }
  }
  for (let p = 0; p < SHARD_COUNT; p++) bucketStart[p + 1]! += bucketStart[p]!;
  const next = bucketStart.slice(0, SHARD_COUNT);
  const order = new Uint32Array(live);
  for (let k = 0; k < t.keyCount; k++) {
    if (t.isLive(keyStory[k]!)) order[next[prefixOfBytes(t.keys, k * KEY_BYTES)]!++] = k;
  }
  // Insertion sort inside each shard: a handful of keys each.
  for (let p = 0; p < SHARD_COUNT; p++) {
    const [from, to] = [bucketStart[p]!, bucketStart[p + 1]!];
    for (let i = from + 1; i < to; i++) {
      const k = order[i]!;
      let j = i - 1;
      while (j >= from && compareKeys(t.keys, order[j]!, k) > 0) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = k;
    }
  }
  return { order, bucketStart, keyStory };
}

/** Pairs of key numbers that are the same key (of two live stories: a story's own keys are distinct). */
export function findClashes(t: StoryTable, sorted: SortedKeys): [number, number][] {
  const clashes: [number, number][] = [];
  const { order } = sorted;
  for (let i = 1; i < order.length; i++) {
    const [a, b] = [order[i - 1]!, order[i]!];
    if (compareKeys(t.keys, a, b, 0) === 0) clashes.push([a, b]);
  }
  return clashes;
}

/** The entries of shard `p`, sorted by key; empty when no key starts with its prefix. */
export function shardEntries(t: StoryTable, sorted: SortedKeys, p: number): LookupEntry[] {
  const entries: LookupEntry[] = [];
  for (let i = sorted.bucketStart[p]!; i < sorted.bucketStart[p + 1]!; i++) {
    const k = sorted.order[i]!;
    const s = sorted.keyStory[k]!;
    entries.push({ key: hexOf(t.keys, k * KEY_BYTES), story: t.ids[s]!, sites: t.sitesOf(s) });
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

/** Keys order[from…from + n) as hex digit pairs into `pairs` (outside the generator, which V8 optimises less). */
function spellKeys(keys: Uint8Array, order: Uint32Array, from: number, n: number, pairs: Uint16Array): void {
  for (let i = 0, o = 0; i < n; i++) {
    const at = order[from + i]! * KEY_BYTES;
    for (let j = 0; j < KEY_BYTES; j++) pairs[o++] = HEX_PAIRS[keys[at + j]!]!;
  }
}

/**
 * Every live key, sorted, as hex (what the key set is built from). Keys are spelled out a few thousand at a time
 * into one buffer and decoded as one string, of which each key is a slice: far cheaper than 32 concatenations each.
 */
export function* liveKeys(t: StoryTable, sorted: SortedKeys): Generator<string> {
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < sorted.order.length; i++) yield hexOf(t.keys, sorted.order[i]! * KEY_BYTES);
    return;
  }
  const pairs = new Uint16Array(HEX_CHUNK * KEY_BYTES);
  const ascii = new Uint8Array(pairs.buffer);
  const decoder = new TextDecoder('latin1');
  for (let from = 0; from < sorted.order.length; from += HEX_CHUNK) {
    const n = Math.min(HEX_CHUNK, sorted.order.length - from);
    spellKeys(t.keys, sorted.order, from, n, pairs);
    const text = decoder.decode(ascii.subarray(0, n * KEY_BYTES * 2));
    for (let i = 0; i < n; i++) yield text.slice(i * KEY_BYTES * 2, (i + 1) * KEY_BYTES * 2);
  }
}

/** Marks (in a SHARD_COUNT-long bitmap) the shards of the keys in `keys` (KEY_BYTES each). */
export function markShards(dirty: Uint8Array, keys: Uint8Array): void {
  for (let at = 0; at < keys.length; at += KEY_BYTES) dirty[prefixOfBytes(keys, at)] = 1;
}

/** Whether story `a` of table `ta` and story `b` of `tb` give the same shard entries (same keys, same sites). */
export function sameEntries(ta: StoryTable, a: number, tb: StoryTable, b: number): boolean {
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
