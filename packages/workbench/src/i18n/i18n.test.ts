import { describe, expect, it } from 'vitest';
import { I18nService, languageFor } from './i18n.ts';
import { EN_MESSAGES } from './messages-en.ts';
import { ZH_MESSAGES } from './messages-zh.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  it('has a non-empty Chinese translation with the same placeholders for every English message', () => {
    expect(Object.keys(ZH_MESSAGES).sort()).toEqual(Object.keys(EN_MESSAGES).sort());
    for (const [key, english] of Object.entries(EN_MESSAGES)) {
      const chinese = ZH_MESSAGES[key as keyof typeof EN_MESSAGES];
      expect(chinese.trim(), key).not.toBe('');
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });

  it('translates, fills parameters and resolves %key% references', () => {
    const i18n = new I18nService('en');
    expect(i18n.t('status.problems.many', { count: 3 })).toBe('3 problems');
    expect(i18n.localize('%command.save%')).toBe('Save');
    expect(i18n.localize('Plain text')).toBe('Plain text');
    i18n.setLanguage('zh-CN');
    expect(i18n.t('status.problems.many', { count: 3 })).toBe('3 个问题');
    i18n.addMessages('en', { 'plugin.hello': 'Hello {name}' });
    expect(i18n.localize('%plugin.hello%', { name: 'Ann' })).toBe('Hello Ann');
  });

  it('picks Simplified Chinese for zh tags and English otherwise', () => {
    expect(languageFor('zh-CN')).toBe('zh-CN');
    expect(languageFor('zh-Hans-SG')).toBe('zh-CN');
    expect(languageFor('zh-TW')).toBe('en');
    expect(languageFor('de-DE')).toBe('en');
    expect(languageFor(undefined)).toBe('en');
  });
});
