/**
 * Runs the news-page detector on saved HTML files: one JSON line per file.
 * Usage: npm run detect -- <file.html>... [--url <url>]
 * Without --url the page's own address is unknown: a placeholder on the reserved `.invalid` TLD is used, so the
 * URL-shape rules stay silent. A file that cannot be read prints {"file","error"}; the exit status is then 1.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseHTML } from 'linkedom';
import { detectPage } from '../utils/detect/index';
import { decodeHtml } from '../utils/detect/decode';

const args = process.argv.slice(2);
const files: string[] = [];
let url: string | null = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--url') url = args[++i] ?? null;
  else files.push(args[i]!);
}
if (!files.length) {
  console.error('usage: npm run detect -- <file.html>... [--url <url>]');
  process.exit(2);
}
let failed = false;
for (const file of files) {
  try {
    const { text, encoding } = decodeHtml(readFileSync(file));
    const { document } = parseHTML(text);
    const pageUrl = url ?? `https://example.invalid/${encodeURIComponent(basename(file))}`;
    console.log(JSON.stringify({ file, encoding, ...detectPage(document, pageUrl) }));
  } catch (e) {
    failed = true;
    console.log(JSON.stringify({ file, error: e instanceof Error ? e.message : String(e) }));
  }
}
process.exit(failed ? 1 : 0);
