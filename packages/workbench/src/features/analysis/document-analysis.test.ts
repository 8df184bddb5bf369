// One parse per document version, whatever views are open: the scorecard's prepare, the plugins' model, bpmnlint
// for the rules, the Properties view's outline and the suggestions (prepare, list, gate, snapshots, predictions) all read the version through the
// analysis worker's one cache. Counted with @leanflow/model's parse hook.
import { LEAD_TO_QUOTE_SAMPLE, observeXmlParses } from '@leanflow/model';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScoringWorkerResponse } from '../scorecard/protocol.ts';
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

/** Connects every feature and asks each about `xml` as the studio does after an edit with all views open. */
async function everyViewReads(analysis: ReturnType<typeof createDocumentAnalysis>, xml: string, requestId: number) {
  const answers = (feature: 'scorecard' | 'suggestions' | 'model') => {
    const got: unknown[] = [];
    const waiters: { test: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
    const handle = analysis.connect(feature, (m) => {
      got.push(m);
      for (const w of [...waiters]) {
        if (!w.test(m)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    });
    const until = <T>(test: (m: T) => boolean) => new Promise<T>((resolve) => (got.some((m) => test(m as T)) ? resolve(got.find((m) => test(m as T)) as T) : waiters.push({ test: test as (m: unknown) => boolean, resolve: resolve as (m: unknown) => void })));
    return { handle, until, got };
  };
  const scorecard = answers('scorecard');
  const model = answers('model');
  const suggestions = answers('suggestions');
  scorecard.handle({ type: 'prepare', requestId, xml, simulated: false });
  model.handle({ id: 1, type: 'model', xml, uri: 'lead-to-quote.bpmn' });
  model.handle({ id: 2, type: 'bpmnlint', xml });
  model.handle({ id: 3, type: 'outline', xml });
  suggestions.handle({ type: 'prepare', requestId, xml, cases: 40, replications: 2 });
  const prepared = await scorecard.until<ScoringWorkerResponse>((m) => m.type === 'prepared');
  const activeModel = await model.until<ModelResponse>((m) => m.id === 1);
  const lint = await model.until<ModelResponse>((m) => m.id === 2);
  const outline = await model.until<ModelResponse>((m) => m.id === 3);
  await suggestions.until<SuggestResponse>((m) => m.type === 'prepared');
  suggestions.handle({ type: 'suggest', requestId, xml, cases: 40, replications: 2 });
  await suggestions.until<SuggestResponse>((m) => m.type === 'done');
  // The direct scoring path reads the same cached version too.
  scorecard.handle({ type: 'score', requestId: requestId + 1, xml, profile: { id: 'balanced', name: 'Balanced', weights: {}, categoryWeights: {}, thresholds: {} } });
  const scored = await scorecard.until<ScoringWorkerResponse>((m) => m.type === 'scored');
  return { prepared, activeModel, lint, outline, scored, suggestions: suggestions.got as SuggestResponse[] };
}

describe('the analysis worker reads each document version once', () => {
  it('parses a version once for the scorecard, the plugins, bpmnlint and the suggestions with their predictions', async () => {
    const { reads, edits } = countParses();
    const analysis = createDocumentAnalysis();
    const result = await everyViewReads(analysis, LEAD_TO_QUOTE_SAMPLE, 1);
    expect(result.prepared.type === 'prepared' && result.prepared.ok && result.prepared.graph.nodes.length).toBeGreaterThan(10);
    expect(result.activeModel.ok && result.activeModel.value && 'graph' in result.activeModel.value).toBe(true);
    expect(result.lint.ok && result.lint.value && 'issues' in result.lint.value).toBe(true);
    expect(result.outline.ok && result.outline.value && 'scenarioSource' in result.outline.value && result.outline.value.scenarioSource).toBe('leanflow');
    expect(result.scored.type === 'scored' && result.scored.ok && result.scored.card.score).toBeGreaterThan(0);
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
    const scorecard = analysis.connect('scorecard', () => undefined);
    const model = analysis.connect('model', () => undefined);
    const answered: unknown[] = [];
    const both = analysis.connect('scorecard', (m) => answered.push(m));
    for (const xml of [LEAD_TO_QUOTE_SAMPLE, edited, LEAD_TO_QUOTE_SAMPLE]) {
      scorecard({ type: 'prepare', requestId: 1, xml, simulated: false });
      model({ id: 1, type: 'model', xml, uri: 'a.bpmn' });
      both({ type: 'prepare', requestId: 2, xml, simulated: false });
    }
    await expect.poll(() => answered.length).toBe(3);
    expect(reads.get(LEAD_TO_QUOTE_SAMPLE)).toBe(1);
    expect(reads.get(edited)).toBe(1);
  });
});
