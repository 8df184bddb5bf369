// The scorecard controller in Node with only the services it declares and the worker's own handlers over the
// in-process transport: one path (no rule source or a disabled plugin: `unavailable`, never a score from elsewhere),
// the plugin host's report becomes the card, a refused file, and a worker crash that the next score recovers from.
import { BUILT_IN_RULES, computeScorecard, type ScoringProfile } from '@leanflow/analysis';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import type { AnalysisInput } from '@leanflow/plugin-api';
import type { ScoringReport } from '@leanflow/plugin-host';
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../base/lifecycle.ts';
import { inProcessWorker, WorkerClient, type WorkerLike } from '../../base/worker-client.ts';
import { I18nService } from '../../i18n/i18n.ts';
import { StatusBarRegistry } from '../../services/contributions.ts';
import { DocumentService } from '../../services/documents.ts';
import { NotificationService, OutputService, ProblemsService } from '../../services/notifications.ts';
import { SettingsRegistry } from '../../services/settings.ts';
import { SCORECARD_EN } from './messages.ts';
import type { ScoringRuleSource } from './plugin-scoring.ts';
import { SCORECARD_DEFAULTS, SCORECARD_SETTING } from './profile.ts';
import { ScorecardController, type ScorecardServices } from './scorecard-controller.ts';
import { SCORECARD_HANDLERS } from './scorecard-job.ts';

/** A plugin host stand-in that runs the built-in rules in-process and answers in the host's report shape. */
function ruleSource(options: { available: boolean }): ScoringRuleSource & { calls: AnalysisInput[] } {
  const calls: AnalysisInput[] = [];
  return {
    calls,
    available: () => options.available,
    builtInPluginId: 'leanflow.lean-scorecard',
    scoringRules: () => BUILT_IN_RULES.map((r) => ({ id: r.id, title: r.title, category: r.category, kind: r.kind, pluginId: 'leanflow.lean-scorecard' })) as never,
    onDidChange: new Emitter<void>().event,
    runScoring: async (input) => {
      calls.push(input);
      const card = await computeScorecard(BUILT_IN_RULES, { graph: input.graph, ...(input.scenario ? { scenario: input.scenario } : {}) }, input.profile as ScoringProfile);
      const rules = card.rules.map((r) => {
        const rule = BUILT_IN_RULES.find((b) => b.id === r.ruleId)!;
        const head = { pluginId: 'leanflow.lean-scorecard', ruleId: r.ruleId, title: rule.title, weight: rule.defaultWeight };
        return r.score === null ? { ...head, ok: true, score: 0, findings: [], notApplicable: r.reason ?? 'n/a' } : { ...head, ok: true, score: r.score, findings: r.findings };
      });
      return { rules } as unknown as ScoringReport;
    },
  };
}

function setup(createWorker: () => WorkerLike = () => inProcessWorker(SCORECARD_HANDLERS)) {
  const documents = new DocumentService();
  const i18n = new I18nService('en');
  i18n.addMessages('en', SCORECARD_EN);
  const settings = new SettingsRegistry();
  settings.register({ id: SCORECARD_SETTING.profile, type: 'string', default: SCORECARD_DEFAULTS.profile, title: 'Profile', description: '' });
  settings.register({ id: SCORECARD_SETTING.useModelProfile, type: 'boolean', default: true, title: 'Use', description: '' });
  const output = new OutputService();
  // Only what the scorecard declares it needs.
  const services: ScorecardServices = {
    documents, settings, i18n, output, notifications: new NotificationService(), problems: new ProblemsService(), statusBar: new StatusBarRegistry(),
    activeEditor: undefined, editorFor: async () => undefined, onDidLoadEditor: new Emitter<never>().event,
  };
  const workers: WorkerLike[] = [];
  const client = new WorkerClient(() => {
    const worker = createWorker();
    workers.push(worker);
    return worker;
  }, { name: 'scorecard' });
  const controller = new ScorecardController(services, client);
  return { documents, controller, output, workers, services };
}

describe('ScorecardController', () => {
  it('scores only through the rule source: without one, or with the plugin off, it says unavailable and starts no worker', async () => {
    const { documents, controller, workers } = setup();
    const doc = documents.open({ name: 'lead.bpmn', xml: LEAD_TO_QUOTE_SAMPLE, ready: true });
    await controller.score(doc.id);
    expect(controller.state(doc.id)?.status).toBe('unavailable');
    const off = ruleSource({ available: false });
    controller.setRuleSource(off);
    await controller.score(doc.id);
    expect(controller.state(doc.id)).toMatchObject({ status: 'unavailable', card: null });
    expect(off.calls).toHaveLength(0);
    expect(workers).toHaveLength(0);
  });

  it('reads the file in the worker, runs the rules in the host and shows the combined card', async () => {
    const { documents, controller, services } = setup();
    const rules = ruleSource({ available: true });
    controller.setRuleSource(rules);
    const doc = documents.open({ name: 'lead.bpmn', xml: LEAD_TO_QUOTE_SAMPLE, ready: true });
    await controller.score(doc.id);
    const state = controller.state(doc.id)!;
    expect(state.status).toBe('done');
    // The built-in rules on what the worker read (graph and the file's scenario), with the settings' profile.
    const { graph, scenario, profile } = rules.calls[0]!;
    expect(scenario?.id).toBeDefined();
    const direct = await computeScorecard(BUILT_IN_RULES, { graph, ...(scenario ? { scenario } : {}) }, profile as ScoringProfile);
    expect(state.card?.score).toBeCloseTo(direct.score!, 6);
    expect(rules.calls[0]!.xml).toBe(LEAD_TO_QUOTE_SAMPLE);
    expect(services.statusBar.all('left').find((i) => i.id === 'scorecard.score')?.text).toContain(String(Math.round(direct.score!)));
  });

  it('a file that is not BPMN is refused with the reason, in Problems', async () => {
    const { documents, controller, services } = setup();
    controller.setRuleSource(ruleSource({ available: true }));
    const doc = documents.open({ name: 'broken.bpmn', xml: '<definitions', ready: true });
    await controller.score(doc.id);
    expect(controller.state(doc.id)?.status).toBe('refused');
    expect(services.problems.get(doc.id).length).toBeGreaterThan(0);
  });

  it('a worker crash is the crash state; the next score starts a fresh worker and succeeds', async () => {
    let fail = true;
    const { documents, controller, output, workers } = setup(() => {
      if (!fail) return inProcessWorker(SCORECARD_HANDLERS);
      // A worker that dies on its first message (out of memory, a failed import).
      const dying: WorkerLike = {
        onmessage: null,
        onerror: null,
        terminate: () => {},
        postMessage: () => setTimeout(() => dying.onerror?.({ message: 'worker ran out of memory' }), 0),
      };
      return dying;
    });
    controller.setRuleSource(ruleSource({ available: true }));
    const doc = documents.open({ name: 'lead.bpmn', xml: LEAD_TO_QUOTE_SAMPLE, ready: true });
    await controller.score(doc.id);
    expect(controller.state(doc.id)).toMatchObject({ status: 'crashed', crash: expect.stringContaining('worker ran out of memory') });
    expect(output.all().at(-1)?.text).toContain('Scoring stopped unexpectedly');
    fail = false;
    await controller.score(doc.id);
    expect(controller.state(doc.id)?.status).toBe('done');
    expect(workers).toHaveLength(2);
  });
});
