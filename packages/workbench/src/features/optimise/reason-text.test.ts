import { describe, expect, it } from 'vitest';
import { formatMoney, optimiseStaffing, type StaffingTarget } from '@leanflow/analysis';
import { ScenarioSchema } from '@leanflow/model';
import { buildGraph } from '@leanflow/sim';
import { OPTIMISE_EN, OPTIMISE_ZH } from './messages.ts';
import { reasonText } from './reason-text.ts';

// The service desk of the analysis' staffing tests: a desk answers (20 min), 40% then need a specialist (30 min).
const graph = buildGraph({
  nodes: [
    { id: 'S', kind: 'startEvent' },
    { id: 'Answer', kind: 'userTask', name: 'Answer the lead', laneId: 'Desk' },
    { id: 'X', kind: 'exclusiveGateway' },
    { id: 'Expert', kind: 'userTask', name: 'Specialist advice', laneId: 'Specialist' },
    { id: 'E', kind: 'endEvent' },
  ],
  flows: [['S', 'Answer'], ['Answer', 'X'], ['X', 'Expert', 'toExpert'], ['X', 'E', 'done'], ['Expert', 'E']],
  lanes: [{ id: 'Desk' }, { id: 'Specialist' }],
});
const scenario = (desk: number, specialist: number) =>
  ScenarioSchema.parse({
    id: 's', name: 'Leads', cases: 400, replications: 5, seed: 7,
    pools: [
      { id: 'desk', name: '服务台', headcount: desk, costPerHour: 40, laneIds: ['Desk'] },
      { id: 'specialist', name: '专家', headcount: specialist, costPerHour: 70, laneIds: ['Specialist'] },
    ],
    arrivals: { S: { interArrival: { type: 'exponential', mean: 6 } } },
    tasks: { Answer: { duration: { type: 'exponential', mean: 20 }, substantiveResponse: true }, Expert: { duration: { type: 'exponential', mean: 30 } } },
    gateways: { X: { probabilities: { toExpert: 0.4, done: 0.6 } } },
  });
const target: StaffingTarget = { kpi: 'first-response', withinSeconds: 45 * 60, share: 0.8 };
const translate = (messages: Record<keyof typeof OPTIMISE_EN, string>) => (key: keyof typeof OPTIMISE_EN, params?: Record<string, string | number>) =>
  messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));

describe('the optimiser\'s reason in the studio\'s language', () => {
  it('words a recommendation in Chinese with the figures of the English reason', async () => {
    const result = await optimiseStaffing(graph, scenario(7, 6), { target, maxHeadcount: 7 });
    const best = result.recommended!;
    expect(result.reasonParts.code).toBe('recommended');
    const zh = reasonText(result, translate(OPTIMISE_ZH), 'zh-CN');
    const week = (x: number) => formatMoney(x, 'EUR', 'zh-CN', { whole: true });
    const saving = Math.round(result.current.costPerWeek) - Math.round(best.costPerWeek);
    expect(zh).toContain(`服务台 ${best.headcounts['desk']} · 专家 ${best.headcounts['specialist']} 是达到目标的最低成本配置`);
    expect(zh).toContain(`每周成本 ${week(best.costPerWeek)}，比当前的 ${week(result.current.costPerWeek)} 少 ${week(saving)}。`);
    expect(zh).not.toMatch(/[A-Za-z]{3,}/);
    // The English wording of the same parts says what the CLI's reason says.
    const en = reasonText(result, translate(OPTIMISE_EN), 'en');
    const enWeek = (x: number) => formatMoney(x, 'EUR', 'en', { whole: true });
    expect(en).toContain(`${enWeek(saving)} less than today’s ${enWeek(result.current.costPerWeek)}`);
    expect(result.reason).toContain(`${enWeek(saving)} less than today's ${enWeek(result.current.costPerWeek)}`);
  });

  it('says which pool cannot keep up when no staffing within the limits meets the target', async () => {
    const result = await optimiseStaffing(graph, scenario(5, 3), { target, maxHeadcount: 3 });
    expect(result.recommended).toBeNull();
    expect(reasonText(result, translate(OPTIMISE_ZH), 'zh-CN')).toBe('在每个资源池最多 3 人范围内没有人员配置能达到目标：“服务台”至少需要 4 人才能跟上。');
  });
});
