// One parse per document version, whatever views are open: the scorecard's prepare, the plugins' model, bpmnlint
// for the rules, the Properties view's outline and the suggestions (prepare, list, gate, snapshots, predictions) all read the version through the
// analysis worker's one cache. Counted with @leanflow/model's parse hook.
import { LEAD_TO_QUOTE_SAMPLE, observeXmlParses } from '@leanflow/model';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerClient, type WorkerLike } from '../../base/worker-client.ts';
import type { PrepareResponse } from '../scorecard/protocol.ts';
import type { SuggestResponse } from '../suggestions/protocol.ts';
import { createDocumentAnalysis } from './document-analysis.ts';
import type { ModelResponse } from './protocol.ts';

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** Parses per text, reads and editing copies apart. */
function countParses(): { reads: Map<string, number>; edits: Map<string, number> } {
  const reads = new Map<string, number>();
  const edits = new Map<string, number>();
  stops.push(
    observeXmlParses((source, purpose) => {
      const counts = purpose === 'edit' ? edits : reads;
      counts.set(String(source), (counts.get(String(source)) ?? 0) + 1);
    }),
  );
  return { reads, edits };
}

/** A feature's client over an in-memory port of the analysis service: the studio's WorkerClient, no worker. */
function clientFor(analysis: ReturnType<typeof createDocumentAnalysis>, feature: 'scorecard' | 'suggestions'): WorkerClient {
  return new WorkerClient(() => {
    let handle: (message: unknown) => void = () => {};
    const worker: WorkerLike = { onmessage: null, onerror: null, postMessage: (m) => queueMicrotask(() => handle(m)), terminate: () => {} };
    handle = analysis.connect(feature, (m) => queueMicrotask(() => worker.onmessage?.({ data: m })));
    return worker;
  }, { name: feature });
}

/** The model port's plain requests, awaited. */
function modelPort(analysis: ReturnType<typeof createDocumentAnalysis>) {
  const waiting = new Map<number, (m: ModelResponse) => void>();
  const handle = analysis.connect('model', (m) => waiting.get((m as ModelResponse).id)?.(m as ModelResponse));
  return (request: Record<string, unknown> & { id: number }) => new Promise<ModelResponse>((resolve) => (waiting.set(request.id, resolve), handle(request)));
}

/** Connects every feature and asks each about `xml` as the studio does after an edit with all views open. */
async function everyViewReads(analysis: ReturnType<typeof createDocumentAnalysis>, xml: string) {
  const scorecard = clientFor(analysis, 'scorecard');
  const suggestions = clientFor(analysis, 'suggestions');
  const model = modelPort(analysis);
  const [prepared, activeModel, lint, outline] = await Promise.all([
    scorecard.request<PrepareResponse>('prepare', { xml, simulated: false }),
    model({ id: 1, type: 'model', xml, uri: 'lead-to-quote.bpmn' }),
    model({ id: 2, type: 'bpmnlint', xml }),
    model({ id: 3, type: 'outline', xml }),
    suggestions.request('prepare', { xml, cases: 40, replications: 2 }),
  ]);
  const got: SuggestResponse[] = [];
  const done = await suggestions.request<SuggestResponse>('suggest', { xml, cases: 40, replications: 2 }, { onProgress: (m: SuggestResponse) => got.push(m) });
  got.push(done);
  scorecard.dispose();
  suggestions.dispose();
  return { prepared, activeModel, lint, outline, suggestions: got };
}

describe('the analysis worker reads each document version once', () => {
  it('parses a version once for the scorecard, the plugins, bpmnlint and the suggestions with their predictions', async () => {
    const { reads, edits } = countParses();
    const analysis = createDocumentAnalysis();
    const result = await everyViewReads(analysis, LEAD_TO_QUOTE_SAMPLE);
    expect(result.prepared.type === 'prepared' && result.prepared.ok && result.prepared.graph.nodes.length).toBeGreaterThan(10);
    expect(result.activeModel.ok && result.activeModel.value && 'graph' in result.activeModel.value).toBe(true);
    expect(result.lint.ok && result.lint.value && 'issues' in result.lint.value).toBe(true);
    expect(result.outline.ok && result.outline.value && 'scenarioSource' in result.outline.value && result.outline.value.scenarioSource).toBe('leanflow');
    const listed = result.suggestions.find((m) => m.type === 'listed');
    const transformed = listed?.type === 'listed' && listed.ok ? listed.entries.flatMap((e) => (e.xml !== undefined ? [e.xml] : [])) : [];
    expect(transformed.length).toBeGreaterThan(0);
    expect(result.suggestions.filter((m) => m.type === 'predicted' && m.impact).length).toBe(transformed.length);

    // The document itself: read once. Each transformed file (a version of its own): read once for the gate, the
    // preview's changes and its prediction.
    expect(reads.get(LEAD_TO_QUOTE_SAMPLE)).toBe(1);
    for (const xml of transformed) expect(reads.get(xml)).toBe(1);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    // Applying a suggestion's edits works on a copy of the tree of its own: one per suggestion (not per prediction).
    expect(edits.get(LEAD_TO_QUOTE_SAMPLE)).toBe(transformed.length);
  }, 60_000);

  it('reads an edited version once more, and the unchanged one not again', async () => {
    const { reads } = countParses();
    const analysis = createDocumentAnalysis();
    const edited = LEAD_TO_QUOTE_SAMPLE.replace('name="Check customer history"', 'name="Check the history"');
    expect(edited).not.toBe(LEAD_TO_QUOTE_SAMPLE);
    const scorecard = clientFor(analysis, 'scorecard');
    const other = clientFor(analysis, 'scorecard');
    const model = modelPort(analysis);
    let id = 1;
    for (const xml of [LEAD_TO_QUOTE_SAMPLE, edited, LEAD_TO_QUOTE_SAMPLE])
      await Promise.all([scorecard.request('prepare', { xml, simulated: false }), model({ id: id++, type: 'model', xml, uri: 'a.bpmn' }), other.request('prepare', { xml, simulated: false })]);
    expect(reads.get(LEAD_TO_QUOTE_SAMPLE)).toBe(1);
    expect(reads.get(edited)).toBe(1);
  });
});
