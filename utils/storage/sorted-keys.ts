/**
 * Set operations on sorted, duplicate-free key lists (Float64Array, ascending): the postings of the search
 * index. A Float64Array is stored by IndexedDB as raw bytes, so a posting of 10,000 keys reads as one copy.
 */

const EMPTY = new Float64Array(0);

/** Sorted and deduplicated copy of some keys. */
export function sortedKeys(keys: Iterable<number>): Float64Array {
  const a = Float64Array.from(keys).sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[n - 1]) a[n++] = a[i]!;
  return n === a.length ? a : a.slice(0, n);
}

export function union(a: Float64Array, b: Float64Array): Float64Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  // New stories are the newest, so usually everything in b comes after a.
  if (b[0]! > a[a.length - 1]!) {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) out[n++] = a[i++]!;
    else if (y < x) out[n++] = b[j++]!;
    else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out.slice(0, n);
}

/** Union of many lists. */
export function unionAll(lists: Float64Array[]): Float64Array {
  if (lists.length <= 1) return lists[0] ?? EMPTY;
  let total = 0;
  for (const l of lists) total += l.length;
  const all = new Float64Array(total);
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  return sortedKeys(all);
}

export function intersect(a: Float64Array, b: Float64Array): Float64Array {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const out = new Float64Array(small.length);
  let n = 0;
  if (small.length * 16 < large.length) {
    // Few against many: binary search each.
    let lo = 0;
    for (const x of small) {
      lo = lowerBound(large, x, lo);
      if (lo < large.length && large[lo] === x) out[n++] = x;
    }
    return out.slice(0, n);
  }
  let i = 0;
  let j = 0;
  while (i < small.length && j < large.length) {
    const x = small[i]!;
    const y = large[j]!;
    if (x < y) i++;
    else if (y < x) j++;
    else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  return out.slice(0, n);
}

/** Intersection of every list, smallest first (an empty one ends it early). */
export function intersectAll(lists: Float64Array[]): Float64Array {
  const sorted = [...lists].sort((x, y) => x.length - y.length);
  let out = sorted[0] ?? EMPTY;
  for (const l of sorted.slice(1)) {
    if (out.length === 0) break;
    out = intersect(out, l);
  }
  return out;
}

/** a without b. */
export function subtract(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0 || b.length === 0) return a;
  const out = new Float64Array(a.length);
  let n = 0;
  let j = 0;
  for (const x of a) {
    j = lowerBound(b, x, j);
    if (j >= b.length || b[j] !== x) out[n++] = x;
  }
  return n === a.length ? a : out.slice(0, n);
}

/** First index at or after `from` whose key is ≥ x. */
function lowerBound(a: Float64Array, x: number, from = 0): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function has(a: Float64Array, x: number): boolean {
  const i = lowerBound(a, x);
  return i < a.length && a[i] === x;
}
