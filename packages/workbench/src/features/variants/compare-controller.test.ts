// The compare controller in Node with the real services and the worker's handlers over the in-process transport:
// a run ends with the comparison, cancel stops it, edits make results stale and refresh the diff, a new baseline
// changes the diffed pair, bad settings are refused.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { describe, expect, it, vi } from 'vitest';
import { I18nService } from '../../i18n/i18n.ts';
import { DocumentService } from '../../services/documents.ts';
import { NotificationService, OutputService } from '../../services/notifications.ts';
import { SettingsRegistry } from '../../services/settings.ts';
import { VariantGroupService } from '../../services/variant-groups.ts';
import { inProcessWorker, WorkerClient, type WorkerLike } from '../../base/worker-client.ts';
import { CompareController, type CompareServices } from './compare-controller.ts';
import { VARIANTS_EN } from './messages.ts';
import { VARIANTS_HANDLERS } from './variants-job.ts';

function setup() {
  const documents = new DocumentService();
  const variantGroups = new VariantGroupService(documents);
  const i18n = new I18nService('en');
  i18n.addMessages('en', VARIANTS_EN);
  const settings = new SettingsRegistry();
  // What the Scorecard feature registers: its profile choice applies to the compared scorecards too.
  settings.register({ id: 'scorecard.profile', type: 'string', default: 'balanced', title: 'Profile', description: '' });
  settings.set('scorecard.profile', 'customer-first');
  // ...and the lean-scorecard plugin's threshold settings: a manual-steps target of 3 instead of 8.
  settings.register({ id: 'leanScorecard.manualSteps.target', type: 'number', default: 8, title: 'Target', description: '' });
  settings.set('leanScorecard.manualSteps.target', 3);
  // Only the services the comparison declares it needs.
  const workbench: CompareServices = { documents, variantGroups, i18n, settings, notifications: new NotificationService(), output: new OutputService(), activeEditor: undefined };
  const workers: (WorkerLike & { readonly terminated: boolean })[] = [];
  // The worker's own handlers over the in-process transport: answers arrive later, and not at all once terminated.
  const client = () =>
    new WorkerClient(() => {
      const worker = inProcessWorker(VARIANTS_HANDLERS);
      workers.push(worker);
      return worker;
    });
  const controller = new CompareController(workbench, client(), client());
  const asIs = documents.open({ name: 'lead.bpmn', xml: LEAD_TO_QUOTE_SAMPLE, ready: true });
  const toBe = documents.open({ name: 'lead-b.bpmn', xml: LEAD_TO_QUOTE_SAMPLE.replace('name="Manager approval"', 'name="Approval"'), ready: true });
  const group = variantGroups.ensureGroup(asIs.id);
  variantGroups.addMember(group.id, toBe.id);
  return { documents, variantGroups, controller, workers, group, asIs, toBe, workbench };
}

const settle = (done: () => boolean) =>
  vi.waitFor(() => {
    if (!done()) throw new Error('not yet');
  }, { timeout: 20_000, interval: 20 });

describe('CompareController', () => {
  it('runs the selected variants with the given settings and keeps the comparison', async () => {
    const { controller, group } = setup();
    controller.setSetting(group, 'cases', '200');
    controller.setSetting(group, 'replications', '3');
    controller.setSetting(group, 'seed', '11');
    await controller.run(group);
    expect(controller.running).toBe(true);
    const state = controller.state(group);
    await settle(() => state.status === 'done');
    expect(controller.running).toBe(false);
    expect(state.comparison?.variants.map((v) => v.name)).toEqual(['As-is', 'To-be A']);
    expect(state.comparison?.settings).toMatchObject({ cases: 200, replications: 3, seed: 11, profile: { id: 'customer-first' } });
    // 5 manual steps on the typical path against target 3 (bound 6): 100 * (6 - 5) / (6 - 3).
    expect(state.comparison?.variants[0]?.scorecard.rules.find((r) => r.ruleId === 'manual-steps')?.score).toBeCloseTo(33.3, 1);
    expect(state.comparison?.differences[0]?.diagramDiff.changed).toEqual(['Task_Approve']);
  });

  it('cancels at once: the worker is terminated and its late answer ignored', async () => {
    const { controller, group, workers, workbench } = setup();
    controller.setSetting(group, 'cases', '200');
    await controller.run(group);
    controller.cancel();
    expect(workers[0]!.terminated).toBe(true);
    expect(controller.state(group).status).toBe('cancelled');
    expect(workbench.output.all().at(-1)?.text).toBe('The comparison was cancelled.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(controller.state(group).comparison).toBeNull();
  });

  it('refuses bad settings without starting a worker', async () => {
    const { controller, group, workers } = setup();
    controller.setSetting(group, 'replications', '1');
    await controller.run(group);
    expect(controller.state(group).status).toBe('refused');
    expect(workers).toHaveLength(0);
  });

  it('marks results stale on an edit, follows edits and a new baseline in the diff', async () => {
    const { controller, group, documents, variantGroups, asIs, toBe } = setup();
    controller.setSetting(group, 'cases', '100');
    controller.setSetting(group, 'replications', '2');
    await controller.run(group);
    const state = controller.state(group);
    await settle(() => state.status === 'done');
    await controller.refreshDiff(group);
    await settle(() => state.diff?.status === 'done');
    expect(state.diff?.diff?.changed).toEqual(['Task_Approve']);

    const edited = documents.get(toBe.id)!;
    edited.xml = edited.xml.replace('name="Send quote"', 'name="Send the quote"');
    documents.markChanged(toBe.id);
    expect(state.stale).toBe(true);
    await settle(() => state.diff?.status === 'done' && state.diff.diff?.changed.length === 2);
    expect(state.diff?.diff?.changed).toEqual(['Task_Approve', 'Task_SendQuote']);

    // The to-be becomes the baseline: the diff is now as-is against it (the other way round).
    variantGroups.setBaseline(toBe.id);
    await settle(() => state.diff?.baselineId === toBe.id && state.diff.status === 'done');
    expect(state.diff?.variantId).toBe(asIs.id);
    expect(state.selected.sort()).toEqual([asIs.id, toBe.id].sort());
  });
});
