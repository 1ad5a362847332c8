/**
 * npm run bench [-- <name>...]: runs every scripts/bench/<name>.bench.ts (each exports `run(): Promise<string[]>`)
 * in real Chromium and prints its figures. Needs a build (npm run build). Speed and size targets are measured here,
 * never by timed unit tests.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EXTENSION_DIR, ROOT } from './lib/chromium';

if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
  console.error(`bench: no build in ${EXTENSION_DIR}; run \`npm run build\` first.`);
  process.exit(1);
}
const only = process.argv.slice(2);
const files = (await readdir(join(ROOT, 'scripts/bench')))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace('.bench.ts', '')))
  .sort();
let failed = false;
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
  try {
    const mod = (await import(join(ROOT, 'scripts/bench', file))) as { run(): Promise<string[]> };
    for (const line of await mod.run()) console.log(line);
  } catch (err) {
    failed = true;
    console.error(`bench ${file} failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
