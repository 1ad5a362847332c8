import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeIndex,
  encodeIndex,
  IndexFormatError,
  KEY_BYTES,
  StoryTable,
} from '../../../../publisher/format/publish-index';
import { findClashes, liveKeys, shardEntries, sortKeys } from '../../../../publisher/format/publish-plan';
import { hexOf } from '../../../../publisher/format/publish-format';
import { prefixNumber } from '../../support/publish-oracle';
import { STAT_STRIDE, statAll } from '../../../../publisher/stat-all';
import { tempDir } from '../../support/publish-fixtures';

const keyBytes = (...hex: string[]) => {
  const out = new Uint8Array(hex.length * KEY_BYTES);
  hex.forEach((h, i) => out.set(Buffer.from(h.padEnd(64, '0'), 'hex'), i * KEY_BYTES));
  return out;
};
const record = (id: string, keys: Uint8Array, sites: string[], withdrawnAt = 0) => ({
  id,
  hash: new Uint8Array(16).fill(id.length),
  stat: withdrawnAt ? null : { size: 10, mtimeMs: 1.5, ctimeMs: 2.5, ino: 77 },
  withdrawnAt,
  hasTitleKey: id === 'b',
  keys,
  sites,
});

function sample(): StoryTable {
  const t = new StoryTable();
  t.add(record('a', keyBytes('abcde1', '00000f'), ['example.com']));
  t.add(record('b', keyBytes('abcde0'), ['example.com', 'example.org']));
  t.add(record('gone', new Uint8Array(0), [], 1_700_000_000_000));
  t.add(record('c', keyBytes('ffffff', 'abcde2', '123456'), ['news.example']));
  return t;
}

describe('the publisher index', () => {
  it('encodes and decodes every record exactly', () => {
    const t = sample();
    const bytes = Buffer.concat(encodeIndex(t, { hello: 1 }));
    const { table, meta } = decodeIndex(new Uint8Array(bytes));
    expect(meta).toEqual({ hello: 1 });
    expect(table.count).toBe(4);
    expect(table.ids).toEqual(['a', 'b', 'gone', 'c']);
    for (let s = 0; s < 4; s++) {
      expect(table.keysOf(s)).toEqual(t.keysOf(s));
      expect(table.sitesOf(s)).toEqual(t.sitesOf(s));
      expect(table.hashOf(s)).toEqual(t.hashOf(s));
      expect(table.isLive(s)).toBe(t.isLive(s));
      expect(table.hasTitleKey(s)).toBe(t.hasTitleKey(s));
    }
    expect(table.statOf(0)).toEqual({ size: 10, mtimeMs: 1.5, ctimeMs: 2.5, ino: 77 });
    expect(table.indexOf('c')).toBe(3);
  });

  it('refuses a truncated or foreign file', () => {
    const bytes = Buffer.concat(encodeIndex(sample(), {}));
    expect(() => decodeIndex(new Uint8Array(bytes.subarray(0, bytes.length - 8)))).toThrow(IndexFormatError);
    expect(() => decodeIndex(new TextEncoder().encode('{"v":2}'))).toThrow(IndexFormatError);
  });

  it('copies runs of records into a table that inherits its site numbers', () => {
    const old = sample();
    const next = StoryTable.inheriting(old);
    next.add(record('new', keyBytes('999999'), ['other.example', 'example.com']));
    next.copyRange(old, 1, 4);
    next.copy(old, 0);
    expect(next.ids).toEqual(['new', 'b', 'gone', 'c', 'a']);
    expect(next.sitesOf(0)).toEqual(['other.example', 'example.com']);
    expect(next.sitesOf(1)).toEqual(['example.com', 'example.org']);
    expect(next.keysOf(3)).toEqual(old.keysOf(3));
    expect(next.keysOf(4)).toEqual(old.keysOf(0));
    expect(next.isLive(2)).toBe(false);
  });

  it('sorts live keys into their shards, finds clashes, and spells the key set input', () => {
    const t = sample();
    t.add(record('d', keyBytes('abcde1'), ['dup.example'])); // the same key as story a
    const sorted = sortKeys(t);
    expect(sorted.order.length).toBe(7);
    expect(sorted.liveKeys).toBe(7);
    const shard = shardEntries(t, sorted, prefixNumber('abcde'));
    expect(shard.map((e) => [e.key.slice(0, 6), e.story])).toEqual([
      ['abcde0', 'b'],
      ['abcde1', 'a'],
      ['abcde1', 'd'],
      ['abcde2', 'c'],
    ]);
    expect(shard[0]!.sites).toEqual(['example.com', 'example.org']);
    const clashes = findClashes(t, sorted);
    expect(clashes.map(([i, j]) => [sorted.story[i]!, sorted.story[j]!].sort((x, y) => x - y))).toEqual([[0, 4]]);
    const hexes = [...liveKeys(t)];
    const all = [...sorted.order].map((k) => hexOf(t.keys, k * KEY_BYTES));
    expect(hexes.sort()).toEqual(all.sort());
    expect(hexes).toContain(hexOf(keyBytes('00000f')));

    // Only the shards asked for: the others' keys are left out, the count of live keys is the same.
    const only = new Uint8Array(2 ** 20);
    only[prefixNumber('abcde')] = 1;
    const some = sortKeys(t, only);
    expect(some.order.length).toBe(4);
    expect(some.liveKeys).toBe(7);
    expect(shardEntries(t, some, prefixNumber('abcde'))).toEqual(shard);
    expect(findClashes(t, some).length).toBe(1);
  });
});

describe('statAll', () => {
  it('gives the same signatures from several threads as from one, and marks what is not a file', async () => {
    const dir = await tempDir('stat-');
    try {
      const names = Array.from({ length: 25 }, (_, i) => `f${i}.json`);
      for (const n of names) await writeFile(join(dir, n), n);
      await mkdir(join(dir, 'sub.json'));
      await symlink(join(dir, 'f0.json'), join(dir, 'link.json'));
      const all = [...names, 'sub.json', 'link.json', 'missing.json'];
      const one = await statAll(dir, all, { threads: 1 });
      let ran = false;
      const three = await statAll(dir, all, { threads: 3, minForThreads: 0, meanwhile: () => (ran = true) });
      expect(ran).toBe(true);
      expect(three).toEqual(one);
      const kind = (i: number) => one[i * STAT_STRIDE + 4];
      expect(kind(0)).toBe(1);
      expect(kind(25)).toBe(0); // a folder
      expect(kind(26)).toBe(2); // a symbolic link, never followed (the publisher refuses it)
      expect(kind(27)).toBe(-1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
