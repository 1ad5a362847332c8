/**
 * Bytes of a saved page → text, as a browser would pick the encoding: BOM, then valid UTF-8, then the
 * `<meta charset>` the page declares, then windows-1252. Used by the CLI and the corpus evaluation, not the
 * content script (a browser has already decoded the page).
 */
export function decodeHtml(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    /* not UTF-8 */
  }
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 4096));
  const label = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  if (label) {
    try {
      const dec = new TextDecoder(label);
      if (dec.encoding !== 'utf-8') return { text: dec.decode(bytes), encoding: dec.encoding };
    } catch {
      /* unknown label */
    }
  }
  return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
}
