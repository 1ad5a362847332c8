/**
 * The local key set of the PRISM catalogue: a compact file holding every lookup key (utils/prism/keys.ts) so the
 * extension can tell, without any request, that a page has no analysis. A hit is only probable (false-positive
 * rate 2^-18 with the default parameters) and is confirmed online with a shard; a key of the set is never missed.
 *
 * Format 'gcs-v1', a Golomb-Rice coded set with a bucket index (docs/bench.md says why this and not a fuse filter).
 * A key's first 32 bits (hi32) give a quotient q = floor(hi32 * n / 2^32) (n distinct keys), its next 21 bits a
 * remainder r = floor(next21 * M / 2^21), so value = q * M + r is uniform in [0, n * M). Values are grouped in
 * buckets of L = 2^bucketBits quotients; in each bucket the sorted values are coded as gaps (the first from the
 * bucket's start): gap >> k in unary (that many 0 bits, then a 1), then the low k bits. Integers little-endian:
 *
 *   0  'PRKS'   4  version (1)   5  k (Rice bits)   6  bucketBits   7  0
 *   8  key count n   12  value count (n less the rare colliding values)   16  M   20  data bytes   24  checksum
 *   28 0   32  bucket index: ceil(n / L) u32 bit offsets into the data   then the data: u32 words, the bit
 *   stream filling each word from its most significant bit, and one last word of padding (0). The checksum
 *   (murmur3-style, over the whole file) is checked when the set is read, with the index; nothing is decoded
 *   up front: a lookup decodes one bucket (L / 2 gaps on average).
 */

export const KEYSET_FORMAT = 'gcs-v1';

export interface KeySet {
  /** Distinct keys in the set (keys equal in their first 53 bits count once: they cannot be told apart). */
  readonly count: number;
  readonly byteLength: number;
  /**
   * The share of absent keys `has` says are present: values / (n · M), at most 1/M ≤ 2^-16 for any set that reads.
   * The background compares the shards' "no such key" answers with it (utils/lookup/miss-guard.ts).
   */
  readonly falsePositiveRate: number;
  /** True for every key of the set (any case); false for anything that is not a 64-hex key. */
  has(key: string): boolean;
}

/** M: values per key (false-positive rate ≈ 1/M); k: Rice bits; bucketBits: log2 of quotients per bucket. */
export interface KeySetParams {
  readonly range: number;
  readonly riceBits: number;
  readonly bucketBits: number;
}

export const DEFAULT_KEYSET_PARAMS: KeySetParams = { range: 2 ** 18, riceBits: 17, bucketBits: 7 };

/** A key set file that cannot be read, or a key that cannot go into one. */
export class KeySetError extends Error {
  override name = 'KeySetError';
}

const MAGIC = [0x50, 0x52, 0x4b, 0x53]; // 'PRKS'
const VERSION = 1;
const HEADER_BYTES = 32;
const PAD_BYTES = 4;
const CHECKSUM_AT = 24;
const MAX_RICE_BITS = 24;
/** 1,024 quotients a bucket at most: a lookup decodes one bucket, so this bounds its work (the default is 2^7). */
const MAX_BUCKET_BITS = 10;
/**
 * Values per key at least: the false-positive rate is at most 1/M whatever else a file says (values are uniform
 * over n · M), so a server cannot ship a set that holds every key (range 1) and make every page ask for a shard.
 */
const MIN_RANGE = 2 ** 16;
const MAX_RANGE = 2 ** 21;
/** M / 2^k at most: the unary part of a gap is 16 bits on average at worst (the default has 2). */
const MAX_UNARY_RATIO = 16;
const LOW_BITS = 2 ** 21;
/** Bit offsets are u32. */
const MAX_DATA_BYTES = 2 ** 29;

const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
  NIBBLE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** The first 53 bits of a 64-hex key as an integer, or -1 for anything that is not a key. */
function keyBits(key: unknown): number {
  if (typeof key !== 'string' || key.length !== 64) return -1;
  let hi = 0;
  let lo = 0;
  let bad = 0;
  for (let i = 0; i < 64; i++) {
    const c = key.charCodeAt(i);
    const v = c < 128 ? NIBBLE[c]! : -1;
    bad |= v;
    if (i < 8) hi = hi * 16 + v;
    else if (i < 14) lo = lo * 16 + v;
  }
  return bad < 0 ? -1 : hi * LOW_BITS + (lo >>> 3);
}

/** floor(a * n / 2^32) exactly, for integers a < 2^32 and n ≤ 2^32. */
function scale(a: number, n: number): number {
  const ah = Math.floor(a / 65536);
  const al = a - ah * 65536;
  return Math.floor((ah * n + Math.floor((al * n) / 65536)) / 65536);
}

/** The key's value in [0, n * M), as quotient and remainder. */
function quotient(bits: number, n: number): number {
  return scale(Math.floor(bits / LOW_BITS), n);
}
function remainder(bits: number, range: number): number {
  return Math.floor(((bits % LOW_BITS) * range) / LOW_BITS);
}

function checkParams(p: KeySetParams): void {
  const ok =
    Number.isInteger(p.range) &&
    p.range >= MIN_RANGE &&
    p.range <= MAX_RANGE &&
    Number.isInteger(p.riceBits) &&
    p.riceBits >= 0 &&
    p.riceBits <= MAX_RICE_BITS &&
    p.range <= MAX_UNARY_RATIO * 2 ** p.riceBits &&
    Number.isInteger(p.bucketBits) &&
    p.bucketBits >= 0 &&
    p.bucketBits <= MAX_BUCKET_BITS;
  if (!ok) throw new KeySetError(`key set parameters out of range: ${JSON.stringify(p)}`);
}

/** Distinct key bits, sorted. */
function collect(keys: Iterable<string>): Float64Array {
  let all = new Float64Array(Array.isArray(keys) ? Math.max(16, keys.length) : 1024);
  let len = 0;
  for (const key of keys) {
    const bits = keyBits(key);
    if (bits < 0) throw new KeySetError(`not a key (64 hex digits): ${JSON.stringify(String(key).slice(0, 80))}`);
    if (len === all.length) {
      const grown = new Float64Array(len * 2);
      grown.set(all);
      all = grown;
    }
    all[len++] = bits;
  }
  return unique(all.subarray(0, len).sort());
}

function unique(sorted: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (n === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return sorted.subarray(0, n);
}

/** floor(v / d) for integers, exact even where the division rounds up. */
function floorDiv(v: number, d: number): number {
  const q = Math.floor(v / d);
  return q * d > v ? q - 1 : q;
}

/** ORs `width` (1 to 25) bits of `value` into `words` at bit `pos`, most significant bit first. */
function putBits(words: Uint32Array, pos: number, value: number, width: number): void {
  const i = pos >>> 5;
  const room = 32 - (pos & 31);
  if (width <= room) {
    words[i]! |= value << (room - width);
  } else {
    words[i]! |= value >>> (width - room);
    words[i + 1]! |= value << (32 - width + room);
  }
}

/**
 * The key set file of `keys` (64-hex, any case, duplicates allowed). The same set gives the same bytes whatever
 * the order, case and duplicates. Throws KeySetError on a string that is not a key.
 */
export function buildKeySet(keys: Iterable<string>, params: KeySetParams = DEFAULT_KEYSET_PARAMS): Uint8Array {
  checkParams(params);
  const { range, riceBits: k, bucketBits } = params;
  const bits = collect(keys);
  const n = bits.length;
  if (n > 0xffffffff) throw new KeySetError('too many keys for one key set');
  for (let i = 0; i < n; i++) bits[i] = quotient(bits[i]!, n) * range + remainder(bits[i]!, range); // in place
  const sorted = unique(bits.sort());
  const bucketRange = range * 2 ** bucketBits;
  const buckets = Math.ceil(n / 2 ** bucketBits);
  const K = 2 ** k;

  let total = 0;
  for (let i = 0, prev = 0, bucket = -1; i < sorted.length; i++) {
    const v = sorted[i]!;
    const b = floorDiv(v, bucketRange);
    if (b !== bucket) {
      bucket = b;
      prev = b * bucketRange;
    }
    total += 1 + k + Math.floor((v - prev) / K);
    prev = v;
  }
  const dataBytes = Math.ceil(Math.ceil(total / 8) / 4) * 4 + PAD_BYTES;
  if (dataBytes > MAX_DATA_BYTES) throw new KeySetError('too many keys for one key set');

  const out = new Uint8Array(HEADER_BYTES + 4 * buckets + dataBytes);
  const view = new DataView(out.buffer);
  const data = new Uint32Array(dataBytes / 4);
  let pos = 0;
  let bucket = -1;
  for (let i = 0, prev = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    const b = floorDiv(v, bucketRange);
    if (b !== bucket) {
      while (bucket < b) view.setUint32(HEADER_BYTES + 4 * ++bucket, pos, true);
      prev = b * bucketRange;
    }
    const gap = v - prev;
    pos += Math.floor(gap / K);
    putBits(data, pos, K + (gap % K), k + 1);
    pos += k + 1;
    prev = v;
  }
  while (bucket < buckets - 1) view.setUint32(HEADER_BYTES + 4 * ++bucket, pos, true);
  const dataAt = HEADER_BYTES + 4 * buckets;
  for (let i = 0; i < data.length; i++) view.setUint32(dataAt + 4 * i, data[i]!, true);

  out.set(MAGIC, 0);
  out.set([VERSION, k, bucketBits, 0], 4);
  view.setUint32(8, n, true);
  view.setUint32(12, sorted.length, true);
  view.setUint32(16, range, true);
  view.setUint32(20, dataBytes, true);
  view.setUint32(CHECKSUM_AT, checksum(signedWords(wordsOf(out)), out.length), true);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The file as little-endian u32 words: a view where it can be (a start-up costs no copy), else a copy. */
function wordsOf(bytes: Uint8Array): Uint32Array {
  const count = bytes.length / 4;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Uint32Array.from({ length: count }, (_, i) => view.getUint32(4 * i, true));
}

/** The same words read as int32: V8 keeps those as small integers (a u32 above 2^31 becomes a double). */
function signedWords(words: Uint32Array): Int32Array {
  return new Int32Array(words.buffer, words.byteOffset, words.length);
}

/**
 * The file's checksum: murmur3_32's word step and finaliser over every u32 word (little-endian) of the file,
 * the checksum's own word read as 0, then the length. It catches a damaged download or stored copy (not a forger).
 */
function checksum(words: Int32Array, size: number): number {
  const skip = CHECKSUM_AT / 4;
  let h = 0x9747b28c;
  for (let i = 0; i < words.length; i++) {
    let w = Math.imul(i === skip ? 0 : words[i]!, 0xcc9e2d51);
    w = Math.imul((w << 15) | (w >>> 17), 0x1b873593);
    h ^= w;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  h ^= size;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Colliding values a set of n keys may lack: two keys share a value with probability about 1/(2M) each, i.e.
 * n / 2^17 expected at the smallest range; this allows 16 + n / 2^10 (far above any honest set).
 */
const maxCollisions = (n: number) => 16 + Math.floor(n / 1024);

/**
 * The most bits one bucket of L quotients can need: its values (L on average; this allows L + 8·√L + 64, which an
 * honest bucket exceeds with a probability under 10^-15) at k + 1 bits each, plus its unary parts, which add up to
 * at most the bucket's range over 2^k. A bucket longer than that could only be there to make lookups slow.
 */
function maxBucketBits(L: number, k: number, range: number): number {
  return (L + 8 * Math.ceil(Math.sqrt(L)) + 64) * (k + 1) + Math.ceil((L * range) / 2 ** k) + 32;
}

function fail(message: string): never {
  throw new KeySetError(message);
}

/**
 * Reads a key set file: checks its header, sizes, index and checksum (one pass over the bytes, no decoding) and
 * returns a view of it (the bytes must not change afterwards). Throws KeySetError on anything malformed.
 */
export function readKeySet(bytes: Uint8Array): KeySet {
  // Not instanceof: bytes read back from IndexedDB or made in another realm are Uint8Arrays of that realm.
  if (Object.prototype.toString.call(bytes) !== '[object Uint8Array]') fail('a key set must be bytes (a Uint8Array)');
  const size = bytes.length;
  if (size < HEADER_BYTES) fail(`truncated key set: ${size} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  if (MAGIC.some((m, i) => bytes[i] !== m)) fail('not a PRISM key set (wrong magic bytes)');
  if (bytes[4] !== VERSION) fail(`unknown key set version ${bytes[4]} (this reader knows version ${VERSION})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, size);
  const k = bytes[5]!;
  const bucketBits = bytes[6]!;
  const n = view.getUint32(8, true);
  const valueCount = view.getUint32(12, true);
  const range = view.getUint32(16, true);
  const dataBytes = view.getUint32(20, true);
  if (bytes[7] !== 0 || view.getUint32(28, true) !== 0) fail('key set header has non-zero reserved bytes');
  if (k > MAX_RICE_BITS) fail(`key set Rice parameter ${k} is out of range (at most ${MAX_RICE_BITS})`);
  if (bucketBits > MAX_BUCKET_BITS) fail(`key set bucket size 2^${bucketBits} is out of range`);
  if (range < MIN_RANGE) {
    fail(
      `key set range ${range} is too small: its false-positive rate would be 1/${range}; a key set must have a range of at least ${MIN_RANGE}`,
    );
  }
  if (range > MAX_RANGE) fail(`key set range ${range} is out of range (${MIN_RANGE} to ${MAX_RANGE})`);
  if (range > MAX_UNARY_RATIO * 2 ** k) {
    fail(`key set Rice parameter ${k} is too small for its range ${range} (at least log2 of the range less 4)`);
  }
  if (valueCount > n || (n > 0 && valueCount === 0) || n - valueCount > maxCollisions(n)) {
    fail(`key set has ${valueCount} values for ${n} keys`);
  }
  const buckets = Math.ceil(n / 2 ** bucketBits);
  const expected = HEADER_BYTES + 4 * buckets + dataBytes;
  if (size < expected) fail(`truncated key set: ${size} bytes, its header says ${expected}`);
  if (size > expected) fail(`key set has ${size - expected} bytes after its end`);
  if (dataBytes < PAD_BYTES || dataBytes % 4 !== 0 || dataBytes > MAX_DATA_BYTES) {
    fail(`key set data size ${dataBytes} is not valid`);
  }
  const usable = (dataBytes - PAD_BYTES) * 8;
  const K = 2 ** k;
  if (usable < valueCount * (k + 1)) fail(`key set data is too short for ${valueCount} values`);
  if (usable > valueCount * (k + 1) + Math.floor((n * range) / K) + 31) {
    fail(`key set data is longer than ${valueCount} values can need`);
  }
  const words = wordsOf(bytes);
  const indexAt = HEADER_BYTES / 4;
  const L = 2 ** bucketBits;
  const bucketMax = maxBucketBits(L, k, range);
  const tooLong = (b: number, bits: number) =>
    fail(`key set bucket ${b} spans ${bits} bits, more than its keys can need (${bucketMax})`);
  for (let b = 0, prev = 0; b < buckets; b++) {
    const offset = words[indexAt + b]!;
    if ((b === 0 && offset !== 0) || offset < prev || offset > usable) fail('key set bucket index is not valid');
    if (b > 0 && offset - prev > bucketMax) tooLong(b - 1, offset - prev);
    prev = offset;
    if (b === buckets - 1 && usable - offset > bucketMax) tooLong(b, usable - offset);
  }
  const signed = signedWords(words);
  if (checksum(signed, size) !== view.getUint32(CHECKSUM_AT, true)) fail('key set checksum does not match');

  const dataAt = indexAt + buckets;
  /** The 32 bits of the data from bit p on, as an int32 (the data ends in a word of padding: p's next word exists). */
  const window32 = (p: number): number => {
    const i = dataAt + (p >>> 5);
    const s = p & 31;
    return s === 0 ? signed[i]! : (signed[i]! << s) | (signed[i + 1]! >>> (32 - s));
  };
  const shift = 32 - k;
  return {
    count: n,
    byteLength: size,
    falsePositiveRate: n === 0 ? 0 : valueCount / (n * range),
    has(key: string): boolean {
      const bits = keyBits(key);
      if (bits < 0 || n === 0) return false;
      const q = quotient(bits, n);
      const b = Math.floor(q / L);
      const target = (q - b * L) * range + remainder(bits, range);
      let p = words[indexAt + b]!;
      const end = b + 1 < buckets ? words[indexAt + b + 1]! : usable;
      let acc = 0;
      while (p < end) {
        let w = window32(p);
        let u = 0;
        while (w === 0) {
          u += 32;
          p += 32;
          if (p >= end) return false;
          w = window32(p);
        }
        const z = Math.clz32(w);
        p += z + 1;
        if (p + k > end) return false;
        let low = 0;
        if (k > 0) low = z + 1 + k <= 32 ? (w << (z + 1)) >>> shift : window32(p) >>> shift;
        p += k;
        acc += (u + z) * K + low;
        if (acc >= target) return acc === target;
      }
      return false;
    },
  };
}
