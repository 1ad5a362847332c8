/**
 * Synthetic PRISM catalogues for the publisher's bench (scripts/bench/publish.bench.ts): deterministic from a seed,
 * shaped like data/catalogue/ (both editions for most stories, 3-4 paragraphs each, an insight, six tags, three
 * related stories, the disclaimer; 5-8 KB a file), every story with its own source URL on one of a few thousand
 * news sites, its own headline, and a syndicated alias for about one in three.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Story } from '../../utils/prism/schema';

/** Bump when the generated stories change: a folder made by another version is generated again. */
const GENERATOR_VERSION = 1;
const STAMP = '.generated.json';
const SITES = 3000;
const TLDS = ['com', 'co.uk', 'com.au', 'de', 'fr', 'co.kr', 'jp', 'in', 'net', 'org'];
const EN_WORDS = (
  'government minister election economy sanctions trade tariff market inflation energy grid strike border ' +
  'ceasefire talks summit parliament court ruling protest police budget deficit growth exports imports chip ' +
  'factory investment bank rate central policy security defence alliance treaty envoy island climate drought ' +
  'harvest shipping port refinery pipeline oil gas nuclear reactor satellite launch vaccine hospital school'
).split(' ');
const KO_SYLLABLES =
  '정부장관선거경제제재무역관세시장물가에너지전력파업국경휴전회담정상의회법원판결시위경찰예산적자' +
  '성장수출수입반도체공장투자은행금리정책안보국방동맹조약특사섬기후가뭄수확해운항구정유송유관석유가스' +
  '원자로위성발사백신병원학교';
const KO_TAGS = ['정부', '경제', '외교', '안보', '무역', '기후'];

/** mulberry32: small, fast, and the same numbers for the same seed everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentenceEn(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(EN_WORDS[Math.floor(r() * EN_WORDS.length)]!);
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}
const paragraphEn = (r: () => number, chars: number) => {
  let p = '';
  while (p.length < chars) p += `${sentenceEn(r, 8 + Math.floor(r() * 10))} `;
  return p.trim();
};
function paragraphKo(r: () => number, chars: number): string {
  let p = '';
  while (p.length < chars) {
    const n = 2 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) p += KO_SYLLABLES[Math.floor(r() * KO_SYLLABLES.length)]!;
    p += r() < 0.12 ? '. ' : ' ';
  }
  return `${p.trim()}.`;
}

export const syntheticId = (i: number) => `story-${i.toString(36).padStart(5, '0')}-${((i * 2654435761) >>> 0) % 9973}`;

/** Story number `i` of the catalogue of `count` stories made from `seed`; `edit` > 0 gives an edited version. */
function syntheticStory(i: number, count: number, seed: number, edit = 0): Story {
  const r = rng(seed * 1_000_003 + i * 7 + edit);
  const id = syntheticId(i);
  const siteNo = Math.floor(r() * SITES);
  const host = `www.news${siteNo}.${TLDS[siteNo % TLDS.length]}`;
  const day = 1 + (i % 28);
  const headline = `${sentenceEn(r, 7).slice(0, -1)} in case ${i}${edit ? ` (update ${edit})` : ''}`;
  const hasEn = r() < 0.85;
  const edition = (lang: 'en' | 'ko') => {
    const para = (chars: number) => (lang === 'en' ? paragraphEn(r, chars) : paragraphKo(r, chars / 2.4));
    return {
      title: lang === 'en' ? headline : paragraphKo(r, 24),
      summary: para(220),
      body: Array.from({ length: 3 + Math.floor(r() * 2) }, () => para(200 + r() * 160)),
      insight: { title: 'PRISM Insight', body: [para(260)] },
      tags: Array.from({ length: 6 }, () => (lang === 'en' ? EN_WORDS : KO_TAGS)[Math.floor(r() * 6)]!),
    };
  };
  const related = [1, 2, 3].map((k) => {
    const j = (i + k * 7919) % count;
    const lang = r() < 0.5 ? ('en' as const) : ('ko' as const);
    return {
      id: syntheticId(j),
      title: lang === 'en' ? sentenceEn(r, 8) : paragraphKo(r, 20),
      summary: lang === 'en' ? paragraphEn(r, 120) : paragraphKo(r, 50),
      category: 'Politics',
      lang,
      url: `https://prism.example/${lang}/${syntheticId(j)}`,
    };
  });
  return {
    v: 1,
    id,
    url: `https://prism.example/${hasEn ? 'en' : 'ko'}/${id}`,
    category: ['Politics', 'Economy', 'Tech', 'World'][i % 4]!,
    publishedAt: new Date(Date.UTC(2025, i % 12, day, i % 24)).toISOString(),
    source: { url: `https://${host}/world/2025/${day}/${id}`, publisher: `News ${siteNo}`, title: headline },
    aliases: i % 3 === 0 ? [`https://syndicate${i % 40}.example.org/news/${id}`] : [],
    editions: hasEn ? { en: edition('en'), ko: edition('ko') } : { ko: edition('ko') },
    disclaimer: {
      ko: '본 콘텐츠는 AI가 원문 기사를 바탕으로 분석·재구성한 것으로, 원문과 다를 수 있습니다.',
      en: 'This content was analysed and rewritten by AI from the original article and may differ from it.',
    },
    related,
  };
}

const storyFile = (s: Story) => `${JSON.stringify(s, null, 2)}\n`;

export function writeSyntheticStory(dir: string, i: number, count: number, seed: number, edit = 0): void {
  const s = syntheticStory(i, count, seed, edit);
  writeFileSync(join(dir, `${s.id}.json`), storyFile(s));
}

interface Stamp {
  version: number;
  seed: number;
  count: number;
  /** False while a bench has the catalogue changed (then it is made again). */
  clean: boolean;
}

function readStamp(dir: string): Stamp | null {
  try {
    return JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

export const markCatalogue = (dir: string, seed: number, count: number, clean: boolean) =>
  writeFileSync(join(dir, STAMP), JSON.stringify({ version: GENERATOR_VERSION, seed, count, clean } satisfies Stamp));

/** Makes (or reuses, when made from the same seed and left clean) a catalogue of `count` stories in `dir`. */
export function ensureCatalogue(dir: string, count: number, seed: number, progress?: (done: number) => void): boolean {
  const stamp = readStamp(dir);
  if (stamp && stamp.version === GENERATOR_VERSION && stamp.seed === seed && stamp.count === count && stamp.clean) {
    return false;
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    writeSyntheticStory(dir, i, count, seed);
    if (progress && (i + 1) % 50_000 === 0) progress(i + 1);
  }
  markCatalogue(dir, seed, count, true);
  return true;
}
