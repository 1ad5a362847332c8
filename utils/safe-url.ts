/**
 * The one rule for "is this an http(s) URL", in its two forms: parsed (what a link resolves to) and as written
 * (what the schemas accept as a stored or sent URL). No imports: the page detector (utils/detect) uses it too.
 */

/** Captured at load: the detector may run where a page replaces `URL` afterwards (utils/detect/safe.ts). */
const URLCtor = URL;

/** The URL `text` names (resolved against `base` when given), or null when it does not parse as http(s). */
export function parseHttpUrl(text: string, base?: string): URL | null {
  try {
    const url = new URLCtor(text, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Whether `text` is written as an absolute http(s) URL: `http://` or `https://` first (any case). Stricter than
 * parsing, which also takes `https:host` and leading spaces; the schemas check what is written because that text
 * is what is stored, compared and shown.
 */
export function isHttpUrlText(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** Only http(s) links are ever rendered or opened; anything else (javascript:, data:, garbage) becomes undefined. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  return parseHttpUrl(url)?.href;
}

/** The host of a URL for display (e.g. "scmp.com"), or the empty string. */
export function displayHost(url: string | null | undefined): string {
  try {
    return new URL(url ?? '').hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}
