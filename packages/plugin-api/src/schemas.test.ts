import { describe, expect, it } from 'vitest';
import {
  DiagnosticsByElementSchema,
  EditProposalSchema,
  ScoreResultSchema,
  SuggestionListSchema,
  ViewContentSchema,
  type EditProposal,
  type ScoreResult,
  type Suggestion,
  type ViewContent,
} from '@leanflow/plugin-api';

// Values written against the API types must pass the host's schemas unchanged; malformed ones must not.
describe('payload schemas', () => {
  it('accept what the API types allow', () => {
    const score: ScoreResult = {
      score: 72.5,
      summary: '3 of 4',
      findings: [{ severity: 'warning', message: 'No name', elementIds: ['Task_1'], why: 'Because.', docsUrl: 'https://example.org/naming' }],
    };
    expect(ScoreResultSchema.parse(score)).toEqual(score);
    const proposal: EditProposal = {
      label: 'Tidy up',
      edits: [
        { kind: 'removeElement', elementId: 'Task_9' },
        { kind: 'rename', elementId: 'Task_1', name: 'Check order' },
        { kind: 'setProperty', elementId: 'Task_2', property: 'scenario.tasks.Task_2.automated', value: true },
        { kind: 'reconnect', flowId: 'Flow_1', targetId: 'Task_3' },
        { kind: 'insertTask', flowId: 'Flow_2', taskType: 'serviceTask', name: 'Send confirmation' },
        { kind: 'changeTaskType', elementId: 'Task_4', taskType: 'userTask' },
      ],
    };
    expect(EditProposalSchema.parse(proposal)).toEqual(proposal);
    const suggestions: Suggestion[] = [{ id: 's1', title: 'Automate', elementIds: ['Task_4'], edits: proposal.edits.slice(5), effects: [{ metric: 'cycleTime', change: -12, unit: '%' }] }];
    expect(SuggestionListSchema.parse(suggestions)).toEqual(suggestions);
    const views: ViewContent[] = [
      { kind: 'markdown', markdown: '# Hello' },
      { kind: 'table', columns: [{ key: 'a', title: 'A', align: 'right', format: 'percent' }], rows: [{ a: 0.5 }, { a: null }] },
      { kind: 'chart', chart: { type: 'bar', labels: ['x', 'y'], series: [{ name: 'n', values: [1, 2] }], unit: 'min' } },
      { kind: 'keyFigures', figures: [{ label: 'Cycle time', value: 3.2, unit: 'h', status: 'warning', hint: 'long' }] },
      { kind: 'tree', nodes: [{ label: 'Sales', children: [{ label: 'Qualify', elementId: 'Task_1' }] }] },
    ];
    for (const view of views) expect(ViewContentSchema.parse(view)).toEqual(view);
  });

  it('refuse malformed payloads, naming the path', () => {
    const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
      result.error?.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
    expect(issues(ScoreResultSchema.safeParse({ score: -1, findings: [] }))).toEqual(['score: a score cannot be below 0']);
    expect(issues(ScoreResultSchema.safeParse({ score: 50, findings: [{ severity: 'fatal', message: 'x', elementIds: [] }] }))?.[0]).toMatch(/^findings\.0\.severity: /);
    expect(issues(EditProposalSchema.safeParse({ label: 'x', edits: [{ kind: 'reconnect', flowId: 'Flow_1' }] }))).toEqual(['edits.0: give sourceId, targetId or both']);
    expect(issues(ViewContentSchema.safeParse({ kind: 'chart', chart: { type: 'bar', labels: ['a', 'b'], series: [{ name: 's', values: [1] }] } }))).toEqual([
      'chart.series: every series needs one value per label',
    ]);
    expect(ViewContentSchema.safeParse({ kind: 'markdown', markdown: 'x'.repeat(200_001) }).success).toBe(false);
    expect(DiagnosticsByElementSchema.safeParse({ Task_1: [{ severity: 'info', message: '' }] }).success).toBe(false);
  });
});
