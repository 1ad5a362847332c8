/**
 * The Firefox suite's set-up: the e2e harness's servers (startServers: the published API and its request log,
 * and every sample page on its own site, tools/servers/news-sites.ts, which Firefox reaches as its HTTP proxy),
 * Debian's Firefox ESR with the build installed as a temporary add-on (tools/browsers/firefox.ts), pointed at the
 * API. Every test fails on any JavaScript error of the extension that Firefox printed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { NewsSite, NewsSites } from '../../../tools/servers/news-sites';
import {
  badgeText,
  launchFirefox,
  openPopup,
  openWebPage,
  setApiBase,
  type FirefoxExtensionBrowser,
  type FirefoxLaunchOptions,
} from '../../../tools/browsers/firefox';
import { startServers, waitUntil, type Servers } from '../../../tools/harness';

export { SEED, catalogueStory, waitUntil } from '../../../tools/harness';

export interface FirefoxSuite {
  servers: Servers;
  /** The sample pages on their sites (the harness's `servers.sites`). */
  sites: NewsSites;
  fx: FirefoxExtensionBrowser;
  /** Firefox saves downloads here without asking. */
  downloads: string;
  close(): Promise<void>;
}

/** Servers and pages, a Firefox with the extension, pointed at the API. */
export async function startFirefoxSuite(
  opts: FirefoxLaunchOptions & { extraPages?: NewsSite[]; catalogueDir?: string } = {},
): Promise<FirefoxSuite> {
  const servers = await startServers(opts.catalogueDir, undefined, opts.extraPages);
  const sites = servers.sites;
  const downloads = await mkdtemp(join(tmpdir(), 'prism-ff-downloads-'));
  let fx: FirefoxExtensionBrowser;
  try {
    fx = await launchFirefox({ ...opts, proxyPort: sites.port, downloadDir: downloads });
  } catch (err) {
    await servers.close();
    throw err;
  }
  await setApiBase(fx, servers.api.url);
  return {
    servers,
    sites,
    fx,
    downloads,
    async close() {
      await fx.close();
      await Promise.all([servers.close(), rm(downloads, { recursive: true, force: true })]);
    },
  };
}

/**
 * Registers the checks every Firefox test file needs: after each test, no extension JavaScript error was printed
 * (one printed during a file's set-up fails its first test); after all, none was printed late; then closes.
 */
export function useFirefoxSuite(get: () => FirefoxSuite | undefined): void {
  const check = () => {
    const errors = get()?.fx.output.takeExtensionErrors() ?? [];
    expect(errors, 'JavaScript errors of the extension printed by Firefox').toEqual([]);
  };
  afterEach(check);
  afterAll(async () => {
    try {
      check();
    } finally {
      await get()?.close();
    }
  });
}

/** Opens `url` (a page on its own site) and the popup for its tab. */
export async function openWithPopup(
  suite: FirefoxSuite,
  url: string,
): Promise<{ page: Page; popup: Page; tabId: number }> {
  const { page, tabId } = await openWebPage(suite.fx, url);
  const popup = await openPopup(suite.fx, tabId);
  return { page, popup, tabId };
}

/** Waits for the toolbar badge of a tab to read `text`. */
export const waitForBadge = (suite: FirefoxSuite, tabId: number, text: string, timeoutMs = 10_000) =>
  waitUntil(
    () => badgeText(suite.fx, tabId),
    (t) => t === text,
    `the badge to read "${text}"`,
    timeoutMs,
  );
