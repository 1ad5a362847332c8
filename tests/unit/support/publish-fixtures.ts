/**
 * Helpers for the publisher's tests: catalogues of generated stories in temp folders, snapshots of a publication's
 * files, the comparison of an incremental publication with one from scratch, and the invariants a reader relies on
 * (meta.json names a key set that exists; every shard entry names a story file that exists and is valid).
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { publishDir, type PublishOptions, type PublishReport } from '../../../publisher/cli';
import { isWithdrawn, parseLookupShard, parseMeta, parseStoryFile, type Story } from '../../../utils/prism/schema';
import { makeStory } from '../../fixtures/story';

export const tempDir = (prefix = 'pub-') => mkdtemp(join(tmpdir(), prefix));

/** Story number `i`: its own source URL on one of five sites, its own headline, an alias for every third. */
export function numberedStory(i: number, overrides: Partial<Story> = {}): Story {
  const site = `news${i % 5}.example.com`;
  return makeStory({
    id: `story-${i}`,
    url: `https://prism.example/en/story-${i}`,
    source: {
      url: `https://www.${site}/world/2025/12/${i}/story-${i}`,
      publisher: `News ${i % 5}`,
      title: `Headline number ${i} about the world today`,
    },
    aliases: i % 3 === 0 ? [`https://syndicated.example.org/copies/story-${i}`] : [],
    ...overrides,
  });
}

export async function writeStories(dir: string, stories: Story[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const s of stories) await writeFile(join(dir, `${s.id}.json`), JSON.stringify(s));
}

export async function publishQuiet(
  catalogue: string,
  out: string,
  options: PublishOptions = {},
): Promise<{ ok: boolean; report: PublishReport; lines: string[] }> {
  const lines: string[] = [];
  let report: PublishReport | undefined;
  const ok = await publishDir(catalogue, out, (l) => lines.push(l), { ...options, onReport: (r) => (report = r) });
  return { ok, report: report!, lines };
}

/** Every file under `dir` (relative path → bytes), `.prism-index/` left out unless asked for. */
export function snapshot(dir: string, withIndex = false): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const rel = relative(dir, path);
      if (!withIndex && rel.startsWith('.prism-index')) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isSymbolicLink()) files.set(rel, Buffer.from(`symlink to ${readlinkSync(path)}`));
      else files.set(rel, readFileSync(path));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

/** Inode numbers of the files under v2/ (a file rewritten through temp file + rename gets a new one). */
export function inodes(dir: string): Map<string, number> {
  return new Map([...snapshot(dir).keys()].map((rel) => [rel, statSync(join(dir, rel)).ino]));
}

const withoutTime = (meta: Buffer) => {
  const { generatedAt: _, ...rest } = JSON.parse(meta.toString('utf8')) as Record<string, unknown>;
  return rest;
};

/**
 * An incremental publication equals one from scratch of the same catalogue: every file of the latter has the same
 * bytes in the former (meta.json but for generatedAt). The former may also hold tombstones (which a publication
 * from scratch cannot know of) and key sets meta.json no longer names (the grace period).
 */
export function expectSamePublication(incremental: string, scratch: string): void {
  const a = snapshot(incremental);
  const b = snapshot(scratch);
  for (const [rel, bytes] of b) {
    expect(a.has(rel), `${rel} is missing from the incremental publication`).toBe(true);
    if (rel === 'v2/meta.json') expect(withoutTime(a.get(rel)!)).toEqual(withoutTime(bytes));
    else expect(a.get(rel)!.toString('utf8'), rel).toBe(bytes.toString('utf8'));
  }
  for (const [rel, bytes] of a) {
    if (b.has(rel)) continue;
    if (rel.startsWith('v2/keyset/')) continue;
    expect(rel, `${rel} is only in the incremental publication`).toMatch(/^v2\/stories\/[a-z0-9-]+\.json$/);
    const parsed = parseStoryFile(JSON.parse(bytes.toString('utf8')));
    expect(parsed.ok && isWithdrawn(parsed.value), `${rel} should be a tombstone`).toBe(true);
  }
}

export async function expectEqualsFromScratch(catalogue: string, out: string): Promise<void> {
  const scratch = await tempDir('scratch-');
  try {
    expect((await publishQuiet(catalogue, join(scratch, 'out'), { workers: 0 })).ok).toBe(true);
    expectSamePublication(out, join(scratch, 'out'));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** What every reader relies on: meta.json names a key set that exists; every shard entry's story file is there. */
export function expectReadable(out: string): void {
  const meta = parseMeta(JSON.parse(readFileSync(join(out, 'v2/meta.json'), 'utf8')));
  if (!meta.ok) throw new Error(`meta.json: ${JSON.stringify(meta.problems)}`);
  expect(existsSync(join(out, 'v2', meta.value.keyset.path)), `${meta.value.keyset.path} exists`).toBe(true);
  const lookup = join(out, 'v2/lookup');
  for (const name of readdirSync(lookup)) {
    const shard = parseLookupShard(JSON.parse(readFileSync(join(lookup, name), 'utf8')));
    if (!shard.ok) throw new Error(`${name}: ${JSON.stringify(shard.problems)}`);
    for (const entry of shard.value.entries) {
      const file = join(out, `v2/stories/${entry.story}.json`);
      expect(existsSync(file), `${name} names ${entry.story}, whose file exists`).toBe(true);
      expect(parseStoryFile(JSON.parse(readFileSync(file, 'utf8'))).ok).toBe(true);
    }
  }
}
