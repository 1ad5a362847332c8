/**
 * Plural strings (components/i18n.ts): the catalogues built from locales/*.yml exactly as the extension ships them
 * (`@wxt-dev/i18n`'s build), read for 0, 1 and many, through the reader's chosen catalogue and through the browser's.
 */
import { join } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { translate } from '../../../components/i18n';

type Catalogue = Record<string, { message: string }>;
const catalogues: Record<'en' | 'ko', Catalogue> = { en: {}, ko: {} };

beforeAll(async () => {
  for (const lang of ['en', 'ko'] as const) {
    const file = join(import.meta.dirname, '../../../locales', `${lang}.yml`);
    catalogues[lang] = generateChromeMessages(await parseMessagesFile(file)) as Catalogue;
  }
});

const EXPECTED = {
  en: {
    libraryImported: ['No stories imported.', 'Imported 1 story.', 'Imported 5 stories.'],
    libraryDeletedAll: ['No stories deleted.', '1 story deleted.', '5 stories deleted.'],
    libraryCount: ['No stories', '1 story', '5 stories'],
  },
  ko: {
    libraryImported: ['가져온 기사가 없습니다.', '기사 1건을 가져왔습니다.', '기사 5건을 가져왔습니다.'],
    libraryDeletedAll: ['삭제한 기사가 없습니다.', '기사 1건을 삭제했습니다.', '기사 5건을 삭제했습니다.'],
    libraryCount: ['기사 없음', '기사 1건', '기사 5건'],
  },
};

describe('plural strings', () => {
  for (const lang of ['en', 'ko'] as const) {
    for (const [key, forms] of Object.entries(EXPECTED[lang])) {
      it(`${lang} ${key} reads right for 0, 1 and 5 (the reader's chosen language)`, () => {
        expect([0, 1, 5].map((n) => translate(catalogues[lang], key, n))).toEqual(forms);
      });

      it(`${lang} ${key} reads right for 0, 1 and 5 (the browser's language)`, () => {
        vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((k: string, subs?: string | (string | number)[]) =>
          catalogues[lang][k]!.message.replace(/\$(\d)/g, (_, n: string) =>
            String([subs ?? []].flat()[Number(n) - 1] ?? ''),
          ),
        );
        expect([0, 1, 5].map((n) => translate(null, key, n))).toEqual(forms);
      });
    }
  }

  it('a two-form message uses "many" for 0', () => {
    expect(translate(catalogues.en, 'libraryDeleteAllButton', 0)).toBe('Delete 0 stories');
    expect(translate(catalogues.en, 'libraryDeleteAllButton', 1)).toBe('Delete 1 story');
  });

  it('substitutions still fill a message without plural forms', () => {
    expect(translate(catalogues.ko, 'libraryStorage', ['1 MB', '2 GB'])).toBe('2 GB 중 1 MB 사용');
  });
});
