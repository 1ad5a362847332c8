/** Reader settings kept in `storage.local`. */
import { storage } from 'wxt/utils/storage';

export const DEFAULT_API_BASE = import.meta.env.WXT_PRISM_API_BASE || 'http://127.0.0.1:8787';

export const apiBaseSetting = storage.defineItem<string>('local:apiBase', { fallback: DEFAULT_API_BASE });

/** An API base must be an http(s) URL without query or fragment; returns it without a trailing slash. */
export function normaliseApiBase(input: string): { ok: true; value: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, message: 'Enter a full address, e.g. https://api.example.com' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'Use an http(s) address.' };
  if (url.search || url.hash) return { ok: false, message: 'The address must not have ? or # parts.' };
  if (url.username || url.password) return { ok: false, message: 'The address must not contain a user name or password.' };
  return { ok: true, value: url.href.replace(/\/+$/, '') };
}
