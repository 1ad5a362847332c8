/**
 * The rule for the API address (its item in storage.local: stores/storage-items.ts): a store build talks to PRISM
 * only over https; a development or test build (`WXT_ALLOW_LOOPBACK_API=true` at build time: the demo, the tests,
 * the benches) may also use a server on this machine (loopback), which the options page shows with a warning.
 */
export const ALLOW_LOOPBACK_API =
  import.meta.env.WXT_ALLOW_LOOPBACK_API === 'true' || import.meta.env.MODE === 'development';

/** PRISM's production API is not known to this project yet: a placeholder that a store build replaces. */
export const DEFAULT_API_BASE =
  import.meta.env.WXT_PRISM_API_BASE || (ALLOW_LOOPBACK_API ? 'http://127.0.0.1:8787' : 'https://api.prism.example');

export type ApiBaseProblem = 'not-url' | 'not-http' | 'has-query' | 'has-credentials' | 'not-https';

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * An API base must be an https URL without query, fragment or credentials (or, where allowed, a loopback http
 * one); returns it without a trailing slash, and whether it is loopback.
 */
export function normalizeApiBase(
  input: string,
  allowLoopback = ALLOW_LOOPBACK_API,
): { ok: true; value: string; loopback: boolean } | { ok: false; problem: ApiBaseProblem } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, problem: 'not-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'not-http' };
  if (url.search || url.hash) return { ok: false, problem: 'has-query' };
  if (url.username || url.password) return { ok: false, problem: 'has-credentials' };
  const loopback = isLoopback(url.hostname);
  if (url.protocol !== 'https:' && !(allowLoopback && loopback)) return { ok: false, problem: 'not-https' };
  if (loopback && !allowLoopback) return { ok: false, problem: 'not-https' };
  return { ok: true, value: url.href.replace(/\/+$/, ''), loopback };
}
