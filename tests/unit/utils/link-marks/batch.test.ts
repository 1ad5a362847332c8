/**
 * The bounds on marking's work (utils/link-marks/batch.ts): each address once, batches of at most MAX_BATCH, at most
 * MAX_LINKS_PER_PAGE a document, and the background refusing any batch outside them.
 */
import { describe, expect, it } from 'vitest';
import {
  LinkQueue,
  MAX_BATCH,
  MAX_HREF_LENGTH,
  MAX_LINKS_PER_PAGE,
  parseLinkBatch,
} from '../../../../utils/link-marks/batch';

const hrefs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `https://example.com/a/${from + i}`);

describe('LinkQueue', () => {
  it('hands out batches of at most MAX_BATCH, in order, each address once', () => {
    const q = new LinkQueue();
    for (const h of [...hrefs(450), ...hrefs(10)]) q.add(h);
    expect(q.size).toBe(450);
    const first = q.take();
    expect(first).toHaveLength(MAX_BATCH);
    expect(first[0]).toBe('https://example.com/a/0');
    expect(q.take()).toHaveLength(MAX_BATCH);
    expect(q.take()).toEqual(hrefs(50, 400));
    expect(q.take()).toEqual([]);
    expect(q.add('https://example.com/a/3')).toBe(false); // already asked about in this document
  });

  it('stops at MAX_LINKS_PER_PAGE distinct addresses, and skips over-long ones', () => {
    const q = new LinkQueue();
    let added = 0;
    for (const h of hrefs(MAX_LINKS_PER_PAGE + 100)) if (q.add(h)) added++;
    expect(added).toBe(MAX_LINKS_PER_PAGE);
    expect(new LinkQueue().add('https://example.com/' + 'a'.repeat(MAX_HREF_LENGTH))).toBe(false);
  });

  it('takes its limits as arguments', () => {
    const q = new LinkQueue(3, 5);
    for (const h of hrefs(9)) q.add(h);
    expect(q.take()).toHaveLength(3);
    expect(q.take()).toHaveLength(2);
  });
});

describe('parseLinkBatch', () => {
  it('accepts an array of at most MAX_BATCH short strings', () => {
    expect(parseLinkBatch(hrefs(MAX_BATCH))).toHaveLength(MAX_BATCH);
    expect(parseLinkBatch([])).toEqual([]);
  });

  it('refuses anything else whole', () => {
    expect(parseLinkBatch(hrefs(MAX_BATCH + 1))).toBeNull();
    expect(parseLinkBatch(['https://a.com/x', 3])).toBeNull();
    expect(parseLinkBatch(['x'.repeat(MAX_HREF_LENGTH + 1)])).toBeNull();
    expect(parseLinkBatch('https://a.com/x')).toBeNull();
    expect(parseLinkBatch(null)).toBeNull();
  });
});
