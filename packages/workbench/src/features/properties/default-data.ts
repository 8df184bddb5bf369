// The scenario Leanflow makes up for a file without one ("Default scenario", "Business hours (Mon-Fri 9-17)",
// "Staff") in the studio's language. @leanflow/model writes it in English (the CLI's and every tool's default); the
// studio shows it, and the first edit stores it, in the user's language, so a Chinese user's file carries Chinese names.
import { DEFAULT_CALENDAR, type Scenario } from '@leanflow/model';

const ZH: Readonly<Record<string, string>> = {
  'Default scenario': '默认场景',
  'Created by Leanflow with default values; replace them with your own figures.': '由 Leanflow 按默认值创建；请替换为您自己的数字。',
  [DEFAULT_CALENDAR.name]: '工作时间（周一至周五 9–17 点）',
  Staff: '员工',
};

/** One default name or text in `language` (unchanged when it is not one of Leanflow's defaults). */
export function localizeDefaultText(text: string, language: string): string {
  return language === 'zh-CN' ? (ZH[text] ?? text) : text;
}

/**
 * A scenario with Leanflow's default names in `language`; names the user or a file gave are kept. Only the default
 * calendar (`business-hours`) and pool (`pool-staff`) are renamed, so a user's own "Staff" pool stays as written.
 *
 * @example
 * localizeDefaultScenario(createDefaultScenario(graph), 'zh-CN').name; // '默认场景'
 */
export function localizeDefaultScenario(scenario: Scenario, language: string): Scenario {
  if (language !== 'zh-CN') return scenario;
  return {
    ...scenario,
    name: localizeDefaultText(scenario.name, language),
    ...(scenario.description !== undefined ? { description: localizeDefaultText(scenario.description, language) } : {}),
    calendars: scenario.calendars.map((c) => (c.id === DEFAULT_CALENDAR.id ? { ...c, name: localizeDefaultText(c.name, language) } : c)),
    pools: scenario.pools.map((p) => (p.id === 'pool-staff' ? { ...p, name: localizeDefaultText(p.name, language) } : p)),
  };
}
