import { hostOf } from '../../../utils/url/site';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publish } from '../support/publish-oracle';
import { keyPrefix, storyKeys } from '../../../utils/prism/keys';
import { readKeySet } from '../../../utils/prism/keyset';
import { parseLookupShard, parseMeta, parseStory } from '../../../utils/prism/schema';
import { makeStory } from '../../fixtures/story';
import { publishQuiet, snapshot, tempDir } from '../support/publish-fixtures';

const file = (story: object, name = `${(story as { id: string }).id}.json`) => ({ name, text: JSON.stringify(story) });
const text = (v: string | Uint8Array | undefined) => (typeof v === 'string' ? v : String(v));

describe('publish (the in-memory reference publisher)', () => {
  it('writes a shard entry with the sites and hosts for every key, the story files, the key set and meta.json', async () => {
    const a = makeStory({ id: 'a', aliases: ['https://mirror.example.org/a-copy'] });
    const b = makeStory({
      id: 'b',
      source: { url: 'https://news.example.net/b', publisher: 'Net', title: 'Another headline about another thing' },
    });
    const result = await publish([file(a), file(b)]);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.stories).toBe(2);
    expect(parseStory(JSON.parse(text(result.files.get('v2/stories/a.json')))).ok).toBe(true);
    const sites = { a: ['example-news.com', 'example.org'], b: ['example.net'] };
    const hosts = { a: [hostOf(a.source.url)!, 'mirror.example.org'].sort(), b: ['news.example.net'] };
    for (const story of [a, b]) {
      for (const key of await storyKeys(story)) {
        const shard = parseLookupShard(JSON.parse(text(result.files.get(`v2/lookup/${keyPrefix(key, 0)}.json`))));
        const id = story.id as 'a' | 'b';
        expect(shard.ok && shard.value.entries).toContainEqual({ key, story: id, sites: sites[id], hosts: hosts[id] });
      }
    }
    const meta = parseMeta(JSON.parse(text(result.files.get('v2/meta.json'))));
    if (!meta.ok) throw new Error(JSON.stringify(meta.problems));
    expect(meta.value).toMatchObject({ v: 2, stories: 2, keyset: { keys: result.keys, format: 'gcs-v1' } });
    const bytes = result.files.get(`v2/${meta.value.keyset.path}`) as Uint8Array;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(meta.value.keyset.sha256);
    expect(bytes.length).toBe(meta.value.keyset.bytes);
    const set = readKeySet(bytes);
    for (const story of [a, b]) for (const key of await storyKeys(story)) expect(set.has(key)).toBe(true);
  });

  it('reports each bad file by name and field, and returns no files', async () => {
    const bad = makeStory({ id: 'bad' }) as unknown as Record<string, any>;
    bad.editions.en.title = '';
    const result = await publish([
      file(makeStory({ id: 'good' })),
      file(bad),
      { name: 'broken.json', text: '{ "v": 1, ' },
      file(makeStory({ id: 'other' }), 'misnamed.json'),
    ]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'bad.json', path: 'editions.en.title' }),
        expect.objectContaining({ file: 'broken.json', path: '(file)' }),
        expect.objectContaining({ file: 'misnamed.json', path: 'id' }),
      ]),
    );
  });

  it('refuses two stories that claim the same source URL', async () => {
    const a = makeStory({ id: 'a' });
    const b = makeStory({ id: 'b', source: { ...a.source, title: 'A wholly different headline for b' } });
    const result = await publish([file(a), file(b)]);
    expect(!result.ok && result.problems[0]).toMatchObject({ file: 'b.json', path: 'source.url/aliases' });
  });

  it('blames the URL, not the title, when a story with a too-short title shares a URL', async () => {
    const a = makeStory({ id: 'a' });
    const b = makeStory({ id: 'b', source: { ...a.source, title: 'Short' } }); // "Short" gets no title key
    const result = await publish([file(a), file(b)]);
    const problem = expect.objectContaining({ file: 'b.json', path: 'source.url/aliases' });
    expect(!result.ok && result.problems).toEqual([problem]);
  });

  it('blames the title when two stories have the same headline', async () => {
    const a = makeStory({ id: 'a' });
    const b = makeStory({ id: 'b', source: { ...a.source, url: 'https://other.example.com/b' } });
    const result = await publish([file(a), file(b)]);
    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ file: 'b.json', path: 'source.title' })]);
  });

  it('refuses a story none of whose URLs has a site', async () => {
    const a = makeStory({ id: 'a', source: { ...makeStory().source, url: 'https://co.uk/a' } });
    const result = await publish([file(a)]);
    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ file: 'a.json', path: 'source.url' })]);
  });

  it('warns about related ids that are not in the catalogue', async () => {
    const a = makeStory({
      id: 'a',
      related: [
        { id: 'missing', title: 'T', summary: '', category: 'C', lang: 'ko', url: 'https://prism.example/ko/missing' },
      ],
    });
    const result = await publish([file(a)]);
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ path: 'related.0.id' })]);
  });
});

describe('prism:publish on folders', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('publishes the sample catalogue: the same files as the reference publisher', async () => {
    dir = await tempDir();
    const { ok, lines } = await publishQuiet(resolve('data/catalogue'), join(dir, 'out'));
    expect(ok).toBe(true);
    const names = (await readdir('data/catalogue')).filter((n) => n.endsWith('.json')).sort();
    expect((await readdir(join(dir, 'out/v2/stories'))).sort()).toEqual(names);
    expect(lines.at(-1)).toMatch(/7 stories/);

    const sources = names.map((name) => ({ name, text: readFileSync(join('data/catalogue', name), 'utf8') }));
    const reference = await publish(sources);
    if (!reference.ok) throw new Error('the sample catalogue has problems');
    const published = snapshot(join(dir, 'out'));
    expect([...published.keys()].sort()).toEqual([...reference.files.keys()].sort());
    for (const [path, content] of reference.files) {
      if (path === 'v2/meta.json') continue;
      expect(Buffer.from(published.get(path)!).equals(Buffer.from(content)), path).toBe(true);
    }
  });

  it('gives the seed story the sites and hosts of its source and its syndicated copy', async () => {
    dir = await tempDir();
    expect((await publishQuiet(resolve('data/catalogue'), join(dir, 'out'))).ok).toBe(true);
    const seed = 'belarus-courts-us-pivot-from-moscow';
    const story = JSON.parse(readFileSync(`data/catalogue/${seed}.json`, 'utf8'));
    const [key] = await storyKeys(story);
    const meta = JSON.parse(readFileSync(join(dir, 'out/v2/meta.json'), 'utf8'));
    expect(meta.lookup).toEqual({ prefixLength: 0 }); // a small catalogue: one shard
    // Revision 2.2: the catalogue's source sites (link marks), as the reference publisher names them.
    expect(meta.sites).toContain('scmp.com');
    expect(meta.sites).toContain('yahoo.com');
    const names = (await readdir('data/catalogue')).filter((n) => n.endsWith('.json'));
    const reference = await publish(
      names.map((name) => ({ name, text: readFileSync(`data/catalogue/${name}`, 'utf8') })),
    );
    if (!reference.ok) throw new Error('the sample catalogue has problems');
    expect(meta.sites).toEqual(JSON.parse(text(reference.files.get('v2/meta.json'))).sites);
    const shard = JSON.parse(
      readFileSync(join(dir, 'out/v2/lookup', `${keyPrefix(key!, meta.lookup.prefixLength)}.json`), 'utf8'),
    );
    expect(shard.entries).toContainEqual({
      key,
      story: seed,
      sites: ['scmp.com', 'yahoo.com'],
      hosts: ['scmp.com', 'yahoo.com'],
    });
  });

  it('writes nothing for a broken catalogue and keeps what was published before', async () => {
    dir = await tempDir();
    const cat = join(dir, 'cat');
    const out = join(dir, 'out');
    await mkdir(cat);
    await writeFile(join(cat, 'ok.json'), JSON.stringify(makeStory({ id: 'ok' })));
    expect((await publishQuiet(cat, out)).ok).toBe(true);
    const before = snapshot(out, true);

    await writeFile(join(cat, 'new.json'), JSON.stringify({ ...makeStory({ id: 'new' }), publishedAt: 'soon' }));
    const { ok, lines } = await publishQuiet(cat, out);
    expect(ok).toBe(false);
    expect(lines.join('\n')).toMatch(/new\.json: publishedAt: /);
    expect(lines[0]).toMatch(/nothing was written/);
    expect(snapshot(out, true)).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['cat', 'out']); // no staging folder left behind
  });

  it('creates nothing when a first publication finds a problem', async () => {
    dir = await tempDir();
    const cat = join(dir, 'cat');
    await mkdir(cat);
    const story = { ...makeStory({ id: 'a' }), url: 'http://not-https.example' };
    await writeFile(join(cat, 'a.json'), JSON.stringify(story));
    const { ok, lines } = await publishQuiet(cat, join(dir, 'out'));
    expect(ok).toBe(false);
    expect(lines).toContain('  a.json: url: must be an https URL');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    await mkdir(join(dir, 'empty'));
    expect((await publishQuiet(cat, join(dir, 'empty'))).ok).toBe(false);
    expect(await readdir(join(dir, 'empty'))).toEqual([]);
  });
});
