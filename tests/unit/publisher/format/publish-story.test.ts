/**
 * One catalogue file as the publisher judges it (publisher/format/publish-story.ts): the caps that keep one file from
 * costing every reader (its size, its aliases, its keys), a site's home page refused as an address, and a JSON
 * error that never quotes the file.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_ALIASES,
  MAX_STORY_FILE_BYTES,
  isHomePage,
  prepareStory,
} from '../../../../publisher/format/publish-story';
import { numberedStory } from '../../support/publish-fixtures';

const story = numberedStory(1);
const prepare = (value: unknown, name = `${story.id}.json`) =>
  prepareStory(name, typeof value === 'string' ? value : JSON.stringify(value));
const messages = async (value: unknown) => {
  const r = await prepare(value);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
};

describe('prepareStory', () => {
  it('accepts a story with a few aliases', async () => {
    const r = await prepare({ ...story, aliases: ['https://syndicated.example.org/copies/story-1'] });
    expect(r.ok).toBe(true);
  });

  it('refuses a site home page as the source or as an alias (every front-page visit would match)', async () => {
    for (const home of [
      'https://www.news1.example.com/',
      'https://news1.example.com',
      'http://www.news1.example.com/index.html',
    ]) {
      expect(await messages({ ...story, aliases: [home] }), home).toEqual([
        "aliases.0: is a site's home page: every visit to it would match this story",
      ]);
    }
    expect(await messages({ ...story, source: { ...story.source, url: 'https://www.news1.example.com/' } })).toEqual([
      "source.url: is a site's home page, not an article",
    ]);
    // An article addressed by a query on the root (WordPress's ?p=) is not a home page.
    expect(isHomePage('https://blog.example.org/?p=123')).toBe(false);
    expect(isHomePage('https://blog.example.org/2025/12/story')).toBe(false);
  });

  it(`refuses more than ${MAX_ALIASES} aliases`, async () => {
    const aliases = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `https://copies.example.org/story-1/${i}`);
    expect(await messages({ ...story, aliases })).toEqual([`aliases: are ${MAX_ALIASES + 1}; at most ${MAX_ALIASES}`]);
    expect((await prepare({ ...story, aliases: aliases.slice(0, MAX_ALIASES) })).ok).toBe(true);
  });

  it('refuses a file larger than the cap before parsing it', async () => {
    const big = JSON.stringify({ ...story, padding: 'x'.repeat(MAX_STORY_FILE_BYTES) });
    expect(await messages(big)).toEqual([`(file): is larger than ${MAX_STORY_FILE_BYTES} bytes`]);
  });

  it('says a file is not JSON without quoting it', async () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash\nSECRET_TOKEN=abc123';
    const problems = await messages(secret);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\(file\): not valid JSON/);
    expect(problems[0]).not.toMatch(/root|SECRET|abc123/);
  });
});
