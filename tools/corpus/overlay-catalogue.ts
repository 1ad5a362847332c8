/**
 * A temporary catalogue in which three real corpus pages with strong styles of their own are "analysed" (a story
 * whose source.url is the page's own address), for the overlay's screenshots and its cost on a matched page
 * (scripts/screenshots-overlay.ts, scripts/bench/overlay-cost.ts). data/catalogue is copied into a temp folder and the
 * three stories are added there; corpus HTML is read in place (tools/corpus/corpus.ts, held-out pages refused) and
 * never written anywhere. The stories' texts were written for this purpose from the pages' own text; they say so.
 */
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusLabels, readCorpusPage } from './corpus';
import type { NewsSite } from '../servers/news-sites';
import { ROOT } from '../browsers/chromium';
import { stripPageScripts } from './strip-scripts';

const DISCLAIMER = {
  ko: '본 콘텐츠는 AI가 원문 기사를 기반으로 요약 및 분석한 것입니다. 정확성을 위해 노력하지만 오류가 있을 수 있으며, 원문 확인을 권장합니다.',
  en: 'This content is a summary and analysis produced by AI from the original article. We strive for accuracy, but it may contain errors; we recommend checking the original article.',
};

const RELATED = [
  {
    id: 'ustr-china-chip-policy-tariff',
    title: "U.S. Rules China's Chip Push Unfair, Starts a Tariff Clock at Zero",
    summary:
      "The USTR has formally found Beijing's semiconductor policies unreasonable and discriminatory, but set the resulting tariff at 0% for 18 months. The delay turns a trade penalty into a standing bargaining chip.",
    category: 'Politics',
    lang: 'en',
    url: 'https://prism.example/en/ustr-china-chip-policy-tariff',
  },
];

export interface OverlayScreenshotPage {
  /** The corpus page's id. */
  id: string;
  /** Its labelled address (the page is served there, over http: the canonical rules upgrade it for the keys). */
  url: string;
  story: Record<string, unknown>;
}

function story(id: string, url: string, publisher: string, title: string, category: string, editions: unknown) {
  return {
    v: 1,
    id,
    url: `https://prism.example/en/${id}`,
    category,
    publishedAt: '2026-11-30T09:00:00Z',
    source: { url, publisher, title },
    aliases: [],
    editions,
    disclaimer: DISCLAIMER,
    related: RELATED,
  };
}

const labelled = (id: string) => {
  const label = corpusLabels().find((l) => l.id === id);
  if (!label?.url) throw new Error(`corpus page ${id} has no address`);
  return label.url;
};

/** The three pages: the Los Angeles Times, Fandom (Wikia) and VnExpress, each with a story of its own. */
export function overlayScreenshotPages(): OverlayScreenshotPage[] {
  const latimes = labelled('metascraper--los-angeles-times');
  const fandom = labelled('readability-wikia');
  const vnexpress = labelled('htmldate-eval-VnExpress.net-Kinh-doanh');
  return [
    {
      id: 'metascraper--los-angeles-times',
      url: latimes,
      story: story(
        'sample-latimes-startup-frugality',
        latimes,
        'Los Angeles Times',
        'As venture capital dries up, tech start-ups discover frugality',
        'Economy',
        {
          en: {
            title: 'Start-ups Trade Perks for Runway as Venture Money Tightens',
            summary:
              'With Silicon Valley venture funding down 19.5% year on year and no tech IPOs so far in 2016, small start-ups are cutting the lavish spending the industry was known for: co-working desks instead of long leases, slower hiring.',
            body: [
              'Appthority, a 30-person cybersecurity company that has raised $20.25 million, works out of a WeWork space rather than its own office. Its co-founder says a five- to ten-year lease with a six-figure deposit would have been a liability on the books.',
              'Wonolo, an on-demand staffing start-up, has slowed hiring and took a one-year sublease after a fundraising round that dragged from October into January, when "every single VC in the Valley was writing about doom and gloom".',
            ],
            insight: {
              title: 'PRISM Insight',
              body: [
                'Frugality here is a signal to investors as much as a saving: clean books and low fixed costs are what a start-up shows when the next round is uncertain. (Sample analysis written for the overlay screenshots.)',
              ],
            },
            tags: ['Start-ups', 'Venture capital', 'Silicon Valley'],
          },
          ko: {
            title: '벤처 자금 줄자 스타트업, 복지 대신 ‘생존 기간’ 챙긴다',
            summary:
              '실리콘밸리 벤처 투자가 전년 대비 19.5% 줄고 2016년 들어 기술기업 상장이 한 건도 없자, 스타트업들이 장기 임대 대신 공유 오피스를 쓰고 채용 속도를 늦추며 씀씀이를 줄이고 있다.',
            body: [
              '2,025만 달러를 유치한 보안 스타트업 앱소리티는 자체 사무실 대신 위워크 공간을 쓴다. 공동 창업자는 5~10년 임대와 수십만 달러의 보증금이 장부상 부담이었다고 말했다.',
            ],
            insight: {
              title: '절약이라는 신호',
              body: ['절약은 비용 절감이자 투자자에게 보내는 신호다. (오버레이 스크린숏용으로 작성한 예시 분석)'],
            },
            tags: ['스타트업', '벤처캐피털', '실리콘밸리'],
          },
        },
      ),
    },
    {
      id: 'readability-wikia',
      url: fandom,
      story: story(
        'sample-fandom-star-wars-original-cuts',
        fandom,
        'Fandom',
        "'Star Wars' Original Cuts Might Get Released for 40th Anniversary",
        'Culture',
        {
          en: {
            title: 'Star Wars at 40: Will Fans Finally Get the Films as They First Saw Them?',
            summary:
              "Rumours on a fan site say Lucasfilm may re-release the unaltered cuts of the original trilogy for the saga's 40th anniversary. Apart from limited VHS releases, those versions have not been available since their theatrical runs.",
            body: [
              'The 1997 Special Editions cost $15 million to remaster and changed scenes that fans care about, the "Han shot first" moment above all, which is why the originals still matter to many viewers.',
              "Disney's purchase of Lucasfilm in 2012 put the planned 3D re-releases on hold; the studio has since focused on new films.",
            ],
            insight: {
              title: 'PRISM Insight',
              body: [
                "A report built on a fan site's rumour: the story is the demand it reveals, not a confirmed release. (Sample analysis written for the overlay screenshots.)",
              ],
            },
            tags: ['Film', 'Star Wars', 'Lucasfilm'],
          },
          ko: {
            title: '스타워즈 40주년, 팬들은 ‘원래 그 영화’를 다시 볼 수 있을까',
            summary:
              '루카스필름이 40주년을 맞아 오리지널 3부작의 무수정판을 재출시할 수 있다는 소문이 팬 사이트에서 나왔다. 이 판본은 한정판 VHS를 빼면 극장 개봉 이후 볼 수 없었다.',
            body: ['1997년 특별판은 1,500만 달러를 들여 복원됐지만 ‘한 솔로가 먼저 쐈다’ 장면 등을 바꿔 논란이 됐다.'],
            insight: {
              title: '소문이 보여 주는 수요',
              body: [
                '팬 사이트의 소문에 기댄 기사다. 확인된 출시가 아니라 수요를 보여 준다. (오버레이 스크린숏용으로 작성한 예시 분석)',
              ],
            },
            tags: ['영화', '스타워즈', '루카스필름'],
          },
        },
      ),
    },
    {
      id: 'htmldate-eval-VnExpress.net-Kinh-doanh',
      url: vnexpress,
      story: story(
        'sample-vnexpress-family-deduction',
        vnexpress,
        'VnExpress',
        'Ông Hồ Đức Phớc: Sẽ nâng mức giảm trừ gia cảnh tính thuế cá nhân khi sửa luật',
        'Economy',
        {
          ko: {
            title: '베트남 재무장관 “소득세 부양가족 공제, 법 개정 때 올리겠다”',
            summary:
              '호득폭 베트남 재무장관이 개인소득세의 가족 공제액(본인 1,100만 동, 부양가족 440만 동)이 도시의 생활비에 비해 낮다고 인정하고, 법 개정 때 올리겠다고 밝혔다.',
            body: [
              '공제액은 2020년 7월 이후 그대로인데, 코로나19 이후 대부분의 소비재와 서비스 가격은 20~30% 올랐다. 장관은 현재 공제액이 1인당 평균 소득의 2.4배로 다른 나라(0.5~1배)보다 높지만 도시 생활에는 부족하다고 말했다.',
              '임금 개혁은 2024년 7월 1일부터 시행되며, 재무부는 이를 바탕으로 소득 수준과 지역별 기준을 정해 공제액을 조정할 계획이다. 다만 개정안은 아직 입법 일정에 오르지 않았다.',
            ],
            insight: {
              title: '약속은 했지만 시점은 미정',
              body: ['공제 인상은 약속됐지만 시점은 입법 일정에 달려 있다. (오버레이 스크린숏용으로 작성한 예시 분석)'],
            },
            tags: ['베트남', '세금', '소득세'],
          },
          en: {
            title: "Vietnam's Finance Minister Promises a Higher Family Tax Deduction",
            summary:
              'Finance Minister Ho Duc Phoc said the personal income tax family deduction (11 million dong for the taxpayer, 4.4 million per dependant) is low for city life and will be raised when the law is amended.',
            body: [
              'The deduction has not changed since July 2020, while most consumer goods and services have risen 20-30% since Covid-19. The amendment is not yet on the legislative agenda.',
            ],
            insight: {
              title: 'PRISM Insight',
              body: [
                'A promise with no date: the timing depends on the legislative calendar. (Sample analysis written for the overlay screenshots.)',
              ],
            },
            tags: ['Vietnam', 'Tax'],
          },
        },
      ),
    },
  ];
}

/** data/catalogue copied into a temp folder, with the three stories added. Remove it with `rm` when done. */
export async function overlayCatalogue(pages = overlayScreenshotPages()): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'prism-overlay-catalogue-'));
  const source = join(ROOT, 'data/catalogue');
  for (const f of await readdir(source)) if (f.endsWith('.json')) await copyFile(join(source, f), join(dir, f));
  for (const p of pages) await writeFile(join(dir, `${p.story.id as string}.json`), JSON.stringify(p.story, null, 2));
  return dir;
}

/** The pages, served at their own addresses with their own scripts off (the harness's news sites). */
export const overlayExtraPages = (pages = overlayScreenshotPages()): NewsSite[] =>
  pages.map((p) => ({
    file: `${p.id}.html`,
    url: p.url.replace(/^https:/, 'http:').replace(/#.*$/, ''),
    prefix: false,
    dir: '',
    body: () => stripPageScripts(readCorpusPage(p.id).text),
  }));

export const removeCatalogue = (dir: string) => rm(dir, { recursive: true, force: true });
