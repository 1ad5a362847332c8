/**
 * npm run prism:serve -- <out-dir> [--port 8787] [--quiet] [--faults <spec>]
 * Serves a published PRISM API folder (its v2/) on 127.0.0.1 with CORS and the cache headers of docs/prism-api.md.
 * `--faults` makes it misbehave on purpose (`story:503-once`, `lookup:slow:12s`, `down-for:30s`…: docs/faults.md),
 * to see what the extension does when the API fails.
 * For anything but a local test, serve it from a real web server or a CDN: docs/deploy.md.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createFaultController,
  describeFault,
  FaultSpecError,
  type FaultController,
} from '../tools/servers/fault-server';
import { apiCacheControl, startStaticServer } from '../tools/servers/static-server';

const USAGE =
  'usage: npm run prism:serve -- <out-dir> [--port 8787] [--quiet] [--faults <spec>] (faults: docs/faults.md)';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '8787' },
    quiet: { type: 'boolean', default: false },
    faults: { type: 'string' },
  },
});
const dir = positionals[0];
if (!dir) {
  console.error(USAGE);
  process.exit(2);
}
let faults: FaultController | undefined;
if (values.faults !== undefined) {
  try {
    faults = createFaultController(values.faults);
  } catch (err) {
    if (!(err instanceof FaultSpecError)) throw err;
    console.error(`prism:serve: --faults: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
}
if (!existsSync(join(dir, 'v2/meta.json'))) {
  console.error(`prism:serve: ${dir} has no v2/meta.json; run npm run prism:publish -- <catalogue> ${dir} first.`);
  process.exit(1);
}
const running = await startStaticServer({
  root: dir,
  port: Number(values.port),
  cors: true,
  cacheControl: apiCacheControl,
  log: values.quiet ? undefined : (line) => console.log(line),
  faults,
});
console.log(`PRISM API serving ${dir} at ${running.url}/v2/ (Ctrl+C to stop)`);
if (faults) {
  console.log('Faults in force:');
  for (const fault of faults.active()) console.log(`  ${describeFault(fault)}`);
}
