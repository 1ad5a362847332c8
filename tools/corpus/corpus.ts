/**
 * The one reader of the labelled corpus (../shared/corpus, read in place; see its README.md) for this project's
 * tests, benches and evals. It honours the held-out rule: pages from HELD_OUT_REPOS are kept for independent
 * evaluation, so corpusLabels() leaves them out and readCorpusPage() refuses them. Pages are decoded as the corpus
 * README says, by utils/detect/decode.ts (the one definition, shared with the detect CLI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeHtml } from '../../utils/detect/decode';

/** `../shared/corpus` beside the checkout; `PRISM_CORPUS_DIR` names it for a checkout elsewhere (a git worktree). */
export const CORPUS_DIR = process.env.PRISM_CORPUS_DIR
  ? resolve(process.env.PRISM_CORPUS_DIR)
  : resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

/** Source repositories whose pages are held out for independent evaluation: never read them here. */
export const HELD_OUT_REPOS: readonly string[] = [
  'adbar/trafilatura',
  'postlight/parser',
  'scrapinghub/article-extraction-benchmark',
  'kepano/defuddle',
  'scrapinghub/extruct',
];

type CorpusLabelName = 'news-article' | 'article-non-news' | 'not-article';

/** One record of labels.json (the fields this project reads). */
export interface CorpusLabel {
  id: string;
  source_repo: string;
  /** The page's own address where known. */
  url: string | null;
  site: string;
  label: CorpusLabelName;
  ambiguous: boolean;
  note: string;
  title: string | null;
  lang: string | null;
  encoding: string;
}

export const isHeldOut = (label: { source_repo: string }) => HELD_OUT_REPOS.includes(label.source_repo);

export const corpusPresent = (dir = CORPUS_DIR) => existsSync(join(dir, 'labels.json'));

const cache = new Map<string, CorpusLabel[]>();
function allLabels(dir: string): CorpusLabel[] {
  let labels = cache.get(dir);
  if (!labels) {
    labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as CorpusLabel[];
    cache.set(dir, labels);
  }
  return labels;
}

/** The labels minus the held-out pages, in labels.json order. */
export const corpusLabels = (dir = CORPUS_DIR): CorpusLabel[] => allLabels(dir).filter((l) => !isHeldOut(l));

/** How many pages of the corpus are held out (left out of corpusLabels). */
export const heldOutCount = (dir = CORPUS_DIR): number => allLabels(dir).filter(isHeldOut).length;

/** The page's labelled address, or a stand-in that no rule can read anything into. */
export const labelledUrl = (label: { id: string; url: string | null }): string =>
  label.url ?? `https://example.invalid/${encodeURIComponent(label.id)}`;

/** A page's text, decoded as a browser would. Throws for a held-out page or an id not in labels.json. */
export function readCorpusPage(id: string, dir = CORPUS_DIR): { text: string; encoding: string } {
  const label = allLabels(dir).find((l) => l.id === id);
  if (!label) throw new Error(`corpus: no page ${id}`);
  if (isHeldOut(label)) throw new Error(`corpus: ${id} is held out (${label.source_repo}) for independent evaluation`);
  return decodeHtml(readFileSync(join(dir, 'pages', `${id}.html`)));
}

export interface CorpusServer {
  url: string;
  /** The address of a page on this server (a query, e.g. to tell loads apart, is ignored by the server). */
  pageUrl(id: string, query?: string): string;
  close(): Promise<void>;
}

/**
 * Serves corpus pages on 127.0.0.1 at `/<id>.html`, decoded and sent as UTF-8 (the HTTP charset outranks the
 * page's own `<meta charset>`), through `transform` if given. Every other request is answered empty (204), and
 * held-out or unknown pages are 404: a saved page has no network to run against.
 */
export function serveCorpusPages(opts: { dir?: string; transform?: (html: string) => string } = {}) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const id = /^\/([^/]+)\.html$/.exec(path)?.[1];
    if (!id) return void res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
    let html: string;
    try {
      html = readCorpusPage(decodeURIComponent(id), opts.dir).text;
    } catch {
      return void res.writeHead(404, { 'Cache-Control': 'no-store' }).end();
    }
    const body = Buffer.from(opts.transform ? opts.transform(html) : html, 'utf8');
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise<CorpusServer>((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      resolveServer({
        url,
        pageUrl: (id, query) => `${url}/${encodeURIComponent(id)}.html${query ? `?${query}` : ''}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
