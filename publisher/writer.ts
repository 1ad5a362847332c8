/**
 * Every change the publisher makes to an output folder goes through here: a file is written whole to a temporary
 * name in `.prism-index/tmp/` and renamed over its target (a reader sees the old file or the new one, never part of
 * one), a staged story file is renamed into place, a file is removed. Each is counted, by kind, so a run can say
 * what it wrote and the tests can check that unchanged files are left alone.
 *
 * Test hooks: `failAfterWrites` throws instead of making change N + 1 (a run killed mid-way), `pauseAfterWrites`
 * stops before it and waits forever (so a test can `kill -9` the process at a known point).
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type WriteKind = 'story' | 'tombstone' | 'shard' | 'keyset' | 'events' | 'meta' | 'index' | 'journal';
export type RemoveKind = 'shard' | 'keyset' | 'events';

export interface WriteHooks {
  failAfterWrites?: number;
  pauseAfterWrites?: number;
  /** Called when the pause starts (the CLI prints a line a test waits for). */
  onPause?: (writes: number) => void;
}

/** Writes and removals of the publication itself (v2/), by kind. */
export interface WriteCounts {
  stories: number;
  tombstones: number;
  shards: number;
  shardsRemoved: number;
  keysets: number;
  keysetsRemoved: number;
  /** The event index (same-event matching), written and removed. */
  events: number;
  eventsRemoved: number;
  meta: number;
  /** The publisher's own files (.prism-index/: index, journal, README). */
  index: number;
}

export const noWrites = (): WriteCounts => ({
  stories: 0,
  tombstones: 0,
  shards: 0,
  shardsRemoved: 0,
  keysets: 0,
  keysetsRemoved: 0,
  events: 0,
  eventsRemoved: 0,
  meta: 0,
  index: 0,
});

/** Changes to v2/ in a count. */
export const publicationChanges = (c: WriteCounts) =>
  c.stories +
  c.tombstones +
  c.shards +
  c.shardsRemoved +
  c.keysets +
  c.keysetsRemoved +
  c.events +
  c.eventsRemoved +
  c.meta;

export class Writer {
  readonly counts = noWrites();
  private changes = 0;
  private tmpSeq = 0;
  private madeDirs = new Set<string>();
  /** Runs once, before the first change to v2/ (the run's journal is written there). */
  beforeFirstPublicationChange: (() => Promise<void>) | undefined;

  constructor(
    readonly out: string,
    readonly tmpDir: string,
    private readonly hooks: WriteHooks = {},
  ) {}

  private async step(publication: boolean): Promise<void> {
    const { failAfterWrites, pauseAfterWrites } = this.hooks;
    if (failAfterWrites !== undefined && this.changes >= failAfterWrites) {
      throw new Error(`prism:publish: injected failure after ${this.changes} writes (test hook)`);
    }
    if (pauseAfterWrites !== undefined && this.changes >= pauseAfterWrites) {
      this.hooks.onPause?.(this.changes);
      await new Promise<never>(() => undefined);
    }
    if (publication && this.beforeFirstPublicationChange) {
      const first = this.beforeFirstPublicationChange;
      this.beforeFirstPublicationChange = undefined;
      await first();
    }
    this.changes++;
  }

  private ensureDir(path: string): void {
    const dir = dirname(path);
    if (this.madeDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  private count(kind: WriteKind): void {
    const c = this.counts;
    if (kind === 'story') c.stories++;
    else if (kind === 'tombstone') c.tombstones++;
    else if (kind === 'shard') c.shards++;
    else if (kind === 'keyset') c.keysets++;
    else if (kind === 'events') c.events++;
    else if (kind === 'meta') c.meta++;
    else c.index++;
  }

  /**
   * Writes `data` to `rel` (relative to the output folder) by temporary file and rename; `direct` writes it in
   * place (only for a first publication, which nothing reads until its meta.json exists).
   */
  async write(rel: string, data: string | Uint8Array, kind: WriteKind, direct = false): Promise<void> {
    await this.step(kind !== 'index' && kind !== 'journal');
    const target = join(this.out, rel);
    this.ensureDir(target);
    if (direct) {
      writeFileSync(target, data);
      this.count(kind);
      return;
    }
    const tmp = join(this.tmpDir, `${process.pid}-${this.tmpSeq++}`);
    this.ensureDir(tmp);
    writeFileSync(tmp, data);
    renameSync(tmp, target);
    this.count(kind);
  }

  /** Writes chunks one after another (a large file without joining them in memory), then renames. */
  async writeChunks(rel: string, chunks: Uint8Array[], kind: WriteKind): Promise<void> {
    await this.step(kind !== 'index' && kind !== 'journal');
    const target = join(this.out, rel);
    this.ensureDir(target);
    const tmp = join(this.tmpDir, `${process.pid}-${this.tmpSeq++}`);
    this.ensureDir(tmp);
    const fd = openSync(tmp, 'w');
    try {
      for (const chunk of chunks) for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    this.count(kind);
  }

  /** Moves a complete file (a staged story) into place under `rel`. */
  async moveInto(from: string, rel: string, kind: WriteKind): Promise<void> {
    await this.step(true);
    const target = join(this.out, rel);
    this.ensureDir(target);
    renameSync(from, target);
    this.count(kind);
  }

  /** Counts files written elsewhere (by the reading workers, in a first publication). */
  counted(kind: WriteKind, n: number): void {
    for (let i = 0; i < n; i++) this.count(kind);
    this.changes += n;
  }

  async remove(rel: string, kind: RemoveKind): Promise<void> {
    await this.step(true);
    try {
      unlinkSync(join(this.out, rel));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (kind === 'shard') this.counts.shardsRemoved++;
    else if (kind === 'events') this.counts.eventsRemoved++;
    else this.counts.keysetsRemoved++;
  }

  /** Removes a file of the publisher's own (no count, no hook: e.g. the journal once the run is complete). */
  static discard(path: string): void {
    rmSync(path, { force: true, recursive: true });
  }
}
