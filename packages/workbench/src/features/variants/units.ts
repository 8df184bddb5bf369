// The comparison report's cells in the studio's language: @leanflow/analysis writes English units unless given a locale.
import type { ReportLocale } from '@leanflow/analysis';
import { KPI_LABELS_ZH } from './messages.ts';

const ZH_UNITS: Readonly<Record<string, string>> = { s: '秒', min: '分钟', h: '小时', d: '天', pp: '个百分点', '/h': '/小时' };

/** The report's English units (written by @leanflow/analysis for every language) in Chinese: "3.2 h" -> "3.2 小时". */
export function chineseUnits(text: string): string {
  return text.replace(/(\d) (s|min|h|d|pp|\/h)(?=$|[\s\]).,])/g, (_, digit: string, unit: string) => `${digit} ${ZH_UNITS[unit]}`);
}

/** The part of the studio a report's language needs: its language and its message catalogue. */
interface LocaleSource {
  readonly language: 'en' | 'zh-CN';
  localize(text: string, params?: Record<string, string | number>): string;
}

/**
 * The comparison report in the studio's language: units, money and sentences from @leanflow/analysis, the KPI and
 * category names the Compare tab shows.
 *
 * @example
 * renderHtmlReport(comparison, reportLocale(workbench.i18n));
 */
export function reportLocale(i18n: LocaleSource): ReportLocale {
  const zh = i18n.language === 'zh-CN';
  return {
    language: i18n.language,
    kpiLabel: (key, english) => (!zh ? english : key.startsWith('utilisation:') ? english.replace(/^Utilisation /, '利用率 ') : (KPI_LABELS_ZH[key] ?? english)),
    scoreLabel: (key, english) => {
      const text = i18n.localize(key === 'overall' ? '%variants.scores.overall%' : `%scorecard.category.${key}%`);
      return text.includes('.') && /^(variants|scorecard)\./.test(text) ? english : text;
    },
  };
}
