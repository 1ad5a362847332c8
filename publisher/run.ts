/**
 * One run of the publisher over a catalogue folder and an output folder: folder checks, lock, index and journal,
 * collect (read and validate what changed), key clashes, then, only when there is no problem at all, commit
 * (write what changed, in a reader-safe order). A run that finds a problem writes nothing; a run that is killed
 * leaves the previous publication served and a journal that the next run completes from.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sortKeys, findClashes } from './format/publish-plan';
import type { PublishProblem } from './format/publish-story';
import type { KeySetRef } from '../utils/prism/schema';
import { collect, type Collected } from './collect';
import { commit } from './commit';
import { DEFAULT_KEYSET_GRACE_MS } from './keysets';
import { checkFolders, INDEX_DIR } from './safety';
import { JOURNAL_FILE, loadIndex, loadJournal, lock, PUBLISHER_FORMAT, stagingDir, tmpDir } from './state';
import { Timings } from './timings';
import { noWrites, publicationChanges, Writer, type WriteCounts, type WriteHooks } from './writer';

export interface PublishOptions {
  /** Validate the whole catalogue and write nothing. */
  check?: boolean;
  /** Read every catalogue file, not only those whose stat signature changed. */
  full?: boolean;
  /** Worker threads for reading (0: in this thread); by default one per core for a large run. */
  workers?: number;
  now?: Date;
  /** How long a superseded key set stays (default a day). */
  keysetGraceMs?: number;
  /** The event index holds the stories of the last this many days (default 30). */
  eventDays?: number;
  hooks?: WriteHooks;
  cwd?: string;
  /** Log the wall time of each phase. */
  timings?: boolean;
}

export interface PublishReport {
  ok: boolean;
  /** Live stories, withdrawn ones (tombstones), live keys. */
  stories: number;
  withdrawn: number;
  keys: number;
  /** Catalogue files, and how many of them were read. */
  files: number;
  read: number;
  writes: WriteCounts;
  keyset: KeySetRef | null;
  problems: PublishProblem[];
  warnings: PublishProblem[];
  /** Wall time per phase, in ms. */
  phases: [string, number][];
}

const MAX_WARNINGS_SHOWN = 50;

function clashProblems(c: Collected, sorted: ReturnType<typeof sortKeys>): PublishProblem[] {
  const t = c.table;
  return findClashes(t, sorted).map(([i, j]) => {
    const [a, b] = [sorted.order[i]!, sorted.order[j]!];
    const [sa, sb] = [sorted.story[i]!, sorted.story[j]!];
    const [readA, readB] = [sa < c.readCount, sb < c.readCount];
    // Blame the story read in this run (the other was published before); else the later file.
    const blameA = readA !== readB ? readA : t.ids[sa]! > t.ids[sb]!;
    const [blame, other, key] = blameA ? [sa, sb, a] : [sb, sa, b];
    const isTitle = t.hasTitleKey(blame) && key === t.keyStart[blame + 1]! - 1;
    return {
      file: `${t.ids[blame]}.json`,
      path: isTitle ? 'source.title' : 'source.url/aliases',
      message: `gives the same lookup key as story "${t.ids[other]}" (${t.ids[other]}.json)`,
    };
  });
}

const byFile = (a: PublishProblem, b: PublishProblem) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

function report(c: Collected | null, sorted: ReturnType<typeof sortKeys> | null, writes: WriteCounts): PublishReport {
  const live = c ? c.table.liveCount() : 0;
  return {
    ok: false,
    stories: live,
    withdrawn: c ? c.table.count - live : 0,
    keys: sorted ? sorted.liveKeys : 0,
    files: c?.files ?? 0,
    read: c ? c.readCount : 0,
    writes,
    keyset: null,
    problems: c?.problems ?? [],
    warnings: c?.warnings ?? [],
    phases: [],
  };
}

function logProblems(log: (line: string) => void, dir: string, problems: PublishProblem[], written: string) {
  log(`prism:publish: ${problems.length} problem(s) in ${dir}; ${written}.`);
  for (const p of problems) log(`  ${p.file}: ${p.path}: ${p.message}`);
}

function logWarnings(log: (line: string) => void, warnings: PublishProblem[]) {
  for (const w of warnings.slice(0, MAX_WARNINGS_SHOWN)) log(`  warning: ${w.file}: ${w.path}: ${w.message}`);
  if (warnings.length > MAX_WARNINGS_SHOWN) log(`  warning: and ${warnings.length - MAX_WARNINGS_SHOWN} more`);
}

async function checkOnly(catalogue: string, log: (line: string) => void, opts: PublishOptions): Promise<PublishReport> {
  const c = await collect({
    catalogue,
    out: '/nonexistent',
    stagingDir: '/nonexistent',
    fresh: false,
    check: true,
    full: true,
    workers: opts.workers,
    previous: null,
    journal: null,
    now: opts.now ?? new Date(),
  });
  const sorted = sortKeys(c.table);
  c.problems.push(...clashProblems(c, sorted));
  c.problems.sort(byFile);
  const r = report(c, sorted, noWrites());
  if (c.problems.length > 0) logProblems(log, catalogue, c.problems, 'checked only, nothing written');
  else {
    logWarnings(log, c.warnings);
    log(`prism:publish --check: ${r.stories} stories, ${r.keys} lookup keys in ${catalogue}: no problems`);
  }
  return { ...r, ok: c.problems.length === 0 };
}

export async function runPublish(
  catalogueDir: string,
  outDir: string | undefined,
  log: (line: string) => void,
  opts: PublishOptions = {},
): Promise<PublishReport> {
  const fail = (message: string) => {
    log(`prism:publish: ${message}`);
    return report(null, null, noWrites());
  };
  if (outDir === undefined) {
    if (!opts.check) return fail('no output folder given');
    if (!existsSync(catalogueDir) || !statSync(catalogueDir).isDirectory()) {
      return fail(`the catalogue ${catalogueDir} is not a folder`);
    }
    return checkOnly(resolve(catalogueDir), log, opts);
  }
  const folders = checkFolders(catalogueDir, outDir, opts.cwd);
  if (!folders.ok) return fail(folders.message);
  if (opts.check) return checkOnly(folders.catalogue, log, opts);

  const { catalogue, out, state } = folders;
  const indexDirExisted = state.kind === 'publication' && state.hasIndexDir;
  mkdirSync(join(out, INDEX_DIR), { recursive: true });
  const held = lock(out);
  if (!held.ok) {
    if (!indexDirExisted) removeCreated(out, state.kind === 'new' && !state.exists);
    return fail(held.message);
  }
  let cleanUp = true;
  try {
    const staging = stagingDir(out);
    rmSync(staging, { recursive: true, force: true });
    rmSync(tmpDir(out), { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });

    const timings = new Timings();
    const loaded = loadIndex(out);
    if (loaded && 'error' in loaded) {
      log(`prism:publish: warning: the index is unreadable (${loaded.error}); checking every file`);
    }
    const previous = loaded && 'table' in loaded ? loaded : null;
    let journal = loadJournal(out);
    if (journal && (!previous || journal.base !== previous.meta.generation)) {
      Writer.discard(join(out, JOURNAL_FILE)); // from a run that committed, or from before the index
      journal = null;
    }
    if (journal) log('prism:publish: the previous run was interrupted; checking what it may have written');
    // Nothing is served before v2/ exists: a first publication writes its files in place (docs/deploy.md).
    const fresh = !existsSync(join(out, 'v2'));
    timings.mark('load index');
    const now = opts.now ?? new Date();
    const c = await collect({
      catalogue,
      out,
      stagingDir: staging,
      fresh,
      check: false,
      full: opts.full === true || (previous !== null && previous.meta.publisher !== PUBLISHER_FORMAT),
      workers: opts.workers,
      previous: previous && { table: previous.table, meta: previous.meta },
      journal,
      now,
      eventDays: opts.eventDays,
      mark: timings.mark,
    });
    // Only the shards a change touches: an unchanged key can only clash with a changed one in its shard.
    const sorted = sortKeys(c.table, c.dirty);
    c.problems.push(...clashProblems(c, sorted));
    c.problems.sort(byFile);
    timings.mark('sort keys');
    if (c.problems.length > 0) {
      rmSync(staging, { recursive: true, force: true });
      if (fresh) rmSync(join(out, 'v2'), { recursive: true, force: true });
      held.release();
      cleanUp = false;
      if (!indexDirExisted) removeCreated(out, state.kind === 'new' && !state.exists);
      logProblems(log, catalogueDir, c.problems, 'nothing was written');
      return report(c, sorted, noWrites());
    }
    logWarnings(log, c.warnings);

    const writer = new Writer(out, tmpDir(out), opts.hooks);
    const { keyset } = await commit({
      out,
      writer,
      collected: c,
      sorted,
      stagingDir: staging,
      fresh,
      previous: previous?.meta ?? null,
      journal,
      now,
      keysetGraceMs: opts.keysetGraceMs ?? DEFAULT_KEYSET_GRACE_MS,
      eventDays: opts.eventDays,
      mark: timings.mark,
    });
    Writer.discard(join(out, JOURNAL_FILE));
    const r = { ...report(c, sorted, writer.counts), ok: true, keyset, phases: timings.phases };
    if (opts.timings) log(`prism:publish: timings: ${timings.toString()}`);
    log(summary(r, out));
    return r;
  } finally {
    if (cleanUp) {
      held.release();
    }
  }
}

/** Undoes what a failed first run created: `.prism-index/`, and the output folder when the run made it. */
function removeCreated(out: string, outCreated: boolean): void {
  rmSync(join(out, INDEX_DIR), { recursive: true, force: true });
  if (outCreated && existsSync(out) && readdirSync(out).length === 0) rmdirSync(out);
}

function summary(r: PublishReport, out: string): string {
  const w = r.writes;
  return (
    `prism:publish: ${r.stories} stories (${r.withdrawn} withdrawn), ${r.keys} lookup keys; ` +
    `read ${r.read} of ${r.files} files; wrote ${w.stories} stories, ${w.tombstones} tombstones, ` +
    `${w.shards} shards (${w.shardsRemoved} removed), ${w.keysets} key set, ` +
    `${w.events} event index (${w.eventsRemoved} removed), ${w.meta} meta.json ` +
    `(${publicationChanges(w)} changes), removed ${w.keysetsRemoved} old key sets -> ${out}`
  );
}
