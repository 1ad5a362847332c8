/**
 * The publisher's own state read back (publisher/state.ts): ids in the journal and the index become
 * file names, so anything that is not a story id (a damaged or planted file) is never used as one.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_FILE, JOURNAL_FILE, loadIndex, loadJournal } from '../../../publisher/state';
import { INDEX_DIR } from '../../../publisher/safety';
import { encodeIndex, StoryTable } from '../../../publisher/format/publish-index';
import { tempDir } from '../support/publish-fixtures';

let out: string;
beforeEach(async () => {
  out = await tempDir();
  await mkdir(join(out, INDEX_DIR), { recursive: true });
});
afterEach(() => rm(out, { recursive: true, force: true }));

describe('loadJournal', () => {
  it('keeps a journal of story ids and shard numbers as it is', async () => {
    const journal = { base: 3, stories: ['story-1', 'story-2'], prefixes: [0, 17] };
    await writeFile(join(out, JOURNAL_FILE), JSON.stringify(journal));
    expect(loadJournal(out)).toEqual(journal);
  });

  it('reads a journal naming a path, or a prefix that is no shard number, as "everything may have changed"', async () => {
    for (const [stories, prefixes] of [
      [['story-1', '../../../etc/passwd'], [0]],
      [['story-1', 'a/b'], [0]],
      [['Story-1'], [0]],
      [['story-1'], ['__proto__']],
      [['story-1'], [-1]],
    ] as const) {
      await writeFile(join(out, JOURNAL_FILE), JSON.stringify({ base: 3, stories, prefixes }));
      expect(loadJournal(out), JSON.stringify(stories)).toEqual({ base: 3, stories: 'all', prefixes: 'all' });
    }
  });
});

describe('loadIndex', () => {
  it('refuses an index whose ids are not story ids', async () => {
    const table = new StoryTable();
    table.add({
      id: '../../outside',
      hash: new Uint8Array(16),
      stat: null,
      withdrawnAt: 0,
      hasTitleKey: false,
      keys: new Uint8Array(0),
      sites: [],
    });
    await writeFile(join(out, INDEX_FILE), Buffer.concat(encodeIndex(table, { format: 'prism-index-1' })));
    const loaded = loadIndex(out);
    expect(loaded).toMatchObject({ error: expect.stringMatching(/not a story id/) });
  });
});
