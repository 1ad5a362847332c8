/** The PRISM mark has one source (utils/prism-mark.ts): the icon file the PNGs are rendered from is drawn from it. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prismMarkSvg } from '../../../utils/prism-mark';

describe('the PRISM mark', () => {
  it('assets/icon.svg is the mark of utils/prism-mark.ts, shape for shape', async () => {
    const file = await readFile(resolve(import.meta.dirname, '../../../assets/icon.svg'), 'utf8');
    expect(file).toBe(prismMarkSvg());
  });
});
