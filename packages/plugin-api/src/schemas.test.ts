import { describe, expect, it } from 'vitest';
import {
  DiagnosticsByElementSchema,
  DiagramDecorationsSchema,
  EditProposalSchema,
  ScoreResultSchema,
  SuggestionListSchema,
  ViewContentSchema,
  type DecorationLegend,
  type DiagramDecoration,
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
    const sections: ViewContent = {
      kind: 'sections',
      sections: [
        { id: 'toolbar', content: { kind: 'actions', actions: [{ title: 'Simulate', command: 'simulation.run', id: 'run' }, { title: 'Hide', command: 'x.toggle', style: 'secondary', pressed: true }] } },
        { content: { kind: 'progress', fraction: 0.4, title: 'Simulating…', message: '2,000 of 5,000 cases' } },
        { content: { kind: 'notice', severity: 'error', message: 'Cannot run', items: [{ text: 'Deadlock', elementId: 'Gateway_1' }], action: { title: 'Re-run', command: 'simulation.run' } } },
        { title: 'Key figures', dimmed: true, content: { kind: 'keyFigures', figures: [{ id: 'cycleTime', label: 'Cycle time', value: '7 h', interval: '95% CI 6 h – 8 h', detail: 'p90 9 h', rawValue: 25_200 }] } },
        { content: { kind: 'histogram', title: 'Cycle time', bars: [{ share: 0.3, label: '0–1 h' }, { share: 0.7, label: '1–2 h', over: true }], axis: ['0', '1 h', '2 h'], target: { position: 0.5, label: 'target 1 h' } } },
        { content: { kind: 'meters', items: [{ label: 'Sales', value: 0.72, valueText: '72%', band: { low: 0.6, high: 0.85 }, elementId: 'Lane_1' }], note: 'healthy band' } },
        { content: { kind: 'choice', label: 'Scenario', options: [{ value: 'asIs', label: 'As is' }], value: 'asIs', command: 'simulation.chooseScenario' } },
        {
          title: 'Tasks',
          content: { kind: 'table', columns: [{ key: 'name', title: 'Task' }, { key: 'wait', title: 'Wait', format: 'duration' }], rows: [{ name: 'Qualify', wait: 600 }], sortable: true, sortBy: 'wait', rowElementIds: ['Task_1'], rowHeat: [1] },
        },
      ],
    };
    expect(ViewContentSchema.parse(sections)).toEqual(sections);
    const decorations: DiagramDecoration[] = [{ elementId: 'Task_1', heat: 0.75, label: '42 min', tooltip: 'Qualify: waits 42 min' }, { elementId: 'Lane_1', label: '72% busy', tone: 'good' }];
    const legend: DecorationLegend = { title: 'Mean waiting time', stops: [{ heat: 0, label: 'none' }, { heat: 1, label: '≤ 42 min' }] };
    expect(DiagramDecorationsSchema.parse({ decorations, legend })).toEqual({ decorations, legend });
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
    // Sections do not nest; per-row lists match the rows; heat is 0..1.
    expect(ViewContentSchema.safeParse({ kind: 'sections', sections: [{ content: { kind: 'sections', sections: [] } }] }).success).toBe(false);
    expect(issues(ViewContentSchema.safeParse({ kind: 'table', columns: [{ key: 'a', title: 'A' }], rows: [{ a: 1 }], rowHeat: [0.1, 0.2] }))).toEqual([
      'rows: rowElementIds and rowHeat need one entry per row',
    ]);
    expect(DiagramDecorationsSchema.safeParse({ decorations: [{ elementId: 'Task_1', heat: 1.5 }] }).success).toBe(false);
  });
});

describe('links in findings', () => {
  const finding = (docsUrl: string) => ({ score: 50, findings: [{ severity: 'info', message: 'm', elementIds: [], docsUrl }] });
  it('accepts http(s) URLs and the project docs', () => {
    for (const url of ['https://example.org/naming', 'http://intranet.local/rules#a', 'docs/scoring.md#cycle-time']) {
      expect(ScoreResultSchema.safeParse(finding(url)).success, url).toBe(true);
    }
  });
  it('refuses javascript:, data: and other schemes', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>1</script>', 'file:///etc/passwd', 'vbscript:x', '//evil.example/x']) {
      expect(ScoreResultSchema.safeParse(finding(url)).success, url).toBe(false);
    }
  });
});
