import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publish } from '../../utils/prism/publish';
import { keyPrefix, storyKeys } from '../../utils/prism/keys';
import { parseLookupShard, parseStory } from '../../utils/prism/schema';
import { publishDir } from '../../scripts/prism-publish';
import { makeStory } from '../fixtures/story';

const file = (story: object, name = `${(story as { id: string }).id}.json`) => ({ name, text: JSON.stringify(story) });

describe('publish', () => {
  it('writes a shard entry for every key of every story, and the story files', async () => {
    const a = makeStory({ id: 'a', aliases: ['https://mirror.example.org/a-copy'] });
    const b = makeStory({
      id: 'b',
      source: { url: 'https://news.example.net/b', publisher: 'Net', title: 'Another headline about another thing' },
    });
    const result = await publish([file(a), file(b)]);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.stories).toBe(2);
    expect(parseStory(JSON.parse(result.files.get('v1/stories/a.json')!)).ok).toBe(true);
    for (const story of [a, b]) {
      for (const key of await storyKeys(story)) {
        const shard = parseLookupShard(JSON.parse(result.files.get(`v1/lookup/${keyPrefix(key)}.json`)!));
        expect(shard.ok && shard.value.entries).toContainEqual({ key, story: story.id });
      }
    }
    expect(JSON.parse(result.files.get('v1/meta.json')!)).toMatchObject({ v: 1, stories: 2 });
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

  it('warns about related ids that are not in the catalogue', async () => {
    const a = makeStory({
      id: 'a',
      related: [{ id: 'missing', title: 'T', summary: '', category: 'C', lang: 'ko', url: 'https://prism.example/ko/missing' }],
    });
    const result = await publish([file(a)]);
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ path: 'related.0.id' })]);
  });
});

describe('prism:publish on folders', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('publishes the sample catalogue', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pub-'));
    const lines: string[] = [];
    expect(await publishDir(resolve('data/catalogue'), join(dir, 'out'), (l) => lines.push(l))).toBe(true);
    const stories = await readdir(join(dir, 'out/v1/stories'));
    const catalogue = (await readdir('data/catalogue')).filter((n) => n.endsWith('.json'));
    expect(stories.sort()).toEqual(catalogue.sort());
    expect(lines.at(-1)).toMatch(/stories/);
  });

  it('writes nothing for a broken catalogue and keeps what was published before', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pub-'));
    const cat = join(dir, 'cat');
    const out = join(dir, 'out');
    await mkdir(cat);
    await writeFile(join(cat, 'ok.json'), JSON.stringify(makeStory({ id: 'ok' })));
    expect(await publishDir(cat, out, () => undefined)).toBe(true);
    const before = await readFile(join(out, 'v1/stories/ok.json'), 'utf8');

    await writeFile(join(cat, 'new.json'), JSON.stringify({ ...makeStory({ id: 'new' }), publishedAt: 'soon' }));
    const lines: string[] = [];
    expect(await publishDir(cat, out, (l) => lines.push(l))).toBe(false);
    expect(lines.join('\n')).toMatch(/new\.json: publishedAt: /);
    expect(lines[0]).toMatch(/nothing was written/);
    expect(await readdir(join(out, 'v1/stories'))).toEqual(['ok.json']);
    expect(await readFile(join(out, 'v1/stories/ok.json'), 'utf8')).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['cat', 'out']); // no staging folder left behind
  });
});

describe('publish: key clashes name the right field', () => {
  it('blames the URL, not the title, when a story with a too-short title shares a URL', async () => {
    const a = makeStory({ id: 'a' });
    const b = makeStory({ id: 'b', source: { ...a.source, title: 'Short' } }); // "Short" gets no title key
    const result = await publish([file(a), file(b)]);
    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ file: 'b.json', path: 'source.url/aliases' })]);
  });

  it('blames the title when two stories have the same headline', async () => {
    const a = makeStory({ id: 'a' });
    const b = makeStory({ id: 'b', source: { ...a.source, url: 'https://other.example.com/b' } });
    const result = await publish([file(a), file(b)]);
    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ file: 'b.json', path: 'source.title' })]);
  });
});
