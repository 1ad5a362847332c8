/**
 * Key sets are content-addressed (`v2/keyset/<sha256>.bin`) and immutable: a new publication adds one, meta.json
 * names it, and the one meta.json named before stays for a grace period, so a reader who fetched the old meta.json
 * a moment ago (or from a cache) still finds its key set. After `graceMs` (default a day) a superseded key set is
 * removed. A key set file no committed run named (an interrupted run's) counts as superseded when it is found.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEYSET_DIR } from './format/publish-format';
import type { KeysetHistoryEntry } from './state';

export const DEFAULT_KEYSET_GRACE_MS = 24 * 60 * 60 * 1000;

const KEYSET_NAME = /^([0-9a-f]{64})\.bin$/;

/** The key set files v2/keyset/ holds, by sha256. */
export function keysetsOnDisk(out: string): Map<string, true> {
  const found = new Map<string, true>();
  let names: string[] = [];
  try {
    names = readdirSync(join(out, KEYSET_DIR));
  } catch {
    return found;
  }
  for (const name of names) {
    const m = KEYSET_NAME.exec(name);
    if (m) found.set(m[1]!, true);
  }
  return found;
}

/**
 * The history after this run: what was kept before (if its file is still there), and every other key set file but
 * the current one, superseded now (the one meta.json named until now, and any an interrupted run left).
 */
export function nextHistory(
  before: KeysetHistoryEntry[],
  currentSha: string,
  onDisk: Map<string, true>,
  now: number,
): KeysetHistoryEntry[] {
  const history = new Map<string, KeysetHistoryEntry>();
  for (const h of before) if (onDisk.has(h.sha256) && h.sha256 !== currentSha) history.set(h.sha256, h);
  for (const sha of onDisk.keys()) {
    if (sha !== currentSha && !history.has(sha)) history.set(sha, { sha256: sha, supersededAt: now });
  }
  return [...history.values()].sort((a, b) => a.supersededAt - b.supersededAt || (a.sha256 < b.sha256 ? -1 : 1));
}

export const isExpired = (h: KeysetHistoryEntry, now: number, graceMs: number) => now - h.supersededAt >= graceMs;
