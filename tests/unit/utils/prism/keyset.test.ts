/**
 * The catalogue's key set (utils/prism/keyset.ts): round trips never miss a key, the bytes depend only on the set,
 * damaged and hostile files are refused with KeySetError (or read harmlessly), non-keys are never members, and
 * the false-positive rate matches the design. Sizes and rates are asserted; speed is measured by the bench.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { craft, matchAllKeySet, seal } from '../../support/hostile-keyset';
import {
  buildKeySet,
  DEFAULT_KEYSET_PARAMS,
  KEYSET_FORMAT,
  KeySetError,
  readKeySet,
  type KeySetParams,
} from '../../../../utils/prism/keyset';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const keysOf = (n: number, label: string) => Array.from({ length: n }, (_, i) => sha(`${label}:${i}`));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A key, and the same key with some of its letters upper-cased. */
const keyArb = fc
  .tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 64, maxLength: 64 }))
  .map(([bytes, mask]) => {
    const key = hex(bytes);
    const mixed = [...key].map((c, i) => ((mask[i]! & 1) === 1 ? c.toUpperCase() : c)).join('');
    return { key, mixed };
  });

/** Parameters around the Rice optimum for their range, from the smallest range allowed, and one-quotient buckets. */
const paramsArb: fc.Arbitrary<KeySetParams> = fc
  .record({ log: fc.integer({ min: 16, max: 21 }), delta: fc.integer({ min: -3, max: 3 }), b: fc.nat(10) })
  .chain(({ log, delta, b }) =>
    fc.integer({ min: 2 ** log, max: Math.min(2 ** (log + 1) - 1, 2 ** 21) }).map((range) => ({
      range,
      riceBits: Math.max(0, Math.min(24, log + delta)),
      bucketBits: b,
    })),
  );

const u32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);
function setU32(bytes: Uint8Array, at: number, v: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(at, v, true);
  return copy;
}

function expectKeySetError(bytes: Uint8Array, message: RegExp) {
  expect(() => readKeySet(bytes)).toThrow(KeySetError);
  expect(() => readKeySet(bytes)).toThrow(message);
}

describe('key set format', () => {
  it('names its format', () => {
    expect(KEYSET_FORMAT).toBe('gcs-v1');
    const bytes = buildKeySet(keysOf(3, 'x'));
    expect([...bytes.subarray(0, 5)]).toEqual([0x50, 0x52, 0x4b, 0x53, 1]);
    expect(bytes.length % 4).toBe(0);
  });

  it('reads an empty set, which has no key, and a set of one key', () => {
    const empty = readKeySet(buildKeySet([]));
    expect(empty.count).toBe(0);
    expect(empty.has(sha('a'))).toBe(false);
    const one = readKeySet(buildKeySet([sha('a').toUpperCase()]));
    expect(one.count).toBe(1);
    expect(one.has(sha('a'))).toBe(true);
    expect(one.has(sha('b'))).toBe(false);
  });

  it('reads bytes that do not start on a 4-byte boundary (a copy), and bytes of a larger buffer', () => {
    const keys = keysOf(2000, 'align');
    const bytes = buildKeySet(keys);
    for (const offset of [1, 2, 3, 4]) {
      const buffer = new Uint8Array(bytes.length + 8);
      buffer.set(bytes, offset);
      const set = readKeySet(buffer.subarray(offset, offset + bytes.length));
      expect(keys.every((k) => set.has(k))).toBe(true);
      expect(set.has(sha('not in the set'))).toBe(false);
    }
  });

  it('takes any iterable and reports count and size', () => {
    const keys = keysOf(1000, 'it');
    const bytes = buildKeySet(new Set(keys).values());
    const set = readKeySet(bytes);
    expect(set.count).toBe(1000);
    expect(set.byteLength).toBe(bytes.length);
    expect(keys.every((k) => set.has(k))).toBe(true);
    expect(hex(bytes)).toBe(hex(buildKeySet(keys)));
  });
});

describe('round trip', () => {
  it('never misses a key: any set, one key, duplicates, upper case', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 300 }), fc.array(fc.nat(), { maxLength: 20 }), (entries, dupes) => {
        const input = entries.map((e) => e.mixed);
        for (const d of dupes) if (entries.length > 0) input.push(entries[d % entries.length]!.key.toUpperCase());
        const set = readKeySet(buildKeySet(input));
        expect(set.count).toBe(new Set(entries.map((e) => e.key)).size);
        for (const { key, mixed } of entries) {
          expect(set.has(key)).toBe(true);
          expect(set.has(mixed)).toBe(true);
          expect(set.has(key.toUpperCase())).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never misses a key whatever the parameters', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 200 }), paramsArb, (entries, params) => {
        const set = readKeySet(
          buildKeySet(
            entries.map((e) => e.mixed),
            params,
          ),
        );
        for (const { key } of entries) expect(set.has(key)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never misses a key of a large set', () => {
    const keys = keysOf(50_000, 'large');
    const set = readKeySet(buildKeySet(keys));
    expect(keys.filter((k) => !set.has(k))).toEqual([]);
  });

  it('gives the same bytes for the same set, whatever the order, case and duplicates', () => {
    fc.assert(
      fc.property(
        fc
          .array(keyArb, { maxLength: 200 })
          .chain((entries) =>
            fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length })),
          ),
        ([entries, shuffled]) => {
          const a = buildKeySet(entries.map((e) => e.key));
          const b = buildKeySet([...shuffled.map((e) => e.mixed), ...shuffled.slice(0, 5).map((e) => e.key)]);
          expect(hex(b)).toBe(hex(a));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('keys and non-keys', () => {
  const keys = keysOf(100, 'nk');
  const set = readKeySet(buildKeySet(keys));
  const key = keys[0]!;

  it('is false for anything that is not a 64-hex key, even one character away from a member', () => {
    const near = [
      key.slice(1),
      `${key}0`,
      `${key.slice(0, 63)}g`,
      `g${key.slice(1)}`,
      `${key.slice(0, 30)} ${key.slice(31)}`,
      `${key.slice(0, 10)}\u0000${key.slice(11)}`,
      `${key.slice(0, 10)}ａ${key.slice(11)}`, // a full-width letter
      `${key.slice(0, 10)}é${key.slice(11)}`,
      `0x${key.slice(2)}`,
      '',
    ];
    for (const s of near) expect(set.has(s), s).toBe(false);
    for (const v of [null, undefined, 42, {}, [key]]) expect(set.has(v as unknown as string)).toBe(false);
  });

  it('is false for a member with any one character replaced by a non-hex one (property)', () => {
    const nonHex = fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).filter((c) => !/^[0-9a-fA-F]$/.test(c));
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.nat(63), nonHex, (member, at, c) => {
        const s = member.slice(0, at) + c + member.slice(at + 1);
        expect(set.has(s)).toBe(false);
      }),
    );
  });

  it('is false for any string of another shape (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        fc.pre(!/^[0-9a-fA-F]{64}$/.test(s));
        expect(set.has(s)).toBe(false);
      }),
    );
  });

  it('refuses to build with a string that is not a key', () => {
    for (const bad of ['', key.slice(1), `${key}a`, `z${key.slice(1)}`, `${key.slice(0, 63)} `]) {
      expect(() => buildKeySet([key, bad])).toThrow(KeySetError);
    }
    expect(() => buildKeySet([key], { range: 0, riceBits: 1, bucketBits: 1 })).toThrow(KeySetError);
  });
});

describe('damaged and hostile files', () => {
  const keys = keysOf(500, 'dmg');
  const good = buildKeySet(keys);
  const buckets = Math.ceil(500 / 2 ** DEFAULT_KEYSET_PARAMS.bucketBits);

  it('refuses a wrong magic, an unknown version, non-bytes', () => {
    expectKeySetError(
      Uint8Array.from(good, (b, i) => (i === 0 ? 0x51 : b)),
      /not a PRISM key set/,
    );
    expectKeySetError(
      Uint8Array.from(good, (b, i) => (i === 4 ? 2 : b)),
      /unknown key set version 2/,
    );
    expect(() => readKeySet('PRKS' as unknown as Uint8Array)).toThrow(KeySetError);
    expect(() => readKeySet(Buffer.from(good))).not.toThrow();
  });

  it('refuses truncated files and trailing bytes', () => {
    for (const n of [0, 1, 4, 31, 32, 33, 100, good.length - 4, good.length - 1]) {
      expectKeySetError(good.subarray(0, n), /truncated/);
    }
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expectKeySetError(longer, /after its end/);
  });

  it('refuses hostile parameters and counts that do not fit the size', () => {
    const withByte = (at: number, v: number) => Uint8Array.from(good, (b, i) => (i === at ? v : b));
    expectKeySetError(withByte(5, 25), /Rice parameter 25/);
    expectKeySetError(withByte(5, 255), /Rice parameter/);
    expectKeySetError(withByte(6, 11), /bucket size/);
    expectKeySetError(withByte(7, 1), /reserved/);
    expectKeySetError(setU32(good, 28, 1), /reserved/);
    expectKeySetError(setU32(good, 16, 0), /range 0 is too small/);
    expectKeySetError(setU32(good, 16, 2 ** 22), /range/);
    expectKeySetError(setU32(good, 12, 501), /501 values for 500 keys/);
    expectKeySetError(setU32(good, 12, 0), /0 values for 500 keys/);
    expectKeySetError(setU32(good, 8, 0xffffffff), /500 values for 4294967295 keys/); // far fewer values than keys
    expectKeySetError(setU32(good, 8, 513), /truncated/); // more buckets than the file holds
    expectKeySetError(setU32(good, 20, 0xffffffff), /truncated/);
    expectKeySetError(setU32(good, 20, u32(good, 20) - 4), /after its end/);
    expectKeySetError(setU32(good, 12, 485), /longer than 485 values/);
    expectKeySetError(setU32(good, 32 + 4, 0xffffff), /bucket index/);
    expectKeySetError(setU32(good, 32, 8), /bucket index/);
    expectKeySetError(setU32(good, 32 + 4 * (buckets - 1), 0), /bucket index/);
  });

  it('refuses a damaged byte anywhere (checksum)', () => {
    for (let at = 0; at < good.length; at += 7) {
      const bad = Uint8Array.from(good, (b, i) => (i === at ? b ^ 0x10 : b));
      expect(() => readKeySet(bad)).toThrow(KeySetError);
    }
    expectKeySetError(setU32(good, 24, u32(good, 24) ^ 1), /checksum/);
    const flipped = good.slice();
    flipped[good.length - 10]! ^= 1;
    expectKeySetError(flipped, /checksum/);
  });

  it('reads a file crafted to pass every check, and answers quickly from it', () => {
    // 2^14 keys claimed in 16 buckets of 1,024 quotients, 36 KB of zero bits: every lookup must stop at the end of
    // its bucket instead of looking for the end of a unary run forever.
    const fields = { k: 17, bucketBits: 10, n: 2 ** 14, values: 2 ** 14, range: 2 ** 18 };
    const span = 1024 * 18;
    const rest = new Uint8Array(4 * 16 + (16 * span) / 8 + 4);
    for (let b = 0; b < 16; b++) new DataView(rest.buffer).setUint32(4 * b, b * span, true);
    const set = readKeySet(craft(fields, rest));
    expect(set.count).toBe(2 ** 14);
    for (const k of keysOf(20, 'hostile')) expect(set.has(k)).toBe(false);
    // All ones: gaps of 2^17 - 1, read until the end of the bucket.
    const ones = rest.slice();
    ones.fill(0xff, 4 * 16, ones.length - 4);
    const set2 = readKeySet(craft(fields, ones));
    for (const k of keysOf(20, 'hostile2')) expect(typeof set2.has(k)).toBe('boolean');
  });

  it('fuzz: flipped, cut, extended and re-parametrised files either read fine or throw KeySetError', () => {
    const fuzzKeys = keysOf(60, 'fuzz');
    const small = buildKeySet(fuzzKeys, { range: 2 ** 16, riceBits: 12, bucketBits: 2 });
    const u32Arb = fc.oneof(fc.constantFrom(0, 1, 2, 0x7fffffff, 0xffffffff), fc.nat(64), fc.nat());
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('flip' as const),
        flips: fc.array(fc.tuple(fc.nat(), fc.nat(7)), { minLength: 1, maxLength: 3 }),
      }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('byte' as const), at: fc.integer({ min: 4, max: 7 }), v: fc.nat(255) }),
      fc.record({ kind: fc.constant('field' as const), at: fc.constantFrom(8, 12, 16, 20), v: u32Arb }),
      fc.record({ kind: fc.constant('index' as const), at: fc.nat(), v: u32Arb }),
    );
    const outcomes = { read: 0, refused: 0 };
    fc.assert(
      fc.property(mutation, fc.boolean(), (m, reseal) => {
        let bytes: Uint8Array = small.slice();
        if (m.kind === 'flip') for (const [at, bit] of m.flips) bytes[at % bytes.length]! ^= 1 << bit;
        if (m.kind === 'cut') bytes = bytes.subarray(0, m.at % bytes.length);
        if (m.kind === 'extend') bytes = Uint8Array.from([...bytes, ...m.extra]);
        if (m.kind === 'byte') bytes[m.at] = m.v;
        if (m.kind === 'field') bytes = setU32(bytes, m.at, m.v);
        if (m.kind === 'index') bytes = setU32(bytes, 32 + 4 * (m.at % 15), m.v);
        // Resealing lets damage past the checksum, to reach the structural checks and the decoder.
        if (reseal && bytes.length >= 32 && bytes.length % 4 === 0) bytes = seal(bytes.slice());
        let set;
        try {
          set = readKeySet(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(KeySetError);
          expect((err as Error).message).toMatch(/^[A-Za-z].+/);
          outcomes.refused++;
          return;
        }
        outcomes.read++;
        for (const k of [...fuzzKeys.slice(0, 10), ...keysOf(5, 'fuzz-absent')]) {
          expect(typeof set.has(k)).toBe('boolean');
        }
      }),
      { numRuns: 3000 },
    );
    // Both sides of the property were exercised (resealed damage often reads fine: it is only wrong).
    expect(outcomes.read).toBeGreaterThan(30);
    expect(outcomes.refused).toBeGreaterThan(1000);
  });
});

describe('size and false positives', () => {
  const keys = keysOf(100_000, 'fp-set');
  const absent = keysOf(200_000, 'fp-absent');

  it('stays within 2.5 bytes per key, with a false-positive rate near 2^-18 (well under 1/1000)', () => {
    const bytes = buildKeySet(keys);
    expect(bytes.length / keys.length).toBeLessThanOrEqual(2.5);
    const set = readKeySet(bytes);
    const fp = absent.filter((k) => set.has(k)).length;
    // Expected 200,000 / 2^18 = 0.76; P(10 or more) < 1e-8. The target (1/1000) would allow 200.
    expect(fp).toBeLessThanOrEqual(10);
  });

  it('has the false-positive rate of its range (1/M), checked at the smallest range a reader accepts', () => {
    const set = readKeySet(buildKeySet(keys, { range: 2 ** 16, riceBits: 15, bucketBits: 5 }));
    const more = keysOf(1_000_000, 'fp-absent-1m');
    const fp = more.filter((k) => set.has(k)).length;
    // Expected 1,000,000 / 65,536 = 15.3 (σ ≈ 3.9): a margin of about three σ either way.
    expect(fp).toBeGreaterThan(3);
    expect(fp).toBeLessThan(28);
    expect(set.falsePositiveRate).toBeCloseTo(2 ** -16, 8);
  });
});

describe('hostile key sets (issue 19, finding 1)', () => {
  it('refuses the 44-byte match-all set with a clear error', () => {
    const bytes = matchAllKeySet();
    expect(bytes.length).toBe(44);
    expectKeySetError(bytes, /range 1 is too small: .*at least 65536/);
  });

  it('refuses a range below 2^16 whatever the rest says, and a Rice parameter far below the range', () => {
    const keys = keysOf(300, 'small-range');
    expect(() => buildKeySet(keys, { range: 2 ** 15, riceBits: 14, bucketBits: 7 })).toThrow(KeySetError);
    const good = buildKeySet(keys);
    expectKeySetError(setU32(good, 16, 2 ** 16 - 1), /range 65535 is too small/);
    expectKeySetError(seal(Uint8Array.from(good, (b, i) => (i === 5 ? 12 : b))), /Rice parameter 12 .* range 262144/);
  });

  it('refuses a value count far below the key count', () => {
    const good = buildKeySet(keysOf(5000, 'few-values'));
    expectKeySetError(seal(setU32(good, 12, 4000)), /4000 values for 5000 keys/);
  });

  it('refuses a set whose one bucket spans far more bits than its keys can need (the slow bucket)', () => {
    // 2^20 keys claimed at the default parameters, bucket 0 holding the whole data: a million zero gaps ("1" and
    // 17 zero bits each), walked by every lookup of a key of bucket 0.
    const n = 2 ** 20;
    const buckets = n / 128;
    const dataBits = n * 18;
    const dataBytes = Math.ceil(dataBits / 8 / 4) * 4 + 4;
    const rest = new Uint8Array(4 * buckets + dataBytes);
    const view = new DataView(rest.buffer);
    const usable = (dataBytes - 4) * 8;
    for (let b = 1; b < buckets; b++) view.setUint32(4 * b, usable, true);
    for (let bit = 0; bit < dataBits; bit += 18) rest[4 * buckets + (bit >>> 3)]! |= 0x80 >>> (bit & 7);
    // the data is big-endian-filled u32 words written little-endian: swap each word's bytes
    for (let at = 4 * buckets; at < rest.length; at += 4) rest.subarray(at, at + 4).reverse();
    const bytes = craft({ k: 17, bucketBits: 7, n, values: n, range: 2 ** 18 }, rest);
    expectKeySetError(bytes, /bucket 0 spans \d+ bits, more than its keys can need/);
  });

  it('reads every honest set: the default parameters at many sizes', () => {
    for (const n of [1, 2, 127, 128, 129, 1000, 20_000]) {
      const keys = keysOf(n, `honest-${n}`);
      const set = readKeySet(buildKeySet(keys));
      expect(keys.every((k) => set.has(k))).toBe(true);
      expect(set.falsePositiveRate).toBeLessThanOrEqual(2 ** -18);
    }
  });
});
