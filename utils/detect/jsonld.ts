import { classify, type TypeClass } from './types';
import { isArray, own, parseJson } from './safe';

/** Blocks above this are skipped unread: real article markup is under 100 KB, a 5 MB block is hostile or junk. */
export const MAX_BLOCK_CHARS = 512 * 1024;
const MAX_TOTAL_CHARS = 1024 * 1024;
const MAX_BLOCKS = 20;
/** JSON nodes inspected across all blocks (top-level items, `@graph` members, `mainEntity` chains). */
const MAX_NODES = 500;

export interface JsonLdInfo {
  /** Main-entity types in document order (nested author/publisher/offer types are not main entities). */
  types: { name: string; cls: TypeClass; src: string }[];
  /** The first node whose type is news or article: where headline, dates and publisher come from. */
  article: Record<string, unknown> | null;
  malformed: boolean;
  skipped: number;
  parsedChars: number;
}

/** Markup some CMSs and serialisers wrap around JSON; raw control characters are common inside strings. */
function tidy(text: string): string {
  // oxlint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/<!\[CDATA\[|\]\]>|<!--|-->/g, ' ').replace(/[\u0000-\u001f]+/g, ' ');
}

function typesOf(node: unknown): string[] {
  const t = own(node, '@type');
  const out: string[] = [];
  if (typeof t === 'string') out[0] = t;
  else if (isArray(t))
    for (let i = 0; i < t.length && i < 8; i++) if (typeof t[i] === 'string') out[out.length] = t[i] as string;
  return out;
}

export function readJsonLd(scripts: ArrayLike<Element>): JsonLdInfo {
  const info: JsonLdInfo = { types: [], article: null, malformed: false, skipped: 0, parsedChars: 0 };
  let visited = 0;
  for (let b = 0; b < scripts.length && b < MAX_BLOCKS; b++) {
    const raw = scripts[b]?.textContent;
    if (typeof raw !== 'string' || !raw) continue;
    if (raw.length > MAX_BLOCK_CHARS || info.parsedChars + raw.length > MAX_TOTAL_CHARS) {
      info.skipped++;
      continue;
    }
    info.parsedChars += raw.length;
    const text = tidy(raw);
    let data: unknown;
    try {
      data = parseJson(text);
    } catch {
      // Malformed JSON (single quotes, trailing commas): the declared types are still worth reading.
      info.malformed = true;
      const re = /"@type"\s*:\s*(\[[^\]]{0,300}\]|"[^"]{1,100}")/g;
      let m: RegExpExecArray | null;
      let n = 0;
      while ((m = re.exec(text)) && n++ < 50) {
        const names = m[1]!.match(/"[^"]+"/g) ?? [];
        for (let i = 0; i < names.length; i++) {
          const name = names[i]!.slice(1, -1);
          const cls = classify(name);
          // Nested offers and authors are indistinguishable here: only article-ish types are kept.
          if (cls === 'news' || cls === 'article' || cls === 'nonNews')
            info.types[info.types.length] = { name, cls, src: 'jsonld' };
        }
      }
      continue;
    }
    const stack: unknown[] = [data];
    while (stack.length && visited < MAX_NODES) {
      const node = stack[stack.length - 1];
      stack.length--;
      visited++;
      if (isArray(node)) {
        for (let i = node.length - 1; i >= 0 && stack.length < MAX_NODES; i--) stack[stack.length] = node[i];
        continue;
      }
      if (!node || typeof node !== 'object') continue;
      const names = typesOf(node);
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const cls = classify(name);
        info.types[info.types.length] = { name, cls, src: 'jsonld' };
        if (!info.article && (cls === 'news' || cls === 'article')) info.article = node as Record<string, unknown>;
      }
      // Only containers of main entities are followed: a NewsArticle's author or an Offer's seller is not
      // what the page is about.
      const keys = ['@graph', 'mainEntity', 'mainEntityOfPage'];
      for (let k = keys.length - 1; k >= 0; k--) {
        const v = own(node, keys[k]!);
        if (v && typeof v === 'object' && stack.length < MAX_NODES) stack[stack.length] = v;
      }
    }
  }
  return info;
}
