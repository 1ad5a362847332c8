/**
 * npm run prism:publish -- <catalogue-dir> <out-dir>
 * Validates every story file; on any problem prints each (file, field, message) and writes nothing.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { publish } from '../utils/prism/publish';

export async function publishDir(catalogueDir: string, outDir: string, log = console.log): Promise<boolean> {
  const names = (await readdir(catalogueDir)).filter((n) => n.endsWith('.json')).sort();
  const sources = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(join(catalogueDir, name), 'utf8') })),
  );
  const result = await publish(sources);
  if (!result.ok) {
    log(`prism:publish: ${result.problems.length} problem(s) in ${catalogueDir}; nothing was written.`);
    for (const p of result.problems) log(`  ${p.file}: ${p.path}: ${p.message}`);
    return false;
  }
  for (const w of result.warnings) log(`  warning: ${w.file}: ${w.path}: ${w.message}`);

  // Write beside the target, then swap, so a reader of out-dir never sees half a catalogue.
  const out = resolve(outDir);
  const staging = `${out}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  for (const [path, text] of result.files) {
    await mkdir(dirname(join(staging, path)), { recursive: true });
    await writeFile(join(staging, path), text);
  }
  await rm(out, { recursive: true, force: true });
  await rename(staging, out);
  log(`prism:publish: ${result.stories} stories, ${result.keys} lookup keys in ${result.files.size} files -> ${out}`);
  return true;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '');
if (isMain) {
  const [catalogue, out] = process.argv.slice(2);
  if (!catalogue || !out) {
    console.error('usage: npm run prism:publish -- <catalogue-dir> <out-dir>');
    process.exit(2);
  }
  publishDir(catalogue, out).then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: unknown) => {
      console.error(`prism:publish: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
