/**
 * npm run prism:publish -- [--check] [--full] [--workers N] [--keyset-grace-hours H] [--event-days N] [--report FILE]
 *   <catalogue> <out>
 *
 * Publishes a folder of story files as the static v2 API (docs/prism-api.md), incrementally: a later run over the
 * same output folder rewrites only what changed, in an order that keeps every reader's view whole
 * (docs/deploy.md). On any problem it prints each (file: field: message), exits 1 and writes nothing. `--check`
 * validates the whole catalogue and writes nothing (the output folder is optional then).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runPublish, type PublishOptions, type PublishReport } from './run';

export type { PublishOptions, PublishReport } from './run';

/** Publishes `catalogueDir` into `outDir`; false (after logging every problem) when the catalogue has problems. */
export async function publishDir(
  catalogueDir: string,
  outDir: string,
  log: (line: string) => void = console.log,
  options: PublishOptions & { onReport?: (report: PublishReport) => void } = {},
): Promise<boolean> {
  const report = await runPublish(catalogueDir, outDir, log, options);
  options.onReport?.(report);
  return report.ok;
}

const USAGE =
  'usage: npm run prism:publish -- [--check] [--full] [--workers N] [--keyset-grace-hours H] [--event-days N] ' +
  '[--report FILE] ' +
  '[--timings] <catalogue-dir> <out-dir>';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      check: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      workers: { type: 'string' },
      'keyset-grace-hours': { type: 'string' },
      'event-days': { type: 'string' },
      report: { type: 'string' },
      timings: { type: 'boolean', default: false },
      // Test hook: stop (and wait to be killed) before change N + 1 to the output folder.
      'pause-after-writes': { type: 'string' },
    },
  });
  const [catalogue, out] = positionals;
  if (!catalogue || (!out && !values.check) || positionals.length > 2) {
    console.error(USAGE);
    return 2;
  }
  const number = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  const grace = number(values['keyset-grace-hours']);
  const pause = number(values['pause-after-writes']);
  const eventDays = number(values['event-days']);
  if (eventDays !== undefined && !(Number.isInteger(eventDays) && eventDays >= 1)) {
    console.error(
      `prism:publish: --event-days must be a whole number of days, at least 1 (got ${values['event-days']})`,
    );
    return 2;
  }
  const report = await runPublish(catalogue, out, console.log, {
    check: values.check,
    full: values.full,
    timings: values.timings,
    workers: number(values.workers),
    keysetGraceMs: grace === undefined ? undefined : grace * 3_600_000,
    eventDays,
    hooks:
      pause === undefined
        ? undefined
        : { pauseAfterWrites: pause, onPause: (n) => console.log(`paused after ${n} writes`) },
  });
  if (values.report) {
    const counts = { problems: report.problems.length, warnings: report.warnings.length };
    writeFileSync(values.report, `${JSON.stringify({ ...report, ...counts })}\n`);
  }
  return report.ok ? 0 : 1;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '');
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`prism:publish: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
