/**
 * The demo (run through scripts/demo.sh, which installs and builds first): publishes data/catalogue, serves it on
 * 127.0.0.1:8787, serves the sample news pages each on its own site (www.scmp.com, www.reuters.com…: Chromium's
 * host resolver sends those names to a local server on 8788), and opens Chromium with the extension on the seed
 * story's page. With a display, Chromium opens in a window and stays until Ctrl+C; without one it runs headless,
 * writes screenshots of the popup (light and dark) and prints where.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { publishDir } from '../publisher/cli';
import {
  launchWithExtension,
  newsSiteArgs,
  ROOT,
  setApiBase,
  tabIdOf,
  waitForKeySet,
} from '../tools/browsers/chromium';

import { startNewsSites, type NewsSites } from '../tools/servers/news-sites';
import { apiCacheControl, startStaticServer, type RunningServer } from '../tools/servers/static-server';

export const SEED_PAGE = 'belarus-courts-us-pivot-from-moscow.html';
const TRACKING = '?utm_source=newsletter&utm_medium=email&fbclid=demo123';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: !process.env.DISPLAY },
    out: { type: 'string', default: join(ROOT, '.demo/screenshots') },
  },
});

async function serveApi(root: string, port: number): Promise<RunningServer> {
  const opts = { root, cors: true, cacheControl: apiCacheControl };
  try {
    return await startStaticServer({ ...opts, port });
  } catch {
    console.log(`port ${port} is busy; using a free one`);
    return startStaticServer(opts);
  }
}

async function serveSites(port: number): Promise<NewsSites> {
  const dirs = [join(ROOT, 'data/pages')];
  try {
    return await startNewsSites(dirs, { port });
  } catch {
    console.log(`port ${port} is busy; using a free one`);
    return startNewsSites(dirs);
  }
}

const apiDir = join(ROOT, '.demo/api');
if (!(await publishDir(join(ROOT, 'data/catalogue'), apiDir))) process.exit(1);
const api = await serveApi(apiDir, 8787);
const pages = await serveSites(8788);
console.log(`PRISM API:    ${api.url}/v2/`);
console.log(`News sites:   served on 127.0.0.1:${pages.port}; list: ${pages.urlOf('index.html')}`);

const browser = await launchWithExtension({
  headless: values.headless,
  profileDir: join(ROOT, '.demo/profile'),
  args: newsSiteArgs(pages.hostResolverRules),
});
const { ctx, extensionId } = browser;
await setApiBase(ctx, api.url);
await waitForKeySet(ctx).catch(() =>
  console.log('The extension has not downloaded the catalogue yet; the popup will say so.'),
);

const page = ctx.pages()[0] ?? (await ctx.newPage());
const articleUrl = `${pages.urlOf(SEED_PAGE)}${TRACKING}`;
await page.goto(articleUrl);
console.log(`News article: ${articleUrl}`);

if (!values.headless) {
  console.log(
    'Chromium is open: click the PRISM Lens icon in the toolbar (pin it from the puzzle menu). Ctrl+C stops.',
  );
  const stop = async () => {
    await ctx.close().catch(() => undefined);
    await Promise.all([api.close(), pages.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  ctx.on('close', stop);
} else {
  const tabId = await tabIdOf(ctx, page.url());
  await mkdir(values.out, { recursive: true });
  const shots: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    const popup = await ctx.newPage();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await popup.locator('[data-testid="disclaimer"]').waitFor({ timeout: 15_000 });
    const file = join(values.out, `popup-${scheme}.png`);
    await popup.screenshot({ path: file });
    shots.push(file);
    await popup.close();
  }
  console.log('Headless (no display): screenshots of the popup on the seed story:');
  for (const s of shots) console.log(`  ${s}`);
  await ctx.close();
  await Promise.all([api.close(), pages.close()]);
}
