// The message catalogue: `t('key', params)` for the workbench, `%key%` strings for contributed data.
import { Emitter, type Event } from '../base/lifecycle.ts';
import { EN_MESSAGES, type MessageKey } from './messages-en.ts';
import { ZH_MESSAGES } from './messages-zh.ts';

export type Language = 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

const CATALOGUES: Record<Language, Record<string, string>> = { en: EN_MESSAGES, 'zh-CN': ZH_MESSAGES };

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks a supported language for a BCP 47 tag (`zh`, `zh-Hans-CN` -> `zh-CN`; anything else -> `en`). */
export function languageFor(tag: string | undefined): Language {
  return tag && /^zh\b/i.test(tag) && !/^zh-(Hant|TW|HK|MO)\b/i.test(tag) ? 'zh-CN' : 'en';
}

/**
 * Translates UI strings. Plugins and contributions may add messages under their own keys.
 * @example
 * i18n.t('status.problems.many', { count: 3 }); // '3 problems'
 * i18n.localize('%command.save%'); // 'Save'
 */
export class I18nService {
  private current: Language;
  private readonly extra: Record<Language, Record<string, string>> = { en: {}, 'zh-CN': {} };
  private readonly changed = new Emitter<Language>();
  readonly onDidChangeLanguage: Event<Language> = this.changed.event;

  constructor(language: Language = 'en') {
    this.current = language;
  }

  get language(): Language {
    return this.current;
  }

  setLanguage(language: Language): void {
    if (language === this.current) return;
    this.current = language;
    this.changed.fire(language);
  }

  /** Adds messages (e.g. from a plugin); English is the fallback for a key missing in another language. */
  addMessages(language: Language, messages: Record<string, string>): void {
    Object.assign(this.extra[language], messages);
    if (language === this.current) this.changed.fire(language);
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.lookup(key, params);
  }

  /** Resolves a `%key%` string (as used in contributed titles); other strings pass through unchanged. */
  localize(text: string, params?: Record<string, string | number>): string {
    const match = /^%([\w.-]+)%$/.exec(text);
    return match ? this.lookup(match[1]!, params) : format(text, params);
  }

  private lookup(key: string, params?: Record<string, string | number>): string {
    const template = this.extra[this.current][key] ?? CATALOGUES[this.current][key] ?? this.extra.en[key] ?? CATALOGUES.en[key] ?? key;
    return format(template, params);
  }
}
