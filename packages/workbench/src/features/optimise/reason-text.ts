// The optimiser's "why" in the studio's language, worded from the structured `reasonParts` (the analysis keeps its
// English `reason` for the CLI's JSON contract).
import type { StaffingOptimisation } from '@leanflow/analysis';
import { formatMoney, formatPercent, type FormatLanguage } from '@leanflow/plugin-api';
import type { OPTIMISE_EN } from './messages.ts';

type Translate = (key: keyof typeof OPTIMISE_EN, params?: Record<string, string | number>) => string;

const staffing = (s: Readonly<Record<string, number>>) => Object.entries(s).map(([name, n]) => `${name} ${n}`).join(' · ');

/**
 * @example
 * reasonText(result, t, 'zh-CN'); // '销售代表 4 · 经理 1 是达到目标的最低成本配置：91.2%（95% 区间 88.0%–94.1%）…'
 */
export function reasonText(result: Pick<StaffingOptimisation, 'reasonParts' | 'costUnit' | 'currency'>, t: Translate, lang: FormatLanguage): string {
  const parts = result.reasonParts;
  const money = (x: number) => (result.costUnit === 'currency' ? formatMoney(x, result.currency, lang, { whole: true }) : String(x));
  const pct = (x: number | null) => formatPercent(x, lang);
  const interval = (ci: readonly [number, number] | null) => (ci ? t('optimise.reason.interval', { low: pct(ci[0]), high: pct(ci[1]) }) : '');
  const limits = (p: { maxHeadcount: number | null; budget: number | null }) =>
    [p.maxHeadcount !== null ? t('optimise.reason.limits.maxHeadcount', { people: p.maxHeadcount }) : null, p.budget !== null ? t('optimise.reason.limits.budget', { budget: money(p.budget) }) : null]
      .filter((x): x is string => x !== null)
      .join(t('optimise.reason.limits.and')) || t('optimise.reason.limits.none');
  switch (parts.code) {
    case 'no-first-response':
      return t('optimise.reason.noFirstResponse');
    case 'cannot-keep-up':
      return t('optimise.reason.cannotKeepUp', { limits: limits(parts), pools: parts.pools.map((p) => t('optimise.reason.needsAtLeast', { pool: p.name, people: p.minimum })).join(t('optimise.reason.separator')) });
    case 'not-reached':
      return (
        t('optimise.reason.notReached', { limits: limits(parts), share: pct(parts.bestShare), staffing: parts.bestStaffing ? t('optimise.reason.bestStaffing', { staffing: staffing(parts.bestStaffing) }) : '' }) +
        (parts.saturated ? t('optimise.reason.saturated') : parts.budget !== null ? t('optimise.reason.morePeopleOrBudget') : t('optimise.reason.morePeople'))
      );
    case 'already-cheapest':
      return t('optimise.reason.alreadyCheapest', { share: pct(parts.share), interval: interval(parts.ci95) }) + (parts.uncertain ? t('optimise.reason.uncertain') : '');
    case 'recommended': {
      // Whole units on both sides, as in the English reason and the table.
      const saving = Math.round(parts.todayCostPerWeek) - Math.round(parts.costPerWeek);
      const cost =
        result.costUnit === 'currency'
          ? saving === 0
            ? t('optimise.reason.cost.same', { cost: money(parts.costPerWeek) })
            : t(saving > 0 ? 'optimise.reason.cost.less' : 'optimise.reason.cost.more', { cost: money(parts.costPerWeek), saving: money(Math.abs(saving)), today: money(parts.todayCostPerWeek) })
          : parts.fewerPeople === 0
            ? t('optimise.reason.people.same')
            : t(parts.fewerPeople > 0 ? 'optimise.reason.people.fewer' : 'optimise.reason.people.more', { people: Math.abs(parts.fewerPeople) });
      const versus = t(`optimise.reason.versus.${parts.versusToday}`, { today: pct(parts.todayShare) });
      return t('optimise.reason.recommended', { staffing: staffing(parts.staffing), share: pct(parts.share), interval: interval(parts.ci95), versus, cost }) + (parts.uncertain ? t('optimise.reason.uncertain') : '');
    }
  }
}
