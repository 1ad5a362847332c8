/**
 * npm run bench -- publish [--keep]: the publisher (publisher/cli.ts) on synthetic catalogues of 10,000,
 * 100,000 and 1,000,000 stories (tools/bench/synthetic-catalogue.ts, ~5.7 KB a story). For each size, each
 * run is a child process measured by GNU time (`/usr/bin/time -v`: wall time, CPU, peak RSS, threads included):
 * a first publication, then adding 100 stories, changing 100 (half of them their headline, so keys move), and
 * withdrawing 100; with the files each run read and wrote. Targets: a first publication of 1M in under 15 minutes
 * and 1 GB on 2 cores; 100 changes in a 1M catalogue in under 10 s, writing only the files they touch.
 *
 * Catalogues live in $TMPDIR/prism-publish-bench/ and are reused when made from the same seed; they are deleted at
 * the end unless --keep (or BENCH_PUBLISH_KEEP=1). BENCH_PUBLISH_SIZES=10000,100000 picks the sizes,
 * BENCH_PUBLISH_SEED the seed. Sizes up to 100,000 also time a first publication in one thread (--workers 0).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../tools/browsers/chromium';
import {
  ensureCatalogue,
  markCatalogue,
  syntheticId,
  writeSyntheticStory,
} from '../../tools/bench/synthetic-catalogue';
import type { PublishReport } from '../../publisher/run';

/** This bench runs no browser: scripts/bench.ts need not ask for a build. */
export const needsBuild = false;

const TIME = '/usr/bin/time';
const BASE = join(tmpdir(), 'prism-publish-bench');
const CHANGES = 100;

interface Measured {
  wallS: number;
  cpuS: number;
  rssMB: number;
  report: PublishReport;
}

function parseTime(stderr: string): { wallS: number; cpuS: number; rssMB: number } {
  const field = (name: string) => new RegExp(`${name}: (.+)`).exec(stderr)?.[1]?.trim() ?? '';
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .reduce((acc, part) => acc * 60 + Number(part), 0);
  const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
  return { wallS: wall, cpuS: cpu, rssMB: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024 };
}

/**
 * Each run starts with the disk quiet: earlier writes flushed (`sync`), and no output folder deleted just before
 * (ext4 mounted with `discard` trims freed blocks as it commits, which stalls file creation for a while after a
 * large delete: the outputs are removed only at the end).
 */
async function measure(cat: string, out: string, extra: string[] = []): Promise<Measured> {
  execFileSync('sync');
  await pause(3000);
  const reportFile = join(BASE, 'report.json');
  const args = ['-v', process.execPath, '--import', 'tsx', 'publisher/cli.ts', '--report', reportFile];
  const child = spawn(TIME, [...args, ...extra, cat, out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`prism:publish failed (${code}):\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as PublishReport;
  return { ...parseTime(stderr), report };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Files changed within 2 s of a run's start are read again by the next run (collect.ts, RACY_MS): wait that out. */
const settle = () => pause(2100);

function row(size: number, what: string, m: Measured): string {
  const w = m.report.writes;
  const written =
    `${w.stories} + ${w.tombstones} + ${w.shards} (−${w.shardsRemoved}) + ${w.keysets} + ${w.meta}` +
    ` (+ index ${w.index})`;
  const cells = [
    size.toLocaleString('en'),
    what,
    `${m.wallS.toFixed(1)} s`,
    `${m.cpuS.toFixed(1)} s`,
    `${Math.round(m.rssMB)} MB`,
    m.report.read.toLocaleString('en'),
    written,
  ];
  return `| ${cells.join(' | ')} |`;
}

function phases(m: Measured): string {
  return m.report.phases.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`).join(', ');
}

/** Story numbers spread over the catalogue (not its first hundred). */
const spread = (size: number, k: number, offset: number) => (offset + k * Math.floor(size / CHANGES)) % size;

export async function run(): Promise<string[]> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install -y time (Debian's GNU time)`);
  const sizes = (process.env.BENCH_PUBLISH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  const seed = Number(process.env.BENCH_PUBLISH_SEED ?? 1);
  const keep = process.argv.includes('--keep') || process.env.BENCH_PUBLISH_KEEP === '1';
  const lines = [
    `publisher bench, seed ${seed}; wall and CPU (user + system) time and peak RSS from /usr/bin/time -v`,
    '',
    '| stories | run | wall | CPU | peak RSS | files read | written: stories + tombstones + shards (removed) + ' +
      'key set + meta.json |',
    '| ---: | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  const details: string[] = [];
  const outputs: string[] = [];
  for (const size of sizes) {
    const cat = join(BASE, `cat-${size}-seed${seed}`);
    const out = join(BASE, `out-${size}`);
    const started = Date.now();
    const made = ensureCatalogue(cat, size, seed, (done) => console.log(`  generated ${done} of ${size}`));
    if (made) console.log(`  generated ${size} stories in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await settle();

    const record = (what: string, m: Measured) => {
      lines.push(row(size, what, m));
      details.push(`${size} ${what}: ${phases(m)}`);
      console.log(lines.at(-1));
    };
    rmSync(out, { recursive: true, force: true });
    outputs.push(out);
    if (size <= 100_000) {
      const single = `${out}-1thread`;
      rmSync(single, { recursive: true, force: true });
      outputs.push(single);
      record('first publication, 1 thread', await measure(cat, single, ['--workers', '0']));
    }
    record('first publication', await measure(cat, out));
    await settle();

    markCatalogue(cat, seed, size, false);
    for (let k = 0; k < CHANGES; k++) writeSyntheticStory(cat, size + k, size, seed);
    await settle();
    record(`add ${CHANGES}`, await measure(cat, out));

    const changed = Array.from({ length: CHANGES }, (_, k) => spread(size, k, 7));
    // Half keep their headline (a body edit), half get a new one (their title key moves).
    changed.forEach((i, k) => writeSyntheticStory(cat, i, size, seed, k % 2 === 0 ? 1 : 2));
    await settle();
    record(`change ${CHANGES}`, await measure(cat, out));

    const withdrawn = Array.from({ length: CHANGES }, (_, k) => spread(size, k, 13));
    for (const i of withdrawn) unlinkSync(join(cat, `${syntheticId(i)}.json`));
    await settle();
    record(`withdraw ${CHANGES}`, await measure(cat, out));

    // Back to the catalogue the seed makes, so the next bench can reuse it.
    for (let k = 0; k < CHANGES; k++) unlinkSync(join(cat, `${syntheticId(size + k)}.json`));
    for (const i of [...changed, ...withdrawn]) writeSyntheticStory(cat, i, size, seed);
    markCatalogue(cat, seed, size, true);
  }
  for (const out of outputs) rmSync(out, { recursive: true, force: true });
  if (!keep) rmSync(BASE, { recursive: true, force: true });
  return [...lines, '', 'phases (s):', ...details.map((d) => `  ${d}`)];
}

// Run on its own (without scripts/bench.ts): tsx scripts/bench/publish.bench.ts [--keep]
if (process.argv[1]?.endsWith('publish.bench.ts')) {
  for (const line of await run()) console.log(line);
}
