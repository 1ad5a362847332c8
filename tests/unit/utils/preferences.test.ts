import { describe, expect, it } from 'vitest';
import { langFromLocale, pickEdition } from '../../../utils/preferences';

describe('which edition is shown', () => {
  it("is the reader's choice when the story has it, else the UI language, else what exists", () => {
    expect(pickEdition({ en: 1, ko: 1 }, null, 'ko')).toBe('ko');
    expect(pickEdition({ en: 1, ko: 1 }, 'en', 'ko')).toBe('en');
    expect(pickEdition({ ko: 1 }, 'en', 'en')).toBe('ko');
    expect(pickEdition({ en: 1 }, null, 'ko')).toBe('en');
  });

  it('takes Korean for every ko locale and English otherwise', () => {
    expect(['ko', 'ko-KR', 'KO-kr'].map(langFromLocale)).toEqual(['ko', 'ko', 'ko']);
    expect(['en-US', 'de', 'ja'].map(langFromLocale)).toEqual(['en', 'en', 'en']);
  });
});
