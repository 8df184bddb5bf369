// The optimiser controller in Node with the real document service and fake workers that run the worker's job
// in-process: a search ends with the same result as the CLI's one-thread search, cancel terminates every worker,
// an edit marks the result stale, Apply as variant writes the staffing into a new document of the group.
import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { optimiseStaffing, type StaffingTarget } from '@leanflow/analysis';
import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry } from '../../services/commands.ts';
import { ContextKeyService } from '../../services/context-keys.ts';
import { DocumentService } from '../../services/documents.ts';
import type { Workbench } from '../../workbench.ts';
import { handleOptimiseRequest } from './optimise-job.ts';
import { OptimiseController, type OptimiseWorker } from './optimise-controller.ts';
import type { OptimiseReply, OptimiseRequest } from './protocol.ts';

class InProcessWorker implements OptimiseWorker {
  terminated = false;
  private listener: ((event: { data: OptimiseReply }) => void) | undefined;
  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
    if (type === 'message') this.listener = listener as (event: { data: OptimiseReply }) => void;
  }
  postMessage(request: OptimiseRequest): void {
    // Like a worker: answers arrive later, and not at all once terminated.
    setTimeout(() => void handleOptimiseRequest(request).then((reply) => !this.terminated && this.listener?.({ data: reply })), 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

function setup() {
  const documents = new DocumentService();
  const commands = new CommandRegistry(new ContextKeyService());
  const created: { sourceDocumentId: string; xml: string; name: string }[] = [];
  commands.register({ id: 'leanflow.variants.createFromXml', title: 'x', handler: (args) => (created.push(args as (typeof created)[number]), 'new-doc') });
  const workers: InProcessWorker[] = [];
  const controller = new OptimiseController({ documents, commands } as unknown as Workbench, () => {
    const worker = new InProcessWorker();
    workers.push(worker);
    return worker;
  }, 2);
  const doc = documents.open({ name: 'lead.bpmn', xml: LEAD_TO_QUOTE_SAMPLE, ready: true });
  return { documents, controller, workers, doc, created };
}

const target: StaffingTarget = { kpi: 'cycle-time', withinSeconds: 86400, share: 0.8 };

describe('the Optimise Staffing controller', () => {
  it('searches on two workers and finds exactly what the one-thread search finds', async () => {
    const { controller, doc, workers } = setup();
    await controller.run(doc.id, { target, maxHeadcount: 5 });
    const state = controller.state(doc.id);
    expect(state?.status).toBe('done');
    if (state?.status !== 'done') return;
    const loaded = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
    const scenario = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId)!;
    const reference = await optimiseStaffing(loaded.graph!, scenario, { target, maxHeadcount: 5 });
    expect(state.result.front.map((p) => p.headcounts)).toEqual(reference.front.map((p) => p.headcounts));
    expect(state.result.recommended?.headcounts).toEqual(reference.recommended?.headcounts);
    expect(state.result.current.withinTarget).toBe(reference.current.withinTarget);
    expect(state.threads).toBe(2);
    // Both workers simulated, and none is left running.
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('cancel stops the search and terminates its workers; an edit marks a result stale', async () => {
    const { controller, doc, workers, documents } = setup();
    const running = controller.run(doc.id, { target });
    await vi.waitFor(() => expect(controller.state(doc.id)?.status).toBe('running'));
    controller.cancel();
    await running;
    expect(controller.state(doc.id)?.status).toBe('cancelled');
    expect(workers.every((w) => w.terminated)).toBe(true);
    await controller.run(doc.id, { target, maxHeadcount: 4 });
    documents.markChanged(doc.id);
    const state = controller.state(doc.id);
    expect(state?.status === 'done' && state.stale).toBe(true);
  });

  it('Apply as variant writes the staffing into the active scenario of a new variant', async () => {
    const { controller, doc, created } = setup();
    await controller.run(doc.id, { target, maxHeadcount: 5 });
    const state = controller.state(doc.id);
    if (state?.status !== 'done') throw new Error('no result');
    const point = state.result.front.find((p) => JSON.stringify(p.headcounts) !== JSON.stringify(state.result.current.headcounts))!;
    expect(await controller.applyAsVariant(doc.id, point, 'Staffing SA 2')).toBe('new-doc');
    expect(created[0]).toMatchObject({ sourceDocumentId: doc.id, name: 'Staffing SA 2' });
    const variant = await loadDocument(created[0]!.xml);
    const scenario = variant.scenarios.find((s) => s.id === variant.activeScenarioId)!;
    expect(Object.fromEntries(scenario.pools.map((p) => [p.id, p.headcount]))).toEqual(point.headcounts);
  });
});
