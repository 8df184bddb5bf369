import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { simulate } from '@leanflow/sim';
import { describe, expect, it } from 'vitest';
import { SCORECARD_EN, type ScorecardMessageKey } from '../scorecard/messages.ts';
import { buildProfile } from '../scorecard/profile.ts';
import { runScoreJob } from '../scorecard/scorecard-job.ts';
import { toScorecardViewModel } from '../scorecard/view-model.ts';
import { RESULTS_EN, RESULTS_ZH, type ResultsMessageKey } from './messages.ts';
import { renderRunReport } from './report.ts';

const t = (key: ScorecardMessageKey, params?: Record<string, string | number>) =>
  SCORECARD_EN[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));

describe('the printable run report', async () => {
  const doc = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
  const result = await simulate(doc.graph!, doc.scenarios[0]!, { cases: 200, replications: 3, seed: 3 });
  if (!result.ok) throw new Error('the sample must simulate');
  const answer = await runScoreJob({ type: 'score', requestId: 1, xml: LEAD_TO_QUOTE_SAMPLE, profile: buildProfile({ profileId: 'balanced' }).profile });
  if (answer.type !== 'scored' || !answer.ok) throw new Error('the sample must score');
  const model = toScorecardViewModel(answer.card, t, { simulated: true, profileName: 'Balanced', run: result });

  it('has a scorecard section with the view model\'s score, categories, rule cards and every finding', () => {
    const html = renderRunReport({ title: 'lead-to-quote.bpmn', scenario: 'As is', currency: 'EUR', result, scorecard: model, date: new Date(0) });
    const section = html.slice(html.indexOf('<section class="scorecard"'));
    expect(section).toContain(`data-score="${model.score}"`);
    expect(section).toContain(`<span class="big">${model.scoreText}</span>`);
    expect(section).toContain('Profile: Balanced');
    expect(section).toContain('Simulation run: 200 cases × 3 replications, seed 3');
    for (const category of model.categories) expect(section).toMatch(new RegExp(`data-category="${category.id}"><td>${category.title}</td>.*?<td>${category.scoreText}</td>`));
    const findings = model.categories.flatMap((c) => c.rules.flatMap((r) => r.findings));
    expect(findings.length).toBeGreaterThan(0);
    expect([...section.matchAll(/<li class="(error|warning|info)" data-rule=/g)]).toHaveLength(findings.length);
    // The dynamic rules (figures with a target) are cards.
    const dynamic = model.categories.flatMap((c) => c.rules).filter((r) => r.kind === 'dynamic' && r.status !== 'disabled');
    expect(dynamic.length).toBeGreaterThan(0);
    for (const rule of dynamic) expect(section).toContain(`data-rule="${rule.id}"><div class="label">`);
  });

  it('leaves the section out without a scorecard', () => {
    expect(renderRunReport({ title: 'x', scenario: 'As is', currency: 'EUR', result })).not.toContain('class="scorecard"');
  });

  it('writes every heading, table header and sentence in the studio\'s language', () => {
    const zh = (key: ResultsMessageKey, params?: Record<string, string | number>) =>
      RESULTS_ZH[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
    const html = renderRunReport({ title: 'lead-to-quote.bpmn', scenario: 'As is', currency: 'EUR', result, translate: zh, date: new Date(0) });
    expect(html).toContain('<html lang="zh-CN">');
    for (const heading of ['关键指标', '周期时间', '瓶颈', '任务', '资源池']) expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).toContain('<div class="label">周期时间（平均）</div>');
    expect(html).toContain('<th>平均等待 (h)</th>');
    expect(html).toContain('场景“As is” · 200 个案例 × 3 次重复 · 随机种子 3');
    expect(result.bottlenecks.length).toBeGreaterThan(0);
    expect(html).toMatch(/<li><strong>[^<]+<\/strong>：占全部等待的 \d+%/);
    // No English word of the report's own is left (user data and units aside).
    const prose = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
    for (const key of Object.keys(RESULTS_EN) as ResultsMessageKey[]) {
      const words = RESULTS_EN[key].replace(/\{\w+\}.*$/, '');
      if (!key.startsWith('results.report.') || words.length < 6) continue;
      expect(prose, key).not.toContain(words);
    }
    for (const english of ['Key figures', 'Bottlenecks', 'Teams', 'Mean waiting', 'of all waiting', 'replications']) expect(prose).not.toContain(english);
  });
});
