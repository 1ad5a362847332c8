/** The first-run page's sample analysis is the catalogue's seed story, as published, and a valid story. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStoryFile } from '../../../../utils/prism/schema';

const read = async (path: string) =>
  JSON.parse(await readFile(join(import.meta.dirname, '../../../..', path), 'utf8')) as unknown;

describe('the sample analysis of the first-run page', () => {
  it('is the seed story of data/catalogue, unchanged', async () => {
    expect(await read('components/welcome/sample-story.json')).toEqual(
      await read('data/catalogue/belarus-courts-us-pivot-from-moscow.json'),
    );
  });

  it('is a valid story with both editions', async () => {
    const parsed = parseStoryFile(await read('components/welcome/sample-story.json'));
    expect(parsed.ok).toBe(true);
    if (parsed.ok && !('withdrawn' in parsed.value))
      expect(Object.keys(parsed.value.editions).sort()).toEqual(['en', 'ko']);
  });
});
