/**
 * The demo (run through scripts/demo.sh, which installs and builds first): publishes data/catalogue, serves it on
 * 127.0.0.1:8787 and the sample news pages on 127.0.0.1:8788, and opens Chromium with the extension on the seed
 * story's page. With a display, Chromium opens in a window and stays until Ctrl+C; without one it runs headless,
 * writes screenshots of the popup (English and Korean, light and dark) and prints where.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { publishDir } from './prism-publish';
import { launchWithExtension, ROOT, setApiBase, tabIdOf } from './lib/chromium';
import { apiCacheControl, startStaticServer, type RunningServer } from './lib/static-server';

export const SEED_PAGE = 'belarus-courts-us-pivot-from-moscow.html';
const TRACKING = '?utm_source=newsletter&utm_medium=email&fbclid=demo123';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: !process.env.DISPLAY },
    out: { type: 'string', default: join(ROOT, '.demo/screenshots') },
  },
});

async function serve(root: string, port: number, api: boolean): Promise<RunningServer> {
  const opts = api ? { root, cors: true, cacheControl: apiCacheControl } : { root };
  try {
    return await startStaticServer({ ...opts, port });
  } catch {
    console.log(`port ${port} is busy; using a free one`);
    return startStaticServer(opts);
  }
}

const apiDir = join(ROOT, '.demo/api');
if (!(await publishDir(join(ROOT, 'data/catalogue'), apiDir))) process.exit(1);
const api = await serve(apiDir, 8787, true);
const pages = await serve(join(ROOT, 'data/pages'), 8788, false);
console.log(`PRISM API:    ${api.url}/v1/`);
console.log(`News pages:   ${pages.url}/`);

const browser = await launchWithExtension({ headless: values.headless, profileDir: join(ROOT, '.demo/profile') });
const { ctx, extensionId } = browser;
await setApiBase(ctx, api.url);

const page = ctx.pages()[0] ?? (await ctx.newPage());
const articleUrl = `${pages.url}/${SEED_PAGE}${TRACKING}`;
await page.goto(articleUrl);
console.log(`News article: ${articleUrl}`);

if (!values.headless) {
  console.log('Chromium is open: click the PRISM Lens icon in the toolbar (pin it from the puzzle menu). Ctrl+C stops.');
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
