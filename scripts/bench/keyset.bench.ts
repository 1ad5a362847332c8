/**
 * The catalogue's key set (utils/prism/keyset.ts), in Node, no build needed. At 10k, 100k and 1M keys (SHA-256
 * hex, like real keys): bytes per key, build, parse and has() times (ns per call, present and absent keys,
 * median of 101 runs of 2,000 calls), each run in turn with a floor (sorting n doubles, copying the bytes, a
 * Set<string> of the keys); the cold start (parse and first has() in a fresh process); the false-positive rate
 * of 1M absent keys against the 1M set. Then the candidates compared at 1M keys: other parameters of the
 * Golomb-Rice set and a binary fuse filter with 16-bit fingerprints (written here only for the comparison).
 * BENCH_KEYSET_ABSENT=10000000 counts false positives over more absent keys; BENCH_KEYSET_SIZES=3000000 runs
 * other sizes (the last one is used for the rest).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKeySet, DEFAULT_KEYSET_PARAMS, readKeySet, type KeySetParams } from '../../utils/prism/keyset';
import { ROOT } from '../../tools/browsers/chromium';
import { median } from '../../tools/bench/stats';

export const needsBuild = false;

const SIZES = (process.env.BENCH_KEYSET_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const ABSENT = Number(process.env.BENCH_KEYSET_ABSENT ?? 1_000_000);
const PROBES = 100_000;
const CHUNK = 2_000;

/** Deterministic keys shaped like the real ones: SHA-256 hex of `${label}:${i}`. */
function randomKeys(count: number, label: string | number): string[] {
  return Array.from({ length: count }, (_, i) => createHash('sha256').update(`${label}:${i}`).digest('hex'));
}

interface Candidate {
  name: string;
  build(keys: string[]): Uint8Array;
  read(bytes: Uint8Array): { has(key: string): boolean };
  fpr: (n: number) => number;
}

const gcs = (p: KeySetParams): Candidate => ({
  name: `gcs M=2^${Math.log2(p.range).toFixed(1).replace('.0', '')} k=${p.riceBits} L=${2 ** p.bucketBits}`,
  build: (keys) => buildKeySet(keys, p),
  read: readKeySet,
  fpr: () => 1 / p.range,
});

/** Median ms of each function, run in turn `runs` times (so a noisy moment on the shared machine hits all alike). */
function interleaved(fns: (() => void)[], runs: number): number[] {
  const times = fns.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    fns.forEach((f, i) => {
      const t = performance.now();
      f();
      times[i]!.push(performance.now() - t);
    });
  }
  return times.map(median);
}

/** Where lookups put their hit counts, so that no engine drops the loop as dead code. */
let sink = 0;

/**
 * Timed has() calls in short runs of CHUNK keys, each run taking the next keys of `keys` (a run of ~1 ms fits in
 * a time slice of the shared cores, so the median of many is little disturbed by other work).
 */
function lookups(has: (k: string) => boolean, keys: string[]): () => void {
  let at = 0;
  return () => {
    let hits = 0;
    for (let i = 0; i < CHUNK; i++) if (has(keys[(at + i) % keys.length]!)) hits++;
    at = (at + CHUNK) % keys.length;
    sink += hits;
  };
}
/** ns per has() from the median ms of runs of CHUNK calls. */
const nsPerCall = (ms: number) => (ms * 1e6) / CHUNK;
const LOOKUP_RUNS = 101;

function missing(has: (k: string) => boolean, keys: string[]): number {
  return keys.filter((k) => !has(k)).length;
}

/** One row of a right-aligned table. */
const row = (widths: number[], cells: (string | number)[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[0]!) : String(c).padStart(widths[i]!))).join('');

/**
 * What a service worker pays when it starts: readKeySet and the first has() in a fresh Node process (nothing
 * compiled yet), median of 5 processes.
 */
function coldParse(bytes: Uint8Array): { parseMs: number; firstHasMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'keyset-bench-'));
  const file = join(dir, 'keys.bin');
  writeFileSync(file, bytes);
  const code = `import { readFileSync } from 'node:fs';
    const { readKeySet } = await import(${JSON.stringify(join(ROOT, 'utils/prism/keyset.ts'))});
    const bytes = new Uint8Array(readFileSync(${JSON.stringify(file)}));
    let t = performance.now(); const set = readKeySet(bytes); const parseMs = performance.now() - t;
    t = performance.now(); set.has('0'.repeat(64)); const firstHasMs = performance.now() - t;
    console.log(JSON.stringify({ parseMs, firstHasMs }));`;
  try {
    const runs = Array.from({ length: 5 }, () => {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT });
      return JSON.parse(out.toString()) as { parseMs: number; firstHasMs: number };
    });
    return { parseMs: median(runs.map((r) => r.parseMs)), firstHasMs: median(runs.map((r) => r.firstHasMs)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<string[]> {
  const absentProbes = randomKeys(PROBES, 'absent');
  const w = [9, 11, 10, 13, 10, 13, 18, 11, 12, 9];
  const lines = [
    `format gcs-v1, defaults ${JSON.stringify(DEFAULT_KEYSET_PARAMS)};` +
      ` has(): median of ${LOOKUP_RUNS} runs of ${CHUNK} calls`,
    'floors, run in turn with what they bound: sorting n doubles, copying the bytes, a Set<string> of the keys',
    `load average at the start: ${loadavg()[0]!.toFixed(2)} (figures are inflated when other work shares the cores)`,
    '',
    row(w, [
      'keys',
      'bytes/key',
      'build ms',
      '(sort floor)',
      'parse ms',
      '(copy floor)',
      'has() present ns',
      'absent ns',
      '(Set floor)',
      '÷ floor',
    ]),
  ];
  let big: { keys: string[]; bytes: Uint8Array } | null = null;
  for (const n of SIZES) {
    const keys = randomKeys(n, n);
    const bytes = buildKeySet(keys);
    const doubles = Float64Array.from(keys, () => Math.random());
    const [buildMs, sortMs] = interleaved([() => buildKeySet(keys), () => doubles.slice().sort()], 3);
    const [parseMs, copyMs] = interleaved([() => readKeySet(bytes), () => bytes.slice()], 21);
    const set = readKeySet(bytes);
    const present = keys.slice(0, PROBES);
    const floorSet = new Set(keys);
    const loops = [
      lookups((k) => set.has(k), present),
      lookups((k) => set.has(k), absentProbes),
      lookups((k) => floorSet.has(k), present),
    ];
    const [p, a, f] = interleaved(loops, LOOKUP_RUNS).map(nsPerCall);
    if (missing((k) => set.has(k), keys) !== 0) throw new Error(`missed keys at ${n}`);
    lines.push(
      row(w, [
        n,
        (bytes.length / n).toFixed(3),
        buildMs!.toFixed(1),
        sortMs!.toFixed(1),
        parseMs!.toFixed(2),
        copyMs!.toFixed(2),
        p!.toFixed(0),
        a!.toFixed(0),
        f!.toFixed(0),
        (p! / f!).toFixed(1),
      ]),
    );
    big = { keys, bytes };
  }
  if (!big) return lines;
  const n = big.keys.length;

  const cold = coldParse(big.bytes);
  lines.push(
    '',
    `cold start at ${n} keys (fresh process, median of 5): readKeySet ${cold.parseMs.toFixed(2)} ms,` +
      ` first has() ${cold.firstHasMs.toFixed(3)} ms`,
  );

  const absent: string[] = [];
  for (let batch = 0; absent.length < ABSENT; batch++) {
    absent.push(...randomKeys(Math.min(PROBES, ABSENT - absent.length), `fp${batch}`));
  }
  const set = readKeySet(big.bytes);
  const fp = absent.filter((k) => set.has(k)).length;
  const rate = 1 / DEFAULT_KEYSET_PARAMS.range;
  lines.push(
    `false positives: ${fp} of ${ABSENT} absent keys against the ${n} set:` +
      ` rate ${(fp / ABSENT).toExponential(2)}` +
      ` (design 1/M = ${rate.toExponential(2)}, ${(ABSENT * rate).toFixed(1)} expected)`,
    '',
    `candidates at ${n} keys (fp: false positives among the same ${ABSENT} absent keys):`,
  );
  const cw = [30, 11, 10, 10, 12, 11, 5, 13];
  lines.push(
    row(cw, ['  candidate', 'bytes/key', 'build ms', 'parse ms', 'present ns', 'absent ns', 'fp', 'design rate']),
  );
  const candidates: Candidate[] = [
    gcs(DEFAULT_KEYSET_PARAMS),
    gcs({ range: 2 ** 18, riceBits: 17, bucketBits: 8 }),
    gcs({ range: 2 ** 18, riceBits: 17, bucketBits: 6 }),
    gcs({ range: 2 ** 18, riceBits: 18, bucketBits: 7 }),
    gcs({ range: 2 ** 17, riceBits: 16, bucketBits: 7 }),
    gcs({ range: 2 ** 16, riceBits: 15, bucketBits: 7 }),
    fuse16,
  ];
  const present = big.keys.slice(0, PROBES);
  // Every candidate's runs in turn with the others', so a busy moment on the shared cores hits them all alike.
  const built = candidates.map((c) => {
    const bytes = c.build(big.keys);
    const r = c.read(bytes);
    return { c, bytes, r, present: lookups((k) => r.has(k), present), absent: lookups((k) => r.has(k), absentProbes) };
  });
  const buildMs = interleaved(
    built.map((b) => () => b.c.build(big.keys)),
    3,
  );
  const parseMs = interleaved(
    built.map((b) => () => b.c.read(b.bytes)),
    11,
  );
  const lookupNs = interleaved(
    built.flatMap((b) => [b.present, b.absent]),
    LOOKUP_RUNS,
  ).map(nsPerCall);
  built.forEach((b, i) => {
    if (missing((k) => b.r.has(k), big.keys) !== 0) throw new Error(`${b.c.name} missed keys`);
    const cfp = absent.filter((k) => b.r.has(k)).length;
    lines.push(
      row(cw, [
        `  ${b.c.name}`,
        (b.bytes.length / n).toFixed(3),
        buildMs[i]!.toFixed(0),
        parseMs[i]!.toFixed(2),
        lookupNs[2 * i]!.toFixed(0),
        lookupNs[2 * i + 1]!.toFixed(0),
        cfp,
        b.c.fpr(n).toExponential(2),
      ]),
    );
  });
  lines.push(`load average at the end: ${loadavg()[0]!.toFixed(2)}`);
  return lines;
}

// ---- Binary fuse filter, 3-wise, 16-bit fingerprints (Graf & Lemire 2022), for the comparison only ----

const NIB = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) NIB['0123456789abcdef'.charCodeAt(i)] = NIB['0123456789ABCDEF'.charCodeAt(i)] = i;

/** The first four 32-bit words of a 64-hex key into `w`; false if it is not a key (the same check as keyset.ts). */
function keyWords(key: string, w: Uint32Array): boolean {
  if (key.length !== 64) return false;
  let bad = 0;
  let acc = 0;
  for (let i = 0; i < 64; i++) {
    const c = key.charCodeAt(i);
    const v = c < 128 ? NIB[c]! : -1;
    bad |= v;
    if (i < 32) {
      acc = (acc << 4) | (v & 15);
      if ((i & 7) === 7) w[i >> 3] = acc;
    }
  }
  return bad >= 0;
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

interface FuseShape {
  seed: number;
  segLen: number;
  segCountLen: number;
  arrayLen: number;
}

function fuseShape(n: number, seed: number): FuseShape {
  const segLen = n === 0 ? 4 : Math.min(262144, 2 ** Math.floor(Math.log(n) / Math.log(3.33) + 2.25));
  const factor = n <= 1 ? 0 : Math.max(1.125, 0.875 + (0.25 * Math.log(1e6)) / Math.log(n));
  const capacity = Math.round(n * factor);
  const init = Math.ceil(capacity / segLen) - 2;
  let segCount = Math.ceil(((init + 2) * segLen) / segLen);
  segCount = segCount <= 2 ? 1 : segCount - 2;
  return { seed, segLen, segCountLen: segCount * segLen, arrayLen: (segCount + 2) * segLen };
}

/** The three cells and fingerprint of the key words `w` into `out` [h0, h1, h2, fp]. */
function fuseHash(s: FuseShape, w: Uint32Array, out: Uint32Array): void {
  const mask = s.segLen - 1;
  const a = fmix(w[0]! ^ s.seed);
  const ah = Math.floor(a / 65536);
  const h0 = Math.floor((ah * s.segCountLen + Math.floor(((a & 65535) * s.segCountLen) / 65536)) / 65536);
  out[0] = h0;
  out[1] = (h0 + s.segLen) ^ (fmix(w[1]! ^ s.seed) & mask);
  out[2] = (h0 + 2 * s.segLen) ^ (fmix(w[2]! ^ s.seed) & mask);
  out[3] = fmix(w[3]! ^ s.seed) & 0xffff;
}

function buildFuse(keys: string[]): Uint8Array {
  const words = new Uint32Array(4);
  const firsts = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    if (!keyWords(keys[i]!, words)) throw new Error('not a key');
    firsts[i] = words[0]! * 2 ** 32 + words[1]!;
  }
  const n = firsts.sort().filter((v, i, a) => i === 0 || v !== a[i - 1]).length; // distinct keys (64-bit prefix)
  const h = new Uint32Array(4);
  for (let seed = 1; ; seed++) {
    const s = fuseShape(n, seed);
    const cells = new Uint32Array(3 * keys.length);
    const fps = new Uint16Array(keys.length);
    const count = new Uint8Array(s.arrayLen);
    const xor = new Int32Array(s.arrayLen);
    for (let i = 0; i < keys.length; i++) {
      keyWords(keys[i]!, words);
      fuseHash(s, words, h);
      for (let j = 0; j < 3; j++) {
        cells[3 * i + j] = h[j]!;
        count[h[j]!]!++;
        xor[h[j]!]! ^= i;
      }
      fps[i] = h[3]!;
    }
    const queue = new Int32Array(s.arrayLen + 3 * keys.length);
    let qn = 0;
    for (let c = 0; c < s.arrayLen; c++) if (count[c] === 1) queue[qn++] = c;
    const stackKey = new Int32Array(keys.length);
    const stackCell = new Int32Array(keys.length);
    let sn = 0;
    while (qn > 0) {
      const c = queue[--qn]!;
      if (count[c] !== 1) continue;
      const i = xor[c]!;
      stackKey[sn] = i;
      stackCell[sn++] = c;
      for (let j = 0; j < 3; j++) {
        const d = cells[3 * i + j]!;
        count[d]!--;
        xor[d]! ^= i;
        if (count[d] === 1) queue[qn++] = d;
      }
    }
    if (sn !== keys.length) continue; // duplicates or a cycle: another seed (keys are assumed distinct here)
    const out = new Uint8Array(16 + 2 * s.arrayLen);
    const view = new DataView(out.buffer);
    [s.seed, s.segLen, s.segCountLen, s.arrayLen].forEach((v, i) => view.setUint32(4 * i, v, true));
    const f = new Uint16Array(out.buffer, 16, s.arrayLen);
    for (let t = sn - 1; t >= 0; t--) {
      const i = stackKey[t]!;
      const c = stackCell[t]!;
      f[c] = 0;
      f[c] = fps[i]! ^ f[cells[3 * i]!]! ^ f[cells[3 * i + 1]!]! ^ f[cells[3 * i + 2]!]!;
    }
    return out;
  }
}

function readFuse(bytes: Uint8Array): { has(key: string): boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const [seed, segLen, segCountLen, arrayLen] = [0, 1, 2, 3].map((i) => view.getUint32(4 * i, true)) as number[];
  const s: FuseShape = { seed: seed!, segLen: segLen!, segCountLen: segCountLen!, arrayLen: arrayLen! };
  const f = new Uint16Array(bytes.buffer, bytes.byteOffset + 16, s.arrayLen);
  const words = new Uint32Array(4);
  const h = new Uint32Array(4);
  return {
    has(key: string): boolean {
      if (!keyWords(key, words)) return false;
      fuseHash(s, words, h);
      return (f[h[0]!]! ^ f[h[1]!]! ^ f[h[2]!]!) === h[3];
    },
  };
}

const fuse16: Candidate = { name: 'binary fuse 3-wise 16-bit', build: buildFuse, read: readFuse, fpr: () => 2 ** -16 };
