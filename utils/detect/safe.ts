import { parseHttpUrl } from '../safe-url';

/**
 * Built-ins captured at module load. In a content script's isolated world the page cannot reach these, but the
 * detector may also run in the page world (or a test realm) where a page has replaced `JSON.parse` or array
 * methods after we loaded; holding our own references keeps its verdict a function of the markup only.
 */
export const parseJson: (text: string) => unknown = JSON.parse;
const ownDescriptor = Object.getOwnPropertyDescriptor;
export const isArray: (v: unknown) => v is unknown[] = Array.isArray;
const DateCtor = Date;
const dateParse = Date.parse;

/** Reads an own data property only: inherited or getter-backed values (a poisoned prototype) are ignored. */
export function own(obj: unknown, key: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const d = ownDescriptor(obj, key);
  return d && 'value' in d ? d.value : undefined;
}

/** Collapses whitespace, trims and caps: output strings never carry more than `max` characters. */
export function clean(v: unknown, max = 300): string | null {
  if (typeof v !== 'string') return null;
  const s = v.replace(/\s+/g, ' ').trim();
  return s ? s.slice(0, max) : null;
}

/** Resolves `href` against `base`; only http(s) URLs come out. */
export function httpUrl(href: unknown, base: string): string | null {
  if (typeof href !== 'string' || !href.trim() || href.length > 4096) return null;
  return parseHttpUrl(href.trim(), base)?.href.slice(0, 2048) ?? null;
}

/** ISO 8601 from a date string the page declares, or null; years outside 1990..2100 are noise. */
export function isoDate(v: unknown): string | null {
  const s = clean(v, 64);
  if (!s || !/^\d{4}-\d\d/.test(s)) return null;
  const t = dateParse(s);
  if (t !== t) return null;
  const d = new DateCtor(t);
  const y = d.getUTCFullYear();
  return y >= 1990 && y <= 2100 ? d.toISOString() : null;
}

/** A string attribute of an element, or null (never lets a non-string through). */
export function attr(el: Element | null | undefined, name: string): string | null {
  if (!el) return null;
  const v = el.getAttribute(name);
  return typeof v === 'string' ? v : null;
}
