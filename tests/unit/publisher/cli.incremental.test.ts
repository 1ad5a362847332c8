import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyPrefix, storyKeys } from '../../../utils/prism/keys';
import { readKeySet } from '../../../utils/prism/keyset';
import { isWithdrawn, parseStoryFile, type Story } from '../../../utils/prism/schema';
import {
  expectEqualsFromScratch,
  expectReadable,
  expectSamePublication,
  inodes,
  numberedStory,
  publishQuiet,
  snapshot,
  tempDir,
  writeStories,
} from '../support/publish-fixtures';

let dir: string;
let cat: string;
let out: string;
const stories = Array.from({ length: 30 }, (_, i) => numberedStory(i));

/** Files written before the index's scan started are trusted by their stat signature; set them back in time. */
function age(...ids: string[]) {
  const past = new Date(Date.now() - 60_000);
  for (const id of ids) utimesSync(join(cat, `${id}.json`), past, past);
}
async function put(...list: Story[]) {
  await writeStories(cat, list);
  age(...list.map((s) => s.id));
}

beforeEach(async () => {
  dir = await tempDir();
  cat = join(dir, 'cat');
  out = join(dir, 'out');
  await put(...stories);
  const first = await publishQuiet(cat, out, { workers: 0 });
  expect(first.ok, first.lines.join('\n')).toBe(true);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const readJson = (rel: string) => JSON.parse(readFileSync(join(out, rel), 'utf8'));
/** The shard file of a key, at the prefix length meta.json names. */
const shardOf = (key: string) => `v2/lookup/${keyPrefix(key, readJson('v2/meta.json').lookup.prefixLength)}.json`;
const changedFiles = (before: Map<string, number>, after: Map<string, number>) =>
  [...after]
    .filter(([rel, ino]) => before.get(rel) !== ino)
    .map(([rel]) => rel)
    .sort();

describe('incremental publishing', () => {
  it('a run with nothing changed writes nothing, not even meta.json', async () => {
    const before = inodes(out);
    const index = snapshot(out, true).get('.prism-index/index.bin');
    const { ok, report } = await publishQuiet(cat, out, { workers: 0 });
    expect(ok).toBe(true);
    expect(report.read).toBe(0);
    expect(report.writes).toMatchObject({ stories: 0, shards: 0, keysets: 0, meta: 0, index: 0 });
    expect(inodes(out)).toEqual(before);
    expect(snapshot(out, true).get('.prism-index/index.bin')).toEqual(index);
  });

  it('a file touched but unchanged is read again and nothing of v2/ is rewritten', async () => {
    const before = inodes(out);
    const now = new Date();
    utimesSync(join(cat, 'story-3.json'), now, now);
    const { report } = await publishQuiet(cat, out, { workers: 0 });
    expect(report.read).toBe(1);
    expect(report.writes).toMatchObject({ stories: 0, shards: 0, keysets: 0, meta: 0 });
    expect(inodes(out)).toEqual(before);
  });

  it('adding stories writes them, the shards of their keys, a key set and meta.json; equals from scratch', async () => {
    const before = inodes(out);
    const added = [numberedStory(100), numberedStory(101), numberedStory(102)];
    await put(...added);
    const { ok, report } = await publishQuiet(cat, out, { workers: 0 });
    expect(ok).toBe(true);
    expect(report.read).toBe(3);
    const shards = new Set<string>();
    for (const s of added) for (const key of await storyKeys(s)) shards.add(shardOf(key));
    const meta = readJson('v2/meta.json');
    expect(changedFiles(before, inodes(out))).toEqual(
      [...added.map((s) => `v2/stories/${s.id}.json`), ...shards, 'v2/meta.json', `v2/${meta.keyset.path}`].sort(),
    );
    expect(report.writes).toMatchObject({ stories: 3, shards: shards.size, keysets: 1, meta: 1 });
    expect(meta.stories).toBe(33);
    await expectEqualsFromScratch(cat, out);
  });

  it('a change to a story body rewrites the story and meta.json only', async () => {
    const before = inodes(out);
    const keysetBefore = readJson('v2/meta.json').keyset;
    const s = numberedStory(7);
    await put({ ...s, editions: { ...s.editions, en: { ...s.editions.en!, summary: 'A new summary.' } } });
    const { report } = await publishQuiet(cat, out, { workers: 0 });
    expect(changedFiles(before, inodes(out))).toEqual(['v2/meta.json', 'v2/stories/story-7.json']);
    expect(report.writes).toMatchObject({ stories: 1, shards: 0, keysets: 0, meta: 1 });
    expect(readJson('v2/meta.json').keyset).toEqual(keysetBefore);
    expect(readJson('v2/stories/story-7.json').editions.en.summary).toBe('A new summary.');
    await expectEqualsFromScratch(cat, out);
  });

  it('a new alias on another site rewrites every shard of the story (their entries carry its sites and hosts)', async () => {
    const s = numberedStory(4);
    const changed = { ...s, aliases: ['https://m.other-site.example.net/story-4'] };
    await put(changed);
    const { report } = await publishQuiet(cat, out, { workers: 0 });
    const keys = await storyKeys(changed);
    expect(report.writes.shards).toBe(new Set(keys.map(shardOf)).size);
    for (const key of keys) {
      const shard = readJson(shardOf(key));
      expect(shard.entries).toContainEqual({
        key,
        story: 'story-4',
        sites: ['example.com', 'example.net'],
        hosts: ['news4.example.com', 'other-site.example.net'],
      });
    }
    await expectEqualsFromScratch(cat, out);
  });

  it('a story removed from the catalogue is withdrawn: its keys leave the shards and the key set', async () => {
    const gone = numberedStory(9);
    const keys = await storyKeys(gone);
    await unlink(join(cat, 'story-9.json'));
    const { ok, report } = await publishQuiet(cat, out, { workers: 0 });
    expect(ok).toBe(true);
    expect(report).toMatchObject({ stories: 29, withdrawn: 1 });
    expect(report.writes).toMatchObject({ stories: 0, tombstones: 1, keysets: 1, meta: 1 });
    const tombstone = parseStoryFile(readJson('v2/stories/story-9.json'));
    expect(tombstone.ok && isWithdrawn(tombstone.value) && tombstone.value.id).toBe('story-9');
    const meta = readJson('v2/meta.json');
    expect(meta.stories).toBe(29);
    const set = readKeySet(readFileSync(join(out, 'v2', meta.keyset.path)));
    for (const key of keys) {
      expect(set.has(key)).toBe(false);
      let shard: { entries: { key: string }[] } = { entries: [] };
      try {
        shard = readJson(shardOf(key));
      } catch {
        // the shard held only this story's key: it is gone (404: no key starts with its prefix)
      }
      expect(shard.entries.map((e) => e.key)).not.toContain(key);
    }
    expectReadable(out);
    await expectEqualsFromScratch(cat, out);

    // The tombstone stays as it is on later runs.
    const before = inodes(out);
    expect((await publishQuiet(cat, out, { workers: 0 })).report.writes.tombstones).toBe(0);
    expect(inodes(out)).toEqual(before);
  });

  it('a withdrawn story that comes back is published again', async () => {
    await unlink(join(cat, 'story-12.json'));
    await publishQuiet(cat, out, { workers: 0 });
    await put(numberedStory(12));
    const { report } = await publishQuiet(cat, out, { workers: 0 });
    expect(report).toMatchObject({ stories: 30, withdrawn: 0 });
    expect(readJson('v2/stories/story-12.json')).toEqual(numberedStory(12));
    const set = readKeySet(readFileSync(join(out, 'v2', readJson('v2/meta.json').keyset.path)));
    for (const key of await storyKeys(numberedStory(12))) expect(set.has(key)).toBe(true);
    await expectEqualsFromScratch(cat, out);
  });

  it('a mix of additions, changes (keys moving between stories) and withdrawals equals from scratch', async () => {
    // story-2 gives up its URL, which story-3 then claims; story-5 changes its headline; two go, two come.
    const s2 = numberedStory(2);
    const s3 = numberedStory(3);
    await put(
      { ...s2, source: { ...s2.source, url: 'https://www.news2.example.com/moved/story-2' } },
      { ...s3, aliases: [s2.source.url] },
      { ...numberedStory(5), source: { ...numberedStory(5).source, title: 'A wholly new headline for story five' } },
      numberedStory(200),
      numberedStory(201),
    );
    await unlink(join(cat, 'story-20.json'));
    await unlink(join(cat, 'story-21.json'));
    const { ok, lines } = await publishQuiet(cat, out, { workers: 0 });
    expect(ok, lines.join('\n')).toBe(true);
    expectReadable(out);
    await expectEqualsFromScratch(cat, out);
  });

  it('a key clash introduced by a change is refused, blaming the changed story, and nothing is written', async () => {
    const before = snapshot(out, true);
    await put({ ...numberedStory(3), aliases: [numberedStory(25).source.url] });
    const { ok, lines } = await publishQuiet(cat, out, { workers: 0 });
    expect(ok).toBe(false);
    expect(lines).toContain(
      '  story-3.json: source.url/aliases: gives the same lookup key as story "story-25" (story-25.json)',
    );
    expect(snapshot(out, true)).toEqual(before);
  });

  it('a lost index makes the next run compare with the disk: nothing of v2/ is rewritten', async () => {
    const before = inodes(out);
    await rm(join(out, '.prism-index'), { recursive: true });
    const { ok, report } = await publishQuiet(cat, out, { workers: 0 });
    expect(ok).toBe(true);
    expect(report.read).toBe(30);
    expect(report.writes).toMatchObject({ stories: 0, shards: 0, shardsRemoved: 0, keysets: 0, meta: 0 });
    expect(inodes(out)).toEqual(before);
  });

  it('keeps a superseded key set for the grace period and removes it after', async () => {
    const first = readJson('v2/meta.json').keyset.path;
    await put(numberedStory(300));
    await publishQuiet(cat, out, { workers: 0 });
    const second = readJson('v2/meta.json').keyset.path;
    expect(second).not.toBe(first);
    expect(snapshot(out).has(`v2/${first}`)).toBe(true);

    // A day later, the next publication removes it; the one it supersedes now stays for another day.
    await put(numberedStory(301));
    const later = new Date(Date.now() + 25 * 3_600_000);
    const { report } = await publishQuiet(cat, out, { workers: 0, now: later });
    const third = readJson('v2/meta.json').keyset.path;
    expect(report.writes.keysetsRemoved).toBe(1);
    const keysets = () => [...snapshot(out).keys()].filter((p) => p.startsWith('v2/keyset/')).sort();
    expect(keysets()).toEqual([`v2/${second}`, `v2/${third}`].sort());

    // With no grace period, only the current one is kept.
    await put(numberedStory(302));
    await publishQuiet(cat, out, { workers: 0, keysetGraceMs: 0, now: new Date(later.getTime() + 1000) });
    expect(keysets()).toEqual([`v2/${readJson('v2/meta.json').keyset.path}`]);
    expectReadable(out);
  });

  it('worker threads publish the same files as the main thread alone', async () => {
    const many = Array.from({ length: 450 }, (_, i) => numberedStory(1000 + i));
    await put(...many);
    const { ok, report } = await publishQuiet(cat, out, { workers: 2 });
    expect(ok).toBe(true);
    expect(report.read).toBe(450);
    const scratch = join(dir, 'scratch');
    expect((await publishQuiet(cat, scratch, { workers: 0 })).ok).toBe(true);
    expectSamePublication(out, scratch);
    await writeFile(join(cat, 'story-1001.json'), '{ "broken": ');
    const { ok: bad, lines } = await publishQuiet(cat, out, { workers: 2, full: true });
    expect(bad).toBe(false);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}story-1001\.json: \(file\): not valid JSON/));
  }, 60_000);
});

describe('the shard prefix length, as the catalogue grows (the anonymity set)', () => {
  it('goes from one shard to 16 when every one of 16 would hold 128 keys; later runs rewrite only the shards touched', async () => {
    expect(readJson('v2/meta.json').lookup).toEqual({ prefixLength: 0 });
    const lookupFiles = () => readdirSync(join(out, 'v2/lookup')).sort();
    expect(lookupFiles()).toEqual(['all.json']);
    await put(...Array.from({ length: 2500 }, (_, i) => numberedStory(1000 + i)));
    const grown = await publishQuiet(cat, out, { workers: 0, keysetGraceMs: 0 });
    expect(grown.ok, grown.lines.join('\n')).toBe(true);
    expect(readJson('v2/meta.json').lookup).toEqual({ prefixLength: 1 });
    // The old shard went with the grace period (none here); each of the 16 holds at least 128 keys.
    expect(lookupFiles()).toEqual([...'0123456789abcdef'].map((d) => `${d}.json`));
    for (const name of lookupFiles()) expect(readJson(`v2/lookup/${name}`).entries.length).toBeGreaterThanOrEqual(128);
    await expectEqualsFromScratch(cat, out);

    const before = inodes(out);
    const added = numberedStory(9000);
    await put(added);
    const { report } = await publishQuiet(cat, out, { workers: 0 });
    const shards = new Set((await storyKeys(added)).map(shardOf));
    expect(report.writes).toMatchObject({ stories: 1, shards: shards.size, keysets: 1, meta: 1 });
    expect(changedFiles(before, inodes(out)).filter((f) => f.startsWith('v2/lookup/'))).toEqual([...shards].sort());
    for (const key of await storyKeys(added)) {
      expect(readJson(shardOf(key)).entries.map((e: { key: string }) => e.key)).toContain(key);
    }
    await expectEqualsFromScratch(cat, out);
  }, 60_000);

  it('keeps the shards of the previous length for the grace period (a client may still read the old meta.json)', async () => {
    await put(...Array.from({ length: 2500 }, (_, i) => numberedStory(1000 + i)));
    expect((await publishQuiet(cat, out, { workers: 0 })).ok).toBe(true);
    expect(readJson('v2/meta.json').lookup).toEqual({ prefixLength: 1 });
    expect(readdirSync(join(out, 'v2/lookup'))).toContain('all.json');
    expect(readdirSync(join(out, 'v2/lookup'))).toHaveLength(17);
  }, 60_000);
});
