import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { compareVariants, createComparisonReport, formatKpiValue, renderHtmlReport, renderMarkdownReport, type VariantComparison } from '../index.ts';

let comparison: VariantComparison;

beforeAll(async () => {
  // To be: the history check renamed, and four representatives instead of three (the scenario travels in the file).
  const toBe = LEAD_TO_QUOTE_SAMPLE.replace('name="Check customer history"', 'name="Check history"').replace('"headcount": 3', '"headcount": 4');
  const outcome = await compareVariants([{ name: 'As is', xml: LEAD_TO_QUOTE_SAMPLE }, { name: 'To be <4 reps>', xml: toBe }], { cases: 300, replications: 6, seed: 5 });
  if (!outcome.ok) throw new Error('comparison failed');
  comparison = outcome;
});

describe('variant reports', () => {
  it('formats KPI values in one unit per cell, without "-0"', () => {
    expect(formatKpiValue(5400, 'seconds', 5400, 'EUR')).toBe('90.0 min');
    expect(formatKpiValue(7200, 'seconds', 5400, 'EUR')).toBe('120.0 min');
    expect(formatKpiValue(-0.00001, 'seconds', 1, 'EUR', true)).toBe('0.0 s');
    expect(formatKpiValue(0.125, 'share', null, 'EUR', true)).toBe('+12.5 pp');
    expect(formatKpiValue(12.345, 'currency', null, 'EUR')).toBe('12.35 EUR');
    expect(formatKpiValue(null, 'cases', null, 'EUR')).toBe('-');
  });

  it('builds the report model from the comparison', () => {
    const report = createComparisonReport(comparison);
    const cycle = report.kpis.find((r) => r.definition.key === 'cycleTime')!;
    const d = comparison.differences[0]!.kpis.cycleTime!;
    expect(cycle.differences[0]!.mean).toBe(d.difference.mean);
    // One more representative removes queueing before "Qualify lead": a significant improvement.
    expect(d.difference.significant).toBe(true);
    expect(cycle.differences[0]!.marker).toBe('▼ better');
    expect(report.scores[0]!.differences[0]).toBeCloseTo(comparison.variants[1]!.scorecard.score! - comparison.variants[0]!.scorecard.score!, 12);
    expect(report.diagramChanges[0]!.changes.map((c) => c.elementId)).toEqual(['Task_CheckHistory']);
  });

  it('renders Markdown with the KPI table, the score table and the diagram changes', () => {
    const md = renderMarkdownReport(comparison);
    const d = comparison.differences[0]!.kpis.cycleTime!;
    const mean = comparison.variants[0]!.kpis.cycleTime!;
    const cycleRow = md.split('\n').find((line) => line.startsWith('| Cycle time |'))!;
    expect(cycleRow).toContain(formatKpiValue(mean.mean, 'seconds', mean.mean, 'EUR'));
    expect(cycleRow).toContain(`**${formatKpiValue(d.difference.mean, 'seconds', d.difference.mean, 'EUR', true)} [`);
    expect(cycleRow.endsWith('▼ better |')).toBe(true);
    expect(md).toContain('| KPI | As is | To be <4 reps> | To be <4 reps> − As is |');
    expect(md).toMatch(/\| Overall score \| \d+\.\d \| \d+\.\d \| [+-]?\d+\.\d \|/);
    expect(md).toContain('- changed UserTask "Check history" (`Task_CheckHistory`): name: "Check customer history" → "Check history"');
  });

  it('renders a standalone print-ready HTML page with inline SVG and escaped names', () => {
    const html = renderHtmlReport(comparison);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('@page');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html).toContain('To be &lt;4 reps&gt;');
    expect(html).not.toContain('To be <4 reps>');
  });

  it('writes the report in the studio\'s language and units when given a locale; without one it is the CLI\'s English', () => {
    expect(formatKpiValue(12.345, 'currency', null, 'EUR', false, { language: 'en' })).toBe('€12.35');
    expect(formatKpiValue(-1234.5, 'currency', null, 'EUR', true, { language: 'en' })).toBe('-€1,234.50');
    expect(formatKpiValue(5400, 'seconds', 5400, 'EUR', false, { language: 'zh-CN' })).toBe('90.0 分钟');
    expect(formatKpiValue(0.125, 'share', null, 'EUR', true, { language: 'zh-CN' })).toBe('+12.5 个百分点');
    expect(formatKpiValue(2.5, 'casesPerHour', null, 'EUR', false, { language: 'zh-CN' })).toBe('2.50 /小时');
    const zh = renderHtmlReport(comparison, { language: 'zh-CN', kpiLabel: (key, english) => (key === 'cycleTime' ? '周期时间' : english), scoreLabel: (key, english) => (key === 'overall' ? '总分' : english) });
    expect(zh).toContain('<html lang="zh-CN">');
    for (const text of ['<h2>关键指标</h2>', '<th>周期时间</th>', '<th>总分</th>', '<h2>评分卡</h2>', '周期时间分布（案例占比）', '相对于 As is', '修改']) expect(zh).toContain(text);
    expect(zh).toMatch(/\d 小时 \[/);
    expect(zh).not.toMatch(/\d (h|min|s) /);
    expect(zh).not.toContain('Key figures');
    // Diagram changes said with names, the id only as a tooltip.
    expect(zh).toContain('<td title="Task_CheckHistory">用户任务“Check history”</td>');
    expect(renderHtmlReport(comparison)).toContain('<h2>Key figures</h2>');
    expect(renderHtmlReport(comparison)).toContain('<code>Task_CheckHistory</code>');
  });
});
