import { describe, expect, it } from 'vitest';
import { isWithdrawn, parseLookupShard, parseMeta, parseStory, parseStoryFile } from '../../../../utils/prism/schema';
import { makeStory } from '../../../fixtures/story';

const problemPaths = (input: unknown) => {
  const r = parseStory(input);
  return r.ok ? [] : r.problems.map((p) => p.path);
};

describe('story schema', () => {
  it('accepts a complete story, and one with a single edition', () => {
    expect(parseStory(makeStory()).ok).toBe(true);
    const koOnly = makeStory();
    delete koOnly.editions.en;
    expect(parseStory(koOnly).ok).toBe(true);
  });

  it('rejects a story with no edition', () => {
    const r = parseStory(makeStory({ editions: {} }));
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problems[0]!.message).toMatch(/at least one edition/);
  });

  it('names the field of each problem', () => {
    const story = makeStory() as unknown as Record<string, any>;
    story.v = 2;
    story.id = 'Bad Id!';
    story.url = 'http://prism.example/x'; // the PRISM page must be https
    story.publishedAt = 'yesterday';
    story.editions.ko.title = '';
    story.related = [{ id: 'x', title: 'T', summary: '', category: 'C', lang: 'fr', url: 'javascript:alert(1)' }];
    expect(problemPaths(story)).toEqual(
      expect.arrayContaining(['v', 'id', 'url', 'publishedAt', 'editions.ko.title', 'related.0.lang', 'related.0.url']),
    );
  });

  it('refuses non-http links anywhere a link is rendered', () => {
    expect(problemPaths(makeStory({ source: { ...makeStory().source, url: 'javascript:alert(1)' } }))).toContain(
      'source.url',
    );
    expect(problemPaths(makeStory({ aliases: ['data:text/html,hi'] }))).toContain('aliases.0');
  });

  it('rejects wrong types without throwing', () => {
    for (const bad of [null, 42, 'story', [], { v: 1 }]) expect(parseStory(bad).ok).toBe(false);
  });
});

describe('lookup shard schema', () => {
  it('accepts entries of 64-hex keys and rejects anything else', () => {
    const key = 'a'.repeat(64);
    const sites = ['scmp.com'];
    expect(parseLookupShard({ v: 2, entries: [{ key, story: 'x', sites }] }).ok).toBe(true);
    expect(parseLookupShard({ v: 2, entries: [{ key: 'A'.repeat(64), story: 'x', sites }] }).ok).toBe(false);
    expect(parseLookupShard({ v: 2, entries: [{ key: key.slice(1), story: 'x', sites }] }).ok).toBe(false);
    expect(parseLookupShard({ v: 2, entries: [{ key, story: 'x', sites: [] }] }).ok).toBe(false);
    expect(parseLookupShard({ v: 2, entries: [{ key, story: 'x', sites: ['Evil Site'] }] }).ok).toBe(false);
    expect(parseLookupShard({ v: 1, entries: [{ key, story: 'x', sites }] }).ok).toBe(false); // a v1 shard
    expect(parseLookupShard({ entries: [] }).ok).toBe(false);
  });
});

describe('meta.json and tombstones', () => {
  const sha = 'b'.repeat(64);
  const keyset = { path: `keyset/${sha}.bin`, sha256: sha, format: 'gcs-v1', keys: 3, bytes: 40 };
  const meta = { v: 2, generatedAt: '2026-12-01T09:00:00Z', stories: 1, keyset };
  it('reads meta.json and refuses a key-set path that is not content-addressed', () => {
    expect(parseMeta(meta).ok).toBe(true);
    expect(parseMeta({ ...meta, keyset: { ...keyset, path: '../../etc/passwd' } }).ok).toBe(false);
    expect(parseMeta({ ...meta, keyset: { ...keyset, path: 'https://evil.example/k.bin' } }).ok).toBe(false);
    expect(parseMeta({ ...meta, v: 1 }).ok).toBe(false);
  });
  it('tells a withdrawn story from a story, and names the story fields of a broken one', () => {
    const tomb = parseStoryFile({ v: 1, id: 'a', withdrawn: true, withdrawnAt: '2026-12-01T09:00:00Z' });
    expect(tomb.ok && isWithdrawn(tomb.value)).toBe(true);
    const broken = parseStoryFile({ v: 1, id: 'a' });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems.map((p) => p.path)).toContain('url');
  });
});
