/**
 * `npm run match` (scripts/match.ts) as a process: pages on stdin, one answer a line on stdout, in step with the
 * questions, against a publication's event index; a folder without one is refused with the reason.
 */
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../../utils/prism/schema';
import { numberedStory, publishQuiet, tempDir, writeStories } from '../support/publish-fixtures';

let dir: string;
let out: string;
const now = new Date();
const story: Story = numberedStory(1, {
  id: 'sbarro-bankruptcy',
  publishedAt: new Date(now.getTime() - 86_400_000).toISOString(),
  editions: {
    en: {
      title: 'Pizza chain Sbarro files for bankruptcy for the second time',
      summary: 'Sbarro, the shopping-mall pizza chain, filed for Chapter 11 protection.',
      body: ['Mall traffic has collapsed, the company said.'],
      tags: ['Sbarro', 'bankruptcy'],
    },
  },
});

const run = (args: string[], input: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', resolve('scripts/match.ts'), ...args], { input, encoding: 'utf8' });

beforeAll(async () => {
  dir = await tempDir('match-');
  out = join(dir, 'out');
  await writeStories(join(dir, 'cat'), [story]);
  expect((await publishQuiet(join(dir, 'cat'), out, { workers: 0, now })).ok).toBe(true);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run match', () => {
  it('answers each page with the story of the same event, or null', () => {
    const input = [
      { url: 'https://www.nytimes.com/a', title: 'Sbarro seeks Chapter 11 protection again - The New York Times' },
      { url: 'https://www.bbc.com/a', title: 'Arsenal beat Chelsea 2-0 at the Emirates' },
      'not json',
      { url: 'https://x.com/a' },
    ]
      .map((l) => (typeof l === 'string' ? l : JSON.stringify(l)))
      .join('\n');
    const r = run([out], `${input}\n`);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { story: string | null; score: number });
    expect(lines).toHaveLength(4);
    expect(lines[0]!.story).toBe('sbarro-bankruptcy');
    expect(lines[0]!.score).toBeGreaterThan(0.27);
    expect(lines.slice(1).map((l) => l.story)).toEqual([null, null, null]);
    expect(r.stderr).toMatch(/line 3 is not JSON/);
  });

  it('refuses a folder that is not a publication, saying why', () => {
    const r = run([join(dir, 'nothing')], '');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*meta\.json/);
    expect(run([], '').status).toBe(2);
  });
});
