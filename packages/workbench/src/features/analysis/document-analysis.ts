// The analysis worker's body, DOM-free so Node tests drive it as the worker does: one cache of document versions
// (`createDocumentCache`) and a handler per connected feature. Every read of a version goes through the cache, so
// after an edit the XML is parsed once, whichever views are open (the scorecard's prepare, the plugins' model,
// bpmnlint for the rules, the Properties view's outline, the suggestions' prepare, list, gate and predictions).
import { createDocumentCache, type DocumentCache, type LoadedDocument } from '@leanflow/model';
import { bpmnlintReportFor, modelFromBpmn } from '@leanflow/plugin-host';
import type { RpcMessage } from '@leanflow/plugin-host';
import { serveHandlers } from '../../base/worker-client.ts';
import { scorecardHandlers } from '../scorecard/scorecard-job.ts';
import { suggestionsHandlers } from '../suggestions/suggestions-job.ts';
import type { AnalysisFeature, DocumentOutline, ModelRequest, ModelResponse } from './protocol.ts';

export interface DocumentAnalysis {
  /** The versions read so far (shared by every connection). */
  readonly documents: DocumentCache;
  /** A feature's connection: returns the handler of its requests; answers go to `post`. */
  connect(feature: AnalysisFeature, post: (message: unknown) => void): (message: unknown) => void;
}

const outlineOf = (loaded: LoadedDocument): DocumentOutline => ({
  ...(loaded.graph ? { graph: loaded.graph } : {}),
  scenarioSource: loaded.scenarioSource,
  scenarios: loaded.scenarios,
  ...(loaded.activeScenarioId !== undefined ? { activeScenarioId: loaded.activeScenarioId } : {}),
});

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The analysis service of one worker. Versions are kept by their text (the last `size`; a suggestion list reads the
 * document and one transformed file per suggestion, so the default keeps a list's worth).
 *
 * @example
 * const analysis = createDocumentAnalysis();
 * const handle = analysis.connect('scorecard', (answer) => port.postMessage(answer));
 * handle({ type: 'prepare', requestId: 1, xml, simulated: false });
 */
export function createDocumentAnalysis(options: { readonly size?: number } = {}): DocumentAnalysis {
  const documents = createDocumentCache({ size: options.size ?? 16 });
  const { load } = documents;
  // The scorecard and the suggestions speak the workers' RPC (base/worker-client.ts): the same handlers as in-process,
  // reading through this cache. One job at a time per suggestions connection: a newer `suggest` cancels the older.
  const connectScorecard = (post: (message: unknown) => void) => {
    const endpoint = serveHandlers(scorecardHandlers(load), post);
    return (message: unknown) => endpoint.receive(message as RpcMessage);
  };
  const connectSuggestions = (post: (message: unknown) => void) => {
    const endpoint = serveHandlers(suggestionsHandlers(load), post);
    return (message: unknown) => endpoint.receive(message as RpcMessage);
  };
  const connectModel = (post: (message: ModelResponse) => void) => (message: unknown) => {
    const request = message as ModelRequest;
    const job =
      request?.type === 'model'
        ? modelFromBpmn(request.xml, request.uri, load).then((r) => r.model ?? null)
        : request?.type === 'bpmnlint'
          ? bpmnlintReportFor(request.xml, request.profile, load).then((r) => r ?? null)
          : request?.type === 'outline'
            ? load(request.xml).then(outlineOf)
            : undefined;
    job?.then(
      (value) => post({ id: request.id, ok: true, value }),
      (error: unknown) => post({ id: request.id, ok: false, error: messageOf(error) }),
    );
  };
  return {
    documents,
    connect(feature, post) {
      if (feature === 'scorecard') return connectScorecard(post);
      if (feature === 'suggestions') return connectSuggestions(post);
      return connectModel(post);
    },
  };
}
