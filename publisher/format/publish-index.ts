/**
 * The publisher's index of what it has published, kept compact for a million stories: one record per story (live or
 * withdrawn) in typed arrays, never one JS object per story or per key. A record holds the story id, a hash of its
 * published file, the stat signature of its catalogue file (to skip unchanged files without reading them), its
 * lookup keys (32 bytes each) and its sites (numbers into a table of site names).
 *
 * Pure: encodes to and decodes from bytes; publisher/state.ts stores them in `<out>/.prism-index/`.
 */

export const KEY_BYTES = 32;
/** A truncated SHA-256 of a published story file: enough to tell that a file changed. */
export const HASH_BYTES = 16;
/** Numbers per stat signature: size, mtimeMs, ctimeMs, ino. */
export const STAT_FIELDS = 4;
const TITLE_FLAG = 1;

export interface StatSig {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface StoryRecord {
  id: string;
  hash: Uint8Array;
  /** The catalogue file's signature; null for a withdrawn story. */
  stat: StatSig | null;
  /** Milliseconds since the epoch; 0 for a live story. */
  withdrawnAt: number;
  /** The last key is the title key (for messages about clashes). */
  hasTitleKey: boolean;
  /** KEY_BYTES per key. */
  keys: Uint8Array;
  sites: readonly string[];
}

/** FNV-1a over the UTF-16 code units. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function grown<T extends Uint8Array | Uint32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
}

export class StoryTable {
  count = 0;
  keyCount = 0;
  ids: string[] = [];
  hashes: Uint8Array = new Uint8Array(0);
  stats: Float64Array = new Float64Array(0);
  withdrawnAt: Float64Array = new Float64Array(0);
  flags: Uint8Array = new Uint8Array(0);
  /** Story s's keys are keys [keyStart[s], keyStart[s + 1]) (in keys, not bytes). */
  keyStart: Uint32Array = new Uint32Array(1);
  keys: Uint8Array = new Uint8Array(0);
  siteStart: Uint32Array = new Uint32Array(1);
  siteRefs: Uint32Array = new Uint32Array(0);
  sites: string[] = [];
  private siteIds = new Map<string, number>();

  /** An empty table that numbers sites as `base` does, so records copied from it keep their site numbers. */
  static inheriting(base: StoryTable): StoryTable {
    const t = new StoryTable();
    t.sites = [...base.sites];
    return t;
  }

  /** Sites referenced by all records. */
  get siteRefCount(): number {
    return this.siteStart[this.count]!;
  }

  /** Sizes the arrays for this many records, keys and site references in all (no doubling on the way there). */
  reserveTotal(records: number, keys: number, siteRefs: number): void {
    this.reserve(Math.max(0, records - this.count), Math.max(0, keys - this.keyCount), 0);
    this.siteRefs = grown(this.siteRefs, siteRefs);
  }

  /** Room for `records` more records with `keys` keys and `sites` site references in all. */
  private reserve(records: number, keys: number, sites: number): number {
    const s = this.count;
    const n = s + records;
    this.hashes = grown(this.hashes, n * HASH_BYTES);
    this.stats = grown(this.stats, n * STAT_FIELDS);
    this.withdrawnAt = grown(this.withdrawnAt, n);
    this.flags = grown(this.flags, n);
    this.keyStart = grown(this.keyStart, n + 1);
    this.siteStart = grown(this.siteStart, n + 1);
    this.keys = grown(this.keys, (this.keyCount + keys) * KEY_BYTES);
    this.siteRefs = grown(this.siteRefs, this.siteStart[s]! + sites);
    return s;
  }

  private siteId(site: string): number {
    if (this.siteIds.size !== this.sites.length) this.sites.forEach((x, i) => this.siteIds.set(x, i));
    let id = this.siteIds.get(site);
    if (id === undefined) {
      id = this.sites.length;
      this.sites.push(site);
      this.siteIds.set(site, id);
    }
    return id;
  }

  private finish(s: number, id: string, keys: number, sites: number): number {
    this.ids.push(id);
    this.keyCount += keys;
    this.keyStart[s + 1] = this.keyCount;
    this.siteStart[s + 1] = this.siteStart[s]! + sites;
    this.count = s + 1;
    return s;
  }

  add(r: StoryRecord): number {
    const k = r.keys.length / KEY_BYTES;
    const s = this.reserve(1, k, r.sites.length);
    this.hashes.set(r.hash.subarray(0, HASH_BYTES), s * HASH_BYTES);
    const st = r.stat;
    this.stats.set(st ? [st.size, st.mtimeMs, st.ctimeMs, st.ino] : [0, 0, 0, 0], s * STAT_FIELDS);
    this.withdrawnAt[s] = r.withdrawnAt;
    this.flags[s] = r.hasTitleKey ? TITLE_FLAG : 0;
    this.keys.set(r.keys, this.keyCount * KEY_BYTES);
    const at = this.siteStart[s]!;
    r.sites.forEach((site, i) => (this.siteRefs[at + i] = this.siteId(site)));
    return this.finish(s, r.id, k, r.sites.length);
  }

  /** Copies record `s` of `from`, a table this one inherits its site numbers from. */
  copy(from: StoryTable, s: number): number {
    return this.copyRange(from, s, s + 1);
  }

  /** Copies records [a, b) of `from` (inherited site numbers), array by array; returns the first new number. */
  copyRange(from: StoryTable, a: number, b: number): number {
    const n = b - a;
    const [k0, k1] = [from.keyStart[a]!, from.keyStart[b]!];
    const [s0, s1] = [from.siteStart[a]!, from.siteStart[b]!];
    const t = this.reserve(n, k1 - k0, s1 - s0);
    this.hashes.set(from.hashes.subarray(a * HASH_BYTES, b * HASH_BYTES), t * HASH_BYTES);
    this.stats.set(from.stats.subarray(a * STAT_FIELDS, b * STAT_FIELDS), t * STAT_FIELDS);
    this.withdrawnAt.set(from.withdrawnAt.subarray(a, b), t);
    this.flags.set(from.flags.subarray(a, b), t);
    this.keys.set(from.keys.subarray(k0 * KEY_BYTES, k1 * KEY_BYTES), this.keyCount * KEY_BYTES);
    const siteAt = this.siteStart[t]!;
    this.siteRefs.set(from.siteRefs.subarray(s0, s1), siteAt);
    for (let i = 1; i <= n; i++) {
      this.keyStart[t + i] = this.keyCount + (from.keyStart[a + i]! - k0);
      this.siteStart[t + i] = siteAt + (from.siteStart[a + i]! - s0);
    }
    for (let i = a; i < b; i++) this.ids.push(from.ids[i]!);
    this.keyCount += k1 - k0;
    this.count += n;
    return t;
  }

  isLive = (s: number) => this.withdrawnAt[s] === 0;
  hasTitleKey = (s: number) => (this.flags[s]! & TITLE_FLAG) !== 0;
  hashOf = (s: number) => this.hashes.subarray(s * HASH_BYTES, (s + 1) * HASH_BYTES);
  keysOf = (s: number) => this.keys.subarray(this.keyStart[s]! * KEY_BYTES, this.keyStart[s + 1]! * KEY_BYTES);
  siteRefsOf = (s: number) => this.siteRefs.subarray(this.siteStart[s]!, this.siteStart[s + 1]!);
  sitesOf = (s: number) => Array.from(this.siteRefsOf(s), (i) => this.sites[i]!);

  statOf(s: number): StatSig {
    const a = this.stats.subarray(s * STAT_FIELDS, (s + 1) * STAT_FIELDS);
    return { size: a[0]!, mtimeMs: a[1]!, ctimeMs: a[2]!, ino: a[3]! };
  }

  /**
   * Story number by id, through an open-addressing hash table of story numbers built on first use (for a million
   * ids, a third of the time and memory of a Map). The table is not updated by later additions.
   */
  indexOf(id: string): number | undefined {
    let slots = this.slots;
    if (!slots) {
      let size = 1024;
      while (size < this.count * 2) size *= 2;
      slots = new Int32Array(size).fill(-1);
      for (let s = 0; s < this.count; s++) {
        let i = hashId(this.ids[s]!) & (size - 1);
        while (slots[i] !== -1) i = (i + 1) & (size - 1);
        slots[i] = s;
      }
      this.slots = slots;
    }
    const mask = slots.length - 1;
    for (let i = hashId(id) & mask; ; i = (i + 1) & mask) {
      const s = slots[i]!;
      if (s === -1) return undefined;
      if (this.ids[s] === id) return s;
    }
  }
  private slots: Int32Array | undefined;

  liveCount(): number {
    let n = 0;
    for (let s = 0; s < this.count; s++) if (this.withdrawnAt[s] === 0) n++;
    return n;
  }
}

const MAGIC = 0x58495250; // 'PRIX', little-endian
const align8 = (n: number) => Math.ceil(n / 8) * 8;

interface Layout {
  stories: number;
  keys: number;
  siteRefs: number;
  idBytes: number;
  sites: string[];
}

/** The table's arrays, in file order: [name, element size, element count]. */
function sections(l: Layout): [string, number, number][] {
  return [
    ['ids', 1, l.idBytes],
    ['hashes', 1, l.stories * HASH_BYTES],
    ['stats', 8, l.stories * STAT_FIELDS],
    ['withdrawnAt', 8, l.stories],
    ['flags', 1, l.stories],
    ['keyStart', 4, l.stories + 1],
    ['siteStart', 4, l.stories + 1],
    ['keys', 1, l.keys * KEY_BYTES],
    ['siteRefs', 4, l.siteRefs],
  ];
}

/**
 * The index file: 'PRIX', the header's length, the header (JSON: `meta` and the layout), then the table's arrays,
 * each 8-byte aligned. Returned as chunks (views of the table's arrays, no copy) to be written one after another.
 */
export function encodeIndex(table: StoryTable, meta: unknown): Uint8Array[] {
  const ids = new TextEncoder().encode(table.ids.join('\n'));
  const layout: Layout = {
    stories: table.count,
    keys: table.keyCount,
    siteRefs: table.siteStart[table.count]!,
    idBytes: ids.length,
    sites: table.sites,
  };
  const header = new TextEncoder().encode(JSON.stringify({ meta, layout }));
  const head = new Uint8Array(align8(8 + header.length));
  new DataView(head.buffer).setUint32(0, MAGIC, true);
  new DataView(head.buffer).setUint32(4, header.length, true);
  head.set(header, 8);
  const arrays: Record<string, ArrayBufferView> = {
    ids,
    hashes: table.hashes,
    stats: table.stats,
    withdrawnAt: table.withdrawnAt,
    flags: table.flags,
    keyStart: table.keyStart,
    siteStart: table.siteStart,
    keys: table.keys,
    siteRefs: table.siteRefs,
  };
  const chunks: Uint8Array[] = [head];
  for (const [name, size, count] of sections(layout)) {
    const a = arrays[name]!;
    chunks.push(new Uint8Array(a.buffer, a.byteOffset, size * count));
    const pad = align8(size * count) - size * count;
    if (pad > 0) chunks.push(new Uint8Array(pad));
  }
  return chunks;
}

export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

/** Reads an index file; the table's arrays are views of `bytes` (which must stay unchanged). */
export function decodeIndex(input: Uint8Array): { table: StoryTable; meta: unknown } {
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (bytes.length < 8 || view.getUint32(0, true) !== MAGIC) throw new IndexFormatError('not a publisher index');
  const headerLength = view.getUint32(4, true);
  let parsed: { meta: unknown; layout: Layout };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as typeof parsed;
  } catch {
    throw new IndexFormatError('index header is not readable');
  }
  const l = parsed.layout;
  let at = align8(8 + headerLength);
  const out: Record<string, Uint8Array | Uint32Array | Float64Array> = {};
  for (const [name, size, count] of sections(l)) {
    if (at + size * count > bytes.length) throw new IndexFormatError('index file is truncated');
    const offset = bytes.byteOffset + at;
    out[name] =
      size === 8
        ? new Float64Array(bytes.buffer, offset, count)
        : size === 4
          ? new Uint32Array(bytes.buffer, offset, count)
          : new Uint8Array(bytes.buffer, offset, count);
    at += align8(size * count);
  }
  if (at !== bytes.length) throw new IndexFormatError('index file has bytes after its end');
  const t = new StoryTable();
  t.count = l.stories;
  t.keyCount = l.keys;
  const idText = new TextDecoder().decode(out.ids);
  t.ids = l.stories === 0 ? [] : idText.split('\n');
  if (t.ids.length !== l.stories) throw new IndexFormatError('index ids do not match its story count');
  t.hashes = out.hashes as Uint8Array;
  t.stats = out.stats as Float64Array;
  t.withdrawnAt = out.withdrawnAt as Float64Array;
  t.flags = out.flags as Uint8Array;
  t.keyStart = out.keyStart as Uint32Array;
  t.siteStart = out.siteStart as Uint32Array;
  t.keys = out.keys as Uint8Array;
  t.siteRefs = out.siteRefs as Uint32Array;
  t.sites = l.sites;
  if (t.keyStart[l.stories] !== l.keys || t.siteStart[l.stories] !== l.siteRefs) {
    throw new IndexFormatError('index offsets do not match its counts');
  }
  return { table: t, meta: parsed.meta };
}
