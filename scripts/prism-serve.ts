/**
 * npm run prism:serve -- <out-dir> [--port 8787]
 * Serves a published PRISM API folder (its v2/) on 127.0.0.1 with CORS and the cache headers of docs/prism-api.md.
 * For anything but a local test, serve it from a real web server or a CDN: docs/deploy.md.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiCacheControl, startStaticServer } from './lib/static-server';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: '8787' }, quiet: { type: 'boolean', default: false } },
});
const dir = positionals[0];
if (!dir) {
  console.error('usage: npm run prism:serve -- <out-dir> [--port 8787]');
  process.exit(2);
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
});
console.log(`PRISM API serving ${dir} at ${running.url}/v2/ (Ctrl+C to stop)`);
