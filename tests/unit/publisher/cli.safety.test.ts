import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { numberedStory, publishQuiet, snapshot, tempDir, writeStories } from '../support/publish-fixtures';

const run = promisify(execFile);
const CLI = resolve('publisher/cli.ts');
const TSX = resolve('node_modules/.bin/tsx');

let dir: string;
let cat: string;
beforeEach(async () => {
  dir = await tempDir();
  cat = join(dir, 'cat');
  await writeStories(cat, [numberedStory(1), numberedStory(2)]);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function refused(out: string, pattern: RegExp, cwd?: string) {
  const before = snapshot(dir, true);
  const { ok, lines } = await publishQuiet(cat, out, { cwd });
  expect(ok).toBe(false);
  expect(lines.join('\n')).toMatch(pattern);
  expect(snapshot(dir, true)).toEqual(before);
}

describe('prism:publish refuses output folders it could damage', () => {
  it('a folder that is not empty and holds no earlier publication', async () => {
    await mkdir(join(dir, 'docs'));
    await writeFile(join(dir, 'docs/notes.txt'), 'mine');
    await refused(join(dir, 'docs'), /not empty and holds no earlier publication/);
  });

  it('the catalogue itself, a folder inside it, a folder that contains it', async () => {
    await refused(cat, /into the catalogue itself/);
    await refused(join(cat, 'api'), /inside the catalogue/);
    await refused(dir, /the catalogue .* is inside it/);
  });

  it('the catalogue under another name (a symbolic link)', async () => {
    await symlink(cat, join(dir, 'link'));
    await refused(join(dir, 'link'), /into the catalogue itself/);
  });

  it('the working directory', async () => {
    await mkdir(join(dir, 'here'));
    await refused(join(dir, 'here'), /working directory/, join(dir, 'here'));
  });

  it('the working directory, from the command line (exit status 1)', async () => {
    await mkdir(join(dir, 'here'));
    const err = await run(TSX, [CLI, cat, '.'], { cwd: join(dir, 'here') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 1, stdout: expect.stringMatching(/working directory/) });
    expect(readdirSync(join(dir, 'here'))).toEqual([]);
  }, 30_000);

  it('accepts a new folder, an empty one, an earlier publication and a folder of the v1 publisher', async () => {
    expect((await publishQuiet(cat, join(dir, 'new/api'))).ok).toBe(true);
    await mkdir(join(dir, 'empty'));
    expect((await publishQuiet(cat, join(dir, 'empty'))).ok).toBe(true);
    expect((await publishQuiet(cat, join(dir, 'empty'))).ok).toBe(true);
    await mkdir(join(dir, 'old/v1'), { recursive: true });
    await writeFile(join(dir, 'old/v1/meta.json'), '{"v":1}');
    expect((await publishQuiet(cat, join(dir, 'old'))).ok).toBe(true);
    expect(existsSync(join(dir, 'old/v1/meta.json'))).toBe(true); // left as it was
    expect(existsSync(join(dir, 'old/v2/meta.json'))).toBe(true);
  });

  it('refuses a folder another live publisher holds, and takes over the lock of a dead one', async () => {
    const out = join(dir, 'out');
    expect((await publishQuiet(cat, out)).ok).toBe(true);
    await writeFile(join(out, '.prism-index/lock'), String(process.pid));
    const held = await publishQuiet(cat, out);
    expect(held.ok).toBe(false);
    expect(held.lines.join('\n')).toMatch(/another prism:publish \(pid \d+\) is writing/);
    await writeFile(join(out, '.prism-index/lock'), '999999999');
    expect((await publishQuiet(cat, out)).ok).toBe(true);
    expect(existsSync(join(out, '.prism-index/lock'))).toBe(false);
  });
});

describe('prism:publish --check', () => {
  it('validates the whole catalogue and writes nothing', async () => {
    const out = join(dir, 'out');
    const ok = await run(TSX, [CLI, '--check', cat, out]);
    expect(ok.stdout).toMatch(/--check: 2 stories, \d+ lookup keys .*: no problems/);
    expect(existsSync(out)).toBe(false);

    await writeFile(join(cat, 'bad.json'), JSON.stringify({ ...numberedStory(3, { id: 'bad' }), category: '' }));
    const before = snapshot(dir, true);
    const err = await run(TSX, [CLI, '--check', cat]).catch((e: unknown) => e);
    const problem = '  bad.json: category: category must not be empty';
    expect(err).toMatchObject({ code: 1, stdout: expect.stringContaining(problem) });
    expect(snapshot(dir, true)).toEqual(before);
  }, 30_000);

  it('also reads files an earlier publication already indexed', async () => {
    const out = join(dir, 'out');
    expect((await publishQuiet(cat, out)).ok).toBe(true);
    const before = snapshot(dir, true);
    const { ok, report } = await publishQuiet(cat, out, { check: true });
    expect(ok).toBe(true);
    expect(report.read).toBe(2);
    expect(snapshot(dir, true)).toEqual(before);
  });
});

describe("prism:publish reads only the catalogue's own files", () => {
  it('refuses a symbolic link in the catalogue, and never quotes the file it points at', async () => {
    const secret = join(dir, 'secret.txt');
    await writeFile(secret, 'SECRET_TOKEN=abc123 (not JSON)');
    await symlink(secret, join(cat, 'story-9.json'));
    const { ok, lines } = await publishQuiet(cat, join(dir, 'out'));
    expect(ok).toBe(false);
    const said = lines.join('\n');
    expect(said).toMatch(/story-9\.json.*symbolic link/);
    expect(said).not.toMatch(/SECRET|abc123/);
  });
});
