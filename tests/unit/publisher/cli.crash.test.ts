import { spawn } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Story } from '../../../utils/prism/schema';
import {
  expectEqualsFromScratch,
  expectReadable,
  numberedStory,
  publishQuiet,
  snapshot,
  tempDir,
  writeStories,
} from '../support/publish-fixtures';

let dir: string;
let cat: string;
let out: string;

async function put(...list: Story[]) {
  await writeStories(cat, list);
  const past = new Date(Date.now() - 60_000);
  for (const s of list) utimesSync(join(cat, `${s.id}.json`), past, past);
}

/** A change of every kind: additions, a body change, a key moving between stories, a withdrawal. */
async function mixedChange() {
  const s2 = numberedStory(2);
  await put(
    { ...s2, source: { ...s2.source, url: 'https://www.news2.example.com/moved/story-2' } },
    { ...numberedStory(3), aliases: [s2.source.url] },
    { ...numberedStory(4), category: 'Economy' },
    numberedStory(50),
    numberedStory(51),
  );
  await unlink(join(cat, 'story-7.json'));
}

/** Puts a snapshot back, exactly (the folder is emptied first). */
async function restore(files: Map<string, Buffer>, to: string) {
  await rm(to, { recursive: true, force: true });
  for (const [rel, bytes] of files) {
    await mkdir(join(to, rel, '..'), { recursive: true });
    await writeFile(join(to, rel), bytes);
  }
}

beforeEach(async () => {
  dir = await tempDir('crash-');
  cat = join(dir, 'cat');
  out = join(dir, 'out');
  await put(...Array.from({ length: 12 }, (_, i) => numberedStory(i)));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a run that stops part-way', () => {
  it('at any write of an incremental run, the previous publication stays readable; the next completes it', async () => {
    expect((await publishQuiet(cat, out, { workers: 0 })).ok).toBe(true);
    const published = snapshot(out, true);
    await mixedChange();
    // How many writes a whole run makes (on a copy), so that every stopping point is tried.
    const probe = join(dir, 'probe');
    await restore(published, probe);
    const whole = (await publishQuiet(cat, probe, { workers: 0 })).report.writes;
    const total = Object.values(whole).reduce((a, b) => a + b, 0); // the journal is counted with the index
    expect(total).toBeGreaterThan(10);

    for (let n = 0; n < total; n++) {
      await restore(published, out);
      await expect(publishQuiet(cat, out, { workers: 0, hooks: { failAfterWrites: n } })).rejects.toThrow(/injected/);
      expectReadable(out);
      const again = await publishQuiet(cat, out, { workers: 0 });
      expect(again.ok, `after stopping at write ${n}: ${again.lines.join('\n')}`).toBe(true);
      expectReadable(out);
      await expectEqualsFromScratch(cat, out);
    }
  }, 120_000);

  it('at any write of a first publication, the next run completes it', async () => {
    const whole = (await publishQuiet(cat, join(dir, 'probe'), { workers: 0 })).report.writes;
    const total = Object.values(whole).reduce((a, b) => a + b, 0);
    for (let n = 0; n < total; n += 3) {
      await rm(out, { recursive: true, force: true });
      await expect(publishQuiet(cat, out, { workers: 0, hooks: { failAfterWrites: n } })).rejects.toThrow(/injected/);
      const again = await publishQuiet(cat, out, { workers: 0 });
      expect(again.ok, again.lines.join('\n')).toBe(true);
      expectReadable(out);
      await expectEqualsFromScratch(cat, out);
    }
  }, 120_000);

  it('killed while a first publication writes its story files in place: the next run rewrites torn ones', async () => {
    expect((await publishQuiet(cat, out, { workers: 0 })).ok).toBe(true);
    // What a kill -9 during the reading of a first publication leaves: some story files, one cut short, no shard,
    // no key set, no meta.json, no index.
    await rm(join(out, 'v2/lookup'), { recursive: true });
    await rm(join(out, 'v2/keyset'), { recursive: true });
    await rm(join(out, 'v2/meta.json'));
    await rm(join(out, '.prism-index/index.bin'));
    await rm(join(out, 'v2/stories/story-3.json'));
    const torn = join(out, 'v2/stories/story-5.json');
    await writeFile(torn, '{ "v": 1, "id": "sto');
    const again = await publishQuiet(cat, out, { workers: 0 });
    expect(again.ok, again.lines.join('\n')).toBe(true);
    expect(again.report.writes.stories).toBe(2);
    expectReadable(out);
    await expectEqualsFromScratch(cat, out);
  });

  it('killed with SIGKILL mid-run (a real child process), leaves the previous publication readable', async () => {
    expect((await publishQuiet(cat, out, { workers: 0 })).ok).toBe(true);
    await mixedChange();
    // One process (node with tsx's loader, not the tsx wrapper, which would run the script in a child).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve('publisher/cli.ts'), '--pause-after-writes', '6', cat, out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('paused after 6 writes')) res();
      });
      child.on('exit', (code) => rej(new Error(`the publisher exited (${code}) before pausing: ${output}`)));
    });
    const exited = new Promise((res) => child.on('exit', (_code, signal) => res(signal)));
    process.kill(child.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));

    expectReadable(out);
    const again = await publishQuiet(cat, out, { workers: 0 });
    expect(again.ok, again.lines.join('\n')).toBe(true);
    expect(again.lines.join('\n')).toMatch(/interrupted/);
    await expectEqualsFromScratch(cat, out);
  }, 60_000);
});
