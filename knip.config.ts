/**
 * knip (in `npm run lint`): files, exports and dependencies that nothing uses. Entries marked `!` are production
 * code (`npx knip --production` shows what only the tests use).
 */
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  entry: [
    // WXT's entrypoints: a file or a folder's index.ts / main.tsx (its index.html loads main.tsx).
    'entrypoints/*.ts!',
    'entrypoints/*/index.ts!',
    'entrypoints/*/main.tsx!',
    // wxt.config.ts aliases `wxt/browser` to it in the scripts that run in pages.
    'adapters/page-browser.ts!',
    // The publisher: its command line (publisher/cli.ts, named in package.json) and what its worker threads load by URL.
    'publisher/worker.ts!',
    'publisher/worker-boot.mjs!',
    'publisher/stat-worker.mjs!',
    // Commands a person runs, and the benches (scripts/bench.ts loads each by name).
    'scripts/*.ts',
    'scripts/bench/*.ts',
    // Bundled by scripts/bench/library.bench.ts from its path.
    'tools/bench/library-in-page.ts',
    'tests/unit/**/*.test.{ts,tsx}',
    'tests/e2e/**/*.e2e.ts',
  ],
  project: ['**/*.{ts,tsx,mjs}!'],
  // Resolved by path at run time (createRequire(...).resolve('axe-core/axe.min.js')), never imported.
  ignoreDependencies: ['axe-core'],
  // tools/servers/news-sites.ts makes a throwaway certificate with Debian's openssl (scripts/lib/ensure-deps.sh).
  ignoreBinaries: ['openssl'],
};

export default config;
