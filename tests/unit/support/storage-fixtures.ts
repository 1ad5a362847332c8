/** Stories and databases for the storage tests (not a test file itself). */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { PrismDb } from '../../../utils/storage/db';
import { parseStory, type Edition, type Story } from '../../../utils/prism/schema';

export const fakeIdb = { indexedDB, IDBKeyRange };

let n = 0;
/** A fresh database with its own name; close it with `db.delete()`. */
export function openTestDb(): PrismDb {
  return new PrismDb(`test-${Date.now()}-${n++}-${Math.random().toString(36).slice(2)}`, fakeIdb);
}

const disclaimer = {
  ko: '본 콘텐츠는 AI가 원문 기사를 기반으로 요약 및 분석한 것입니다. 원문 확인을 권장합니다.',
  en: 'This content was summarised and analysed by AI from the original article. Please check the original.',
};

export function makeStory(id: string, parts: { ko?: Edition; en?: Edition; category?: string } = {}): Story {
  const story: Story = {
    v: 1,
    id,
    url: `https://prism.example/stories/${id}`,
    category: parts.category ?? 'Politics',
    publishedAt: '2025-12-14T09:00:00Z',
    source: { url: `https://news.example/${id}`, publisher: 'Example Times', title: `Source article ${id}` },
    aliases: [],
    editions: {
      ...(parts.ko ? { ko: parts.ko } : {}),
      ...(parts.en ? { en: parts.en } : {}),
    },
    disclaimer,
    related: [
      {
        id: `${id}-rel`,
        title: 'A related story',
        summary: 'Why it matters',
        category: 'World',
        lang: 'en',
        url: `https://prism.example/stories/${id}-rel`,
      },
    ],
  };
  const parsed = parseStory(story);
  if (!parsed.ok) throw new Error(`fixture ${id} is not a valid story: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

export const belarus = makeStory('belarus-pivot', {
  ko: {
    title: "러시아의 유일한 유럽 동맹국 벨라루스, 미국 향한 '위험한 줄타기'",
    summary: '벨라루스가 정치범 석방을 카드로 미국에 접근하며 관계 정상화를 모색하고 있다.',
    body: [
      '알렉산드르 루카셴코 벨라루스 대통령은 러시아에 대한 완전한 의존에서 벗어나려 한다.',
      '미국은 벨라루스의 핵심 수출품인 칼륨 비료에 대한 제재를 해제할 것이라고 발표했다.',
      '그 대가로 벨라루스 당국은 123명의 정치범을 석방했다.',
    ],
    insight: { title: '모스크바의 딜레마', body: ['크렘린은 벨라루스의 외교적 이탈을 용인할 수밖에 없는 처지다.'] },
    tags: ['벨라루스', '러시아'],
  },
  en: {
    title: 'Belarus Courts U.S. in High-Stakes Pivot From Moscow',
    summary: 'Belarus is releasing political prisoners in exchange for potential sanctions relief from the U.S.',
    body: [
      "President Lukashenko appears to be reviving his 'multi-vector' foreign policy.",
      'The U.S. would lift sanctions on Belarusian potassium, the country’s key export.',
    ],
    insight: { title: "Moscow's Dilemma", body: ['The Kremlin has little choice but to tolerate the drift.'] },
    tags: ['Belarus', 'Sanctions'],
  },
});

export const chips = makeStory('ustr-chips', {
  category: 'Economy',
  ko: {
    title: 'USTR, 한국 반도체 보조금 조사 착수',
    summary: '미국 무역대표부가 반도체 산업 지원책을 들여다본다.',
    body: ['업계는 2026년 수출에 미칠 영향을 우려한다.'],
    tags: ['반도체', '무역'],
  },
  en: {
    title: 'USTR opens probe into Korean chip subsidies',
    summary: 'The trade office will examine support for the semiconductor industry.',
    body: ['Exporters fear the effect on 2026 shipments of 1,000 components.'],
    tags: ['Semiconductors', 'Trade'],
  },
});

export const cafe = makeStory('cafe-sao-paulo', {
  category: 'Culture',
  en: {
    title: 'Café culture returns to São Paulo',
    summary: 'Independent coffee houses are reopening across the city.',
    body: ['Owners say the crisis reshaped how people meet.'],
    tags: ['Coffee'],
  },
});
