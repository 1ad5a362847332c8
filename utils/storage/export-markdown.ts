/**
 * Saved stories as Markdown notes for Obsidian and other note apps: YAML front matter (all values quoted and
 * escaped), both editions, the reader's note, the AI disclaimer and related links. Several stories go into one
 * zip. Story text is escaped so that it stays text (no headings, links or HTML out of remote content); the
 * reader's own note is kept verbatim, since it is theirs and may be Markdown.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Edition } from '../prism/schema';
import type { SavedStory } from './library-rows';

export interface MarkdownOptions {
  /** Which edition comes first and names the file; defaults to Korean. */
  primaryLang?: 'ko' | 'en';
}

export interface ExportFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

// --- YAML ---

/** A YAML double-quoted scalar: always quoted, so colons, '#', leading '-' or 'yes' stay plain text. */
export function yamlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff)
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function yamlField(key: string, value: string | readonly string[] | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return `${key}: ${yamlString(value)}\n`;
  if (value.length === 0) return `${key}: []\n`;
  return `${key}:\n${value.map((v) => `  - ${yamlString(v)}\n`).join('')}`;
}

/**
 * Obsidian tags allow letters, digits, '_', '-' and '/', no spaces, and not only digits: spaces become '-',
 * other characters are dropped, an all-digit tag gets a leading '_'.
 */
export function obsidianTag(tag: string): string {
  const t = tag
    .normalize('NFC')
    .trim()
    .replace(/\s+/gu, '-')
    .replace(/[^\p{L}\p{N}\p{M}_\-/]/gu, '')
    .replace(/^[-/]+|\/+$/gu, '');
  if (!t) return '';
  return /^\p{N}+$/u.test(t) ? `_${t}` : t;
}

// --- Markdown text ---

/** One line of remote text, as literal text (CommonMark lets any ASCII punctuation be backslash-escaped). */
export function mdText(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~$%=&!{}]/g, '\\$&')
    .replace(/^([-+])(?=\s|$)/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A link target: angle brackets allow parentheses and are the only thing to keep out. */
function mdUrl(url: string): string {
  return `<${url.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>`;
}

function link(text: string, url: string): string {
  return `[${mdText(text)}](${mdUrl(url)})`;
}

function edition(heading: string, e: Edition): string {
  let md = `## ${heading}\n\n### ${mdText(e.title)}\n\n> ${mdText(e.summary)}\n\n`;
  md += e.body.map((p) => `${mdText(p)}\n\n`).join('');
  if (e.insight) {
    md += `#### PRISM Insight: ${mdText(e.insight.title)}\n\n`;
    md += e.insight.body.map((p) => `${mdText(p)}\n\n`).join('');
  }
  return md;
}

function editionsInOrder(saved: SavedStory, primary: 'ko' | 'en'): ['ko' | 'en', Edition][] {
  const order: ('ko' | 'en')[] = primary === 'ko' ? ['ko', 'en'] : ['en', 'ko'];
  return order.flatMap((lang) => {
    const e = saved.story.editions[lang];
    return e ? [[lang, e] as ['ko' | 'en', Edition]] : [];
  });
}

function storyTitle(saved: SavedStory, options: MarkdownOptions = {}): string {
  const first = editionsInOrder(saved, options.primaryLang ?? 'ko')[0];
  return first ? first[1].title : saved.story.source.title;
}

/** One story as a Markdown note. */
export function storyMarkdown(saved: SavedStory, options: MarkdownOptions = {}): string {
  const { story } = saved;
  const eds = editionsInOrder(saved, options.primaryLang ?? 'ko');
  const title = storyTitle(saved, options);
  const aliases = eds.map(([, e]) => e.title).filter((t) => t !== title);
  const tags = [...new Set(saved.tags.map(obsidianTag).filter(Boolean))];

  let md = '---\n';
  md += yamlField('title', title);
  if (aliases.length) md += yamlField('aliases', aliases);
  md += yamlField('source', story.source.title);
  md += yamlField('publisher', story.source.publisher);
  md += yamlField('url', story.source.url);
  md += yamlField('prismUrl', story.url);
  md += yamlField('category', saved.category);
  md += yamlField('tags', tags);
  md += yamlField('savedAt', new Date(saved.savedAt).toISOString());
  md += yamlField('publishedAt', story.publishedAt);
  md += yamlField(
    'lang',
    eds.map(([lang]) => lang),
  );
  md += '---\n\n';

  md += `# ${mdText(title)}\n\n`;
  md += `${link(`${story.source.publisher}: ${story.source.title}`, story.source.url)} · ${link('PRISM', story.url)}\n\n`;
  for (const [lang, e] of eds) md += edition(lang === 'ko' ? '한국어' : 'English', e);
  if (saved.note.trim()) md += `## 메모 · Note\n\n${saved.note.trim()}\n\n`;
  if (story.related.length) {
    md += '## 관련 기사 · Related\n\n';
    md += story.related
      .map((r) => `- ${link(r.title, r.url)}${r.summary.trim() ? ` — ${mdText(r.summary)}` : ''}\n`)
      .join('');
    md += '\n';
  }
  md += `---\n\n*${mdText(story.disclaimer.ko)}*\n\n*${mdText(story.disclaimer.en)}*\n`;
  return md;
}

// --- File names ---

const MAX_NAME_BYTES = 120;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

function utf8Length(s: string): number {
  return strToU8(s).length;
}

/**
 * A file name stem valid on Windows, macOS, Linux and in Obsidian links: Korean and other letters kept,
 * `\ / : * ? " < > |` and `# ^ [ ]` and control characters removed, at most 120 UTF-8 bytes.
 */
export function safeFileStem(title: string, fallback: string): string {
  let stem = title
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[\\/:*?"<>|#^[\]]/g, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (utf8Length(stem) > MAX_NAME_BYTES) {
    const chars = Array.from(stem);
    while (chars.length && utf8Length(chars.join('')) > MAX_NAME_BYTES) chars.pop();
    stem = chars.join('').replace(/[.\s]+$/g, '');
  }
  if (!stem || WINDOWS_RESERVED.test(stem)) stem = stem ? `${stem}_` : fallback;
  return stem;
}

/**
 * A `.md` name for the story that is not in `taken` (compared ignoring case, as Windows and macOS do); adds
 * it to `taken`.
 */
export function markdownFileName(saved: SavedStory, taken: Set<string>, options: MarkdownOptions = {}): string {
  const stem = safeFileStem(storyTitle(saved, options), saved.id);
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${stem}.md` : `${stem} (${n}).md`;
    const key = name.toLowerCase();
    if (!taken.has(key)) {
      taken.add(key);
      return name;
    }
  }
}

const ZIP_MIN = Date.UTC(1980, 0, 2);
const ZIP_MAX = Date.UTC(2099, 11, 30);

/**
 * One story → its `.md` file; several → a zip of `.md` files. Throws RangeError when given no story.
 */
export function exportMarkdown(
  records: readonly SavedStory[],
  options: MarkdownOptions & { now?: Date } = {},
): ExportFile {
  if (records.length === 0) throw new RangeError('No story to export.');
  const taken = new Set<string>();
  if (records.length === 1) {
    const only = records[0]!;
    return {
      name: markdownFileName(only, taken, options),
      type: 'text/markdown;charset=utf-8',
      bytes: strToU8(storyMarkdown(only, options)),
    };
  }
  const files: Zippable = {};
  for (const r of records) {
    const mtime = new Date(Math.min(ZIP_MAX, Math.max(ZIP_MIN, r.savedAt)));
    files[markdownFileName(r, taken, options)] = [strToU8(storyMarkdown(r, options)), { mtime }];
  }
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  return { name: `prism-lens-${day}.zip`, type: 'application/zip', bytes: zipSync(files, { level: 6 }) };
}
