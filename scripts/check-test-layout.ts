/**
 * `npm run lint`: every unit test is found from its source's path. `tests/unit/<source path>.test.ts(x)` tests
 * `<source path>.ts(x)`; an aspect may stand before `.test` (`index.corpus.test.ts` tests `index.ts` on the
 * corpus). Shared test helpers live in `tests/unit/support/`. Prints each file that breaks the rule, exits 1.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const UNIT = join(ROOT, 'tests/unit');
const TEST = /^(?<source>.+?)(?:\.[a-z][a-z-]*)?\.test\.tsx?$/;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield relative(UNIT, path);
  }
}

const problems: string[] = [];
for (const file of files(UNIT)) {
  if (file.startsWith('support/')) continue;
  const source = TEST.exec(file)?.groups?.source;
  if (!source) {
    problems.push(`${file}: not a test (name it <source>.test.ts) and not in tests/unit/support/`);
    continue;
  }
  // The longest match first: `index.corpus` is the aspect `corpus` of `index`, unless `index.corpus.ts` exists.
  const candidates = [file.replace(/\.test\.tsx?$/, ''), source];
  if (!candidates.some((c) => ['.ts', '.tsx'].some((ext) => existsSync(join(ROOT, c + ext))))) {
    problems.push(`tests/unit/${file}: no source at ${candidates.map((c) => `${c}.ts(x)`).join(' or ')}`);
  }
}
if (problems.length) {
  console.error(`Unit tests mirror their sources (CONTRIBUTING.md, "Where things go"):\n${problems.join('\n')}`);
  process.exit(1);
}
