/**
 * npm run match -- <published API folder>
 *
 * Reads one page a line on stdin (`{"url": "…", "title": "…"}`, as the content script reports it) and writes one
 * answer a line on stdout (`{"story": "<id>" | null, "score": <number>}`), with the code the background runs
 * (utils/match/index.ts) on the event index that the folder's v2/meta.json names. A line that is not such an object
 * gets `{"story": null, "score": 0}` and a message on stderr, so answers stay in step with questions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { matchPage, openEventIndex } from '../utils/match';
import { API_PREFIX, formatProblems, parseMeta } from '../utils/prism/schema';

function fail(message: string): never {
  console.error(`match: ${message}`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    console.error('usage: npm run match -- <published API folder>   (pages as JSON lines on stdin)');
    process.exit(2);
  }
  const base = join(argv[0]!, API_PREFIX);
  let metaJson: unknown;
  try {
    metaJson = JSON.parse(readFileSync(join(base, 'meta.json'), 'utf8'));
  } catch (err) {
    fail(`cannot read ${join(base, 'meta.json')}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const meta = parseMeta(metaJson);
  if (!meta.ok) fail(`${join(base, 'meta.json')} is not valid: ${formatProblems(meta.problems, 5)}`);
  const ref = meta.value.events;
  if (!ref) fail(`${join(base, 'meta.json')} names no event index (publish again with this version)`);
  let matcher;
  try {
    matcher = await openEventIndex(new Uint8Array(readFileSync(join(base, ref.path))), ref.sha256);
  } catch (err) {
    fail(`${join(base, ref.path)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let n = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') continue;
    let page: unknown = null;
    try {
      page = JSON.parse(line);
    } catch {
      console.error(`match: line ${n} is not JSON`);
    }
    process.stdout.write(`${JSON.stringify(matchPage(matcher, page))}\n`);
  }
}

await main(process.argv.slice(2));
