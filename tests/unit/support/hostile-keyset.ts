/**
 * Hand-made key set files (the format of utils/prism/keyset.ts, written out again from its description) for the
 * tests of what a hostile server could send.
 */

/** The format's checksum (written out again here, from the format's description): seals a crafted file. */
export function seal(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let h = 0x9747b28c;
  for (let i = 0; i < bytes.length; i += 4) {
    let w = Math.imul(i === 24 ? 0 : view.getUint32(i, true), 0xcc9e2d51);
    w = Math.imul((w << 15) | (w >>> 17), 0x1b873593);
    h ^= w;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  h ^= bytes.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  view.setUint32(24, (h ^ (h >>> 16)) >>> 0, true);
  return bytes;
}

/** A header of the format with the given fields, followed by `rest` (index and data). */
export function craft(
  f: { k: number; bucketBits: number; n: number; values: number; range: number },
  rest: Uint8Array,
) {
  const out = new Uint8Array(32 + rest.length);
  out.set([0x50, 0x52, 0x4b, 0x53, 1, f.k, f.bucketBits, 0]);
  const view = new DataView(out.buffer);
  [f.n, f.values, f.range, rest.length - 4 * Math.ceil(f.n / 2 ** f.bucketBits)].forEach((v, i) =>
    view.setUint32(8 + 4 * i, v, true),
  );
  out.set(rest, 32);
  return seal(out);
}

/** The 44-byte set of one key, range 1, Rice parameter 0: its single 1 bit made `has` true for every key. */
export function matchAllKeySet(): Uint8Array {
  const rest = new Uint8Array(4 + 8); // index (one bucket at bit 0), then one data word and the padding word
  rest[4] = 0x80;
  return craft({ k: 0, bucketBits: 0, n: 1, values: 1, range: 1 }, rest);
}
