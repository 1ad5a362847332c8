import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { SavedStory } from '../../../../utils/storage/library-rows';
import {
  exportMarkdown,
  markdownFileName,
  mdText,
  obsidianTag,
  safeFileStem,
  storyMarkdown,
  yamlString,
} from '../../../../utils/storage/export-markdown';
import { belarus, cafe, chips, makeStory } from '../../support/storage-fixtures';
import type { Story } from '../../../../utils/prism/schema';

const saved = (story: Story, extra: Partial<SavedStory> = {}): SavedStory => ({
  id: story.id,
  story,
  savedAt: Date.UTC(2025, 11, 14, 10, 30),
  pageUrl: 'https://news.example/a',
  pageTitle: 'Page',
  tags: [...(story.editions.ko?.tags ?? []), ...(story.editions.en?.tags ?? [])],
  note: '',
  category: story.category,
  ...extra,
});

/** The front matter as key → raw value lines (a YAML double-quoted scalar with our escapes is a JSON string). */
function frontMatter(md: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(md);
  if (!m) throw new Error('no front matter');
  const out: Record<string, unknown> = {};
  let listKey: string | undefined;
  for (const line of m[1]!.split('\n')) {
    const item = /^ {2}- (".*")$/.exec(line);
    if (item && listKey) {
      (out[listKey] as string[]).push(JSON.parse(item[1]!));
      continue;
    }
    const kv = /^([A-Za-z]+):(?: (.*))?$/.exec(line);
    if (!kv) throw new Error(`not a front matter line: ${JSON.stringify(line)}`);
    if (kv[2] === undefined) {
      listKey = kv[1]!;
      out[listKey] = [];
    } else {
      listKey = undefined;
      out[kv[1]!] = kv[2] === '[]' ? [] : JSON.parse(kv[2]);
    }
  }
  return out;
}

const tricky = makeStory('tricky', {
  en: {
    title: 'Trump: "Deal" #1 — yes\\no',
    summary: '# Not a heading <script>alert(1)</script> [link](javascript:x) $5 ==mark==',
    body: ['- not a list', '1. not numbered either', 'Normal *text* with `code` and | pipes'],
    tags: ['Trade War', '2025', 'U.S./China'],
  },
});

describe('Markdown front matter', () => {
  it('quotes and escapes every value, so it reads back exactly', () => {
    const md = storyMarkdown(saved(tricky, { note: 'line 1\nline 2' }));
    const fm = frontMatter(md);
    expect(fm).toEqual({
      title: 'Trump: "Deal" #1 — yes\\no',
      source: 'Source article tricky',
      publisher: 'Example Times',
      url: 'https://news.example/tricky',
      prismUrl: 'https://prism.example/stories/tricky',
      category: 'Politics',
      tags: ['Trade-War', '_2025', 'US/China'],
      savedAt: '2025-12-14T10:30:00.000Z',
      publishedAt: '2025-12-14T09:00:00Z',
      lang: ['en'],
    });
  });

  it('escapes newlines, control characters and quotes in YAML strings', () => {
    expect(yamlString('a: b\nc "d" \\ \t\u0007\u2028')).toBe('"a: b\\nc \\"d\\" \\\\ \\t\\u0007\\u2028"');
    expect(JSON.parse(yamlString('a: b\nc "d" \\ \t\u0007'))).toBe('a: b\nc "d" \\ \t\u0007');
    expect(yamlString('yes')).toBe('"yes"');
  });

  it('Korean first, English title as alias, both languages listed', () => {
    const fm = frontMatter(storyMarkdown(saved(belarus)));
    expect(fm.title).toBe(belarus.editions.ko!.title);
    expect(fm.aliases).toEqual([belarus.editions.en!.title]);
    expect(fm.lang).toEqual(['ko', 'en']);
    expect(fm.tags).toEqual(['벨라루스', '러시아', 'Belarus', 'Sanctions']);
    const en = frontMatter(storyMarkdown(saved(belarus), { primaryLang: 'en' }));
    expect(en.title).toBe(belarus.editions.en!.title);
    expect(en.lang).toEqual(['en', 'ko']);
  });
});

describe('Markdown body', () => {
  it('has both editions, insight, the note, related links and always the disclaimer', () => {
    const md = storyMarkdown(saved(belarus, { note: 'My **own** note' }));
    const body = md.slice(md.indexOf('\n---\n', 4) + 5);
    expect(body).toContain('## 한국어');
    expect(body).toContain('## English');
    expect(body.indexOf('## 한국어')).toBeLessThan(body.indexOf('## English'));
    expect(body).toContain('#### PRISM Insight: 모스크바의 딜레마');
    expect(body).toContain("#### PRISM Insight: Moscow's Dilemma");
    expect(body).toContain('미국은 벨라루스의 핵심 수출품인 칼륨 비료에 대한 제재를 해제할 것이라고 발표했다.');
    expect(body).toContain('## 메모 · Note\n\nMy **own** note'); // the reader's Markdown is kept
    expect(body).toContain('- [A related story](<https://prism.example/stories/belarus-pivot-rel>) — Why it matters');
    expect(body).toContain(`*${belarus.disclaimer.ko}*`);
    expect(body).toContain(`*${belarus.disclaimer.en}*`);
    const noNote = storyMarkdown(saved(cafe));
    expect(noNote).not.toContain('## 메모');
    expect(noNote).toContain(cafe.disclaimer.en);
  });

  it('keeps remote text as text: no headings, lists, HTML or links out of it', () => {
    const md = storyMarkdown(saved(tricky));
    expect(md).toContain(
      '> \\# Not a heading \\<script\\>alert(1)\\</script\\> \\[link\\](javascript:x) \\$5 \\=\\=mark\\=\\=',
    );
    expect(md).toContain('\n\\- not a list\n');
    expect(md).toContain('\n1\\. not numbered either\n');
    expect(md).not.toContain('<script>');
    expect(mdText('a\nb')).toBe('a b');
  });
});

describe('file names', () => {
  it('keeps Korean, removes characters file systems and Obsidian reject', () => {
    expect(safeFileStem('벨라루스: 미국 향한 "줄타기"?', 'id')).toBe('벨라루스 미국 향한 줄타기');
    expect(safeFileStem('a/b\\c*d|e<f>g#h^i[j]k', 'id')).toBe('a b c d e f g h i j k');
    expect(safeFileStem(' ...\u0000\u200b ', 'fallback-id')).toBe('fallback-id');
    expect(safeFileStem('CON', 'id')).toBe('CON_');
    const long = safeFileStem('가'.repeat(100), 'id');
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(120);
    expect(long).toBe('가'.repeat(40));
  });

  it('makes names unique, ignoring case', () => {
    const taken = new Set<string>();
    const a = makeStory('a1', { en: { title: 'Same Title', summary: 's', body: ['b'], tags: [] } });
    const b = makeStory('a2', { en: { title: 'same title', summary: 's', body: ['b'], tags: [] } });
    const c = makeStory('a3', { en: { title: 'Same Title', summary: 's', body: ['b'], tags: [] } });
    expect([a, b, c].map((s) => markdownFileName(saved(s), taken))).toEqual([
      'Same Title.md',
      'same title (2).md',
      'Same Title (3).md',
    ]);
  });

  it('obsidianTag', () => {
    expect(obsidianTag('  Trade War ')).toBe('Trade-War');
    expect(obsidianTag('2025')).toBe('_2025');
    expect(obsidianTag('#!?')).toBe('');
  });
});

describe('exportMarkdown', () => {
  it('one story gives one .md file', () => {
    const file = exportMarkdown([saved(chips)]);
    expect(file.name).toBe('USTR, 한국 반도체 보조금 조사 착수.md');
    expect(file.type).toMatch(/^text\/markdown/);
    expect(strFromU8(file.bytes)).toBe(storyMarkdown(saved(chips)));
  });

  it('several stories give a zip of .md files with unique names', () => {
    const twin = makeStory('twin', { ko: { ...chips.editions.ko! }, en: chips.editions.en });
    const file = exportMarkdown([saved(belarus), saved(chips), saved(twin)], { now: new Date('2025-12-14T00:00:00Z') });
    expect(file.name).toBe('prism-lens-2025-12-14.zip');
    expect(file.type).toBe('application/zip');
    const files = unzipSync(file.bytes);
    expect(Object.keys(files).sort()).toEqual(
      [
        "러시아의 유일한 유럽 동맹국 벨라루스, 미국 향한 '위험한 줄타기'.md",
        'USTR, 한국 반도체 보조금 조사 착수.md',
        'USTR, 한국 반도체 보조금 조사 착수 (2).md',
      ].sort(),
    );
    expect(strFromU8(files['USTR, 한국 반도체 보조금 조사 착수 (2).md']!)).toBe(storyMarkdown(saved(twin)));
  });

  it('refuses to export nothing', () => {
    expect(() => exportMarkdown([])).toThrow(RangeError);
  });
});
