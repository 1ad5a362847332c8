/**
 * npm run bench [-- <name>...]: runs every scripts/bench/<name>.bench.ts (each exports `run(): Promise<string[]>`)
 * and prints its figures. Most run in real Chromium and need a test build (npm run build:test: it may use the local
 * API); a module that exports `needsBuild = false` runs in Node without one. Speed and size targets are measured
 * here, never by timed unit tests.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EXTENSION_DIR, ROOT } from '../tools/browsers/chromium';

const hasBuild = existsSync(join(EXTENSION_DIR, 'manifest.json'));
const only = process.argv.slice(2);
const files = (await readdir(join(ROOT, 'scripts/bench')))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace('.bench.ts', '')))
  .sort();
let failed = false;
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
  try {
    const mod = (await import(join(ROOT, 'scripts/bench', file))) as { run(): Promise<string[]>; needsBuild?: boolean };
    if (mod.needsBuild !== false && !hasBuild) {
      failed = true;
      console.error(`bench ${file}: no build in ${EXTENSION_DIR}; run \`npm run build:test\` first.`);
      continue;
    }
    for (const line of await mod.run()) console.log(line);
  } catch (err) {
    failed = true;
    console.error(`bench ${file} failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
