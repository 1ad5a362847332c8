/**
 * The anonymity set's price (issue 19): the publisher picks the shard prefix length so that every shard holds at
 * least MIN_SHARD_KEYS keys (utils/prism/keys.ts choosePrefixLength). At 10k, 100k and 1M stories (keys shaped
 * like the publisher's: a URL key, a title key, an alias key for one story in three; entries with realistic ids,
 * sites and hosts), in Node, no build needed: the prefix length chosen, the keys per shard (smallest, median,
 * largest), the bytes of the median and largest shard as published and gzipped, and a hit's cost in the client
 * (JSON.parse, schema validation, the entry found) for the median shard, as a ratio to the same work on a shard of
 * the 5-hex layout (the floor: what a hit cost before), both measured in turn in this run (median of 31).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { choosePrefixLength, MIN_SHARD_KEYS, PREFIX_LENGTH } from '../../utils/prism/keys';
import { shardText } from '../../publisher/format/publish-format';
import { parseLookupShard, type LookupEntry } from '../../utils/prism/schema';
import { median } from '../../tools/bench/stats';

export const needsBuild = false;

const SIZES = (process.env.BENCH_SHARDS_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const RUNS = 31;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PUBLISHERS = ['bbc.com', 'scmp.com', 'news.yahoo.com', 'n.news.naver.com', 'theguardian.com', 'reuters.com'];

/** The entries of a catalogue of `stories` stories, sorted by key. */
function catalogue(stories: number): LookupEntry[] {
  const entries: LookupEntry[] = [];
  for (let i = 0; i < stories; i++) {
    const story = `story-${i}-${sha(String(i)).slice(0, 6)}-a-slug-of-some-words`;
    const host = PUBLISHERS[i % PUBLISHERS.length]!;
    const alias = i % 3 === 0;
    const sites = alias
      ? [host.split('.').slice(-2).join('.'), 'yahoo.com'].sort()
      : [host.split('.').slice(-2).join('.')];
    const hosts = alias ? [host, 'news.yahoo.com'].sort() : [host];
    const keys = [sha(`url:${i}`), sha(`title:${i}`), ...(alias ? [sha(`alias:${i}`)] : [])];
    for (const key of keys) entries.push({ key, story, sites: [...new Set(sites)], hosts: [...new Set(hosts)] });
  }
  return entries.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The client's work on a hit: parse, validate, find the key. */
function hit(text: string, key: string): boolean {
  const parsed = parseLookupShard(JSON.parse(text));
  return parsed.ok && parsed.value.entries.some((e) => e.key === key);
}

function timeMs(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export async function run(): Promise<string[]> {
  const lines = [
    `minimum keys a shard: ${MIN_SHARD_KEYS}; a hit's cost: parse + validate + find, median of ${RUNS}, ratio to the 5-hex shard of the same catalogue`,
    '',
    '| stories | keys | prefix length | shards | keys a shard (min / median / max) | median shard: bytes, gzip | largest shard: bytes, gzip | hit ms (5-hex floor ms) | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const stories of SIZES) {
    const entries = catalogue(stories);
    const counts = new Uint32Array(16 ** PREFIX_LENGTH);
    for (const e of entries) counts[Number.parseInt(e.key.slice(0, PREFIX_LENGTH), 16)]!++;
    const length = choosePrefixLength(counts);
    const groups = new Map<string, LookupEntry[]>();
    for (const e of entries) {
      const name = length === 0 ? 'all' : e.key.slice(0, length);
      const g = groups.get(name);
      if (g) g.push(e);
      else groups.set(name, [e]);
    }
    // Empty shards count too (a key there asks for a file that is not there).
    const sizes = [...groups.values()].map((g) => g.length);
    while (sizes.length < 16 ** length) sizes.push(0);
    sizes.sort((a, b) => a - b);
    const byCount = [...groups.values()].sort((a, b) => a.length - b.length);
    const medianShard = byCount[Math.floor(byCount.length / 2)]!;
    const largest = byCount.at(-1)!;
    const medianText = shardText(medianShard);
    const largestText = shardText(largest);
    // The floor: the 5-hex shard of the same key (what a hit asked for before).
    const key = medianShard[Math.floor(medianShard.length / 2)]!.key;
    const floorText = shardText(entries.filter((e) => e.key.startsWith(key.slice(0, PREFIX_LENGTH))));
    const hitRuns: number[] = [];
    const floorRuns: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      hitRuns.push(timeMs(() => hit(medianText, key)));
      floorRuns.push(timeMs(() => hit(floorText, key)));
    }
    const [h, f] = [median(hitRuns), median(floorRuns)];
    lines.push(
      `| ${stories} | ${entries.length} | ${length} | ${16 ** length} | ${sizes[0]} / ${sizes[Math.floor(sizes.length / 2)]} / ${sizes.at(-1)} | ` +
        `${kb(Buffer.byteLength(medianText))}, ${kb(gzipSync(medianText).length)} | ` +
        `${kb(Buffer.byteLength(largestText))}, ${kb(gzipSync(largestText).length)} | ${h.toFixed(2)} (${f.toFixed(3)}) | ${(h / f).toFixed(0)} |`,
    );
  }
  return lines;
}
