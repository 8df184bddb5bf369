// One call that gives the CLI, the simulator and the studio everything about a file: the graph, the scenarios
// (ours, else imported from BPSim/QBP, else defaults) and every issue.
import type { ModelIssue, ProcessGraph } from './graph.ts';
import { importBpsim } from './bpsim.ts';
import type { ImportReport } from './import-report.ts';
import { parseBpmn } from './parse.ts';
import { findQbp, importQbp } from './qbp.ts';
import type { Scenario } from './scenario.ts';
import { readScenarios } from './scenario-store.ts';
import { readScorecardProfile, type StoredScorecardProfile } from './scorecard-profile-store.ts';
import { createDefaultScenario, isActivity, validateScenario } from './scenario-validate.ts';
import { validateGraph } from './validate-graph.ts';
import { auditSave } from './conformance.ts';
import type { ModdleElement, ModdleInstance } from './moddle.ts';
import { BPSIM_NAMESPACE_URIS } from './bpsim.ts';
import type { XmlElement } from './xml-tree.ts';

/** Where the scenarios of a loaded document came from. */
export type ScenarioSource = 'leanflow' | 'bpsim' | 'qbp' | 'default' | 'none';

export interface LoadedDocument {
  readonly graph?: ProcessGraph;
  readonly definitions?: ModdleElement;
  readonly moddle?: ModdleInstance;
  /** The file as text (decoded as it declares, when bytes were given): what to hand to `saveScenariosToXml` etc. */
  readonly text?: string;
  readonly scenarios: readonly Scenario[];
  readonly activeScenarioId?: string;
  readonly scenarioSource: ScenarioSource;
  /** True when no scenario was in the file and Leanflow made one up (see the `scenario.defaulted.*` warnings). */
  readonly defaulted: boolean;
  /** What an import of BPSim/QBP mapped and did not (only when `scenarioSource` is 'bpsim' or 'qbp'). */
  readonly importReport?: ImportReport;
  /** The scorecard profile stored in the file (`lf:scorecardProfile`), unvalidated beyond id and name. */
  readonly scorecardProfile?: StoredScorecardProfile;
  /** Problems reading the file and with the diagram. */
  readonly modelIssues: readonly ModelIssue[];
  /** Problems per scenario id (validation against the diagram, plus defaulting warnings). */
  readonly scenarioIssues: Readonly<Record<string, readonly ModelIssue[]>>;
  /** Every issue above, scenario issues prefixed with the scenario's name when the file has several. */
  readonly issues: readonly ModelIssue[];
}

/** Options of `loadDocument`. */
export interface LoadOptions {
  /** Also write the file back and report, as `bpmn.lostOnSave`, anything a save would lose that no issue explains. */
  readonly auditSave?: boolean;
}

function hasBpsim(tree: XmlElement): boolean {
  const visit = (node: XmlElement): boolean =>
    (node.localName === 'BPSimData' && (BPSIM_NAMESPACE_URIS as readonly string[]).includes(node.uri)) ||
    node.children.some((c) => typeof c !== 'string' && visit(c));
  return visit(tree);
}

/** Warnings that say exactly which parameters a default scenario made up. */
function defaultedWarnings(scenario: Scenario, graph: ProcessGraph): ModelIssue[] {
  const name = (id: string) => {
    const node = graph.nodes.find((n) => n.id === id);
    return `'${node?.name ?? id}'`;
  };
  const issues: ModelIssue[] = [
    {
      code: 'scenario.defaulted',
      severity: 'warning',
      message: 'The file has no simulation data, so Leanflow filled in default values. Results are only as good as these guesses: replace them with your own figures.',
    },
  ];
  const arrivals = Object.keys(scenario.arrivals);
  if (arrivals.length) {
    issues.push({ code: 'scenario.defaulted.arrivals', severity: 'warning', message: `Assumed a case arrives every 30 minutes on average, Monday to Friday 9-17, at ${arrivals.map(name).join(', ')}.`, elementId: arrivals[0]! });
  }
  const manual = Object.entries(scenario.tasks).filter(([, t]) => !t.automated).map(([id]) => id);
  const automated = Object.entries(scenario.tasks).filter(([, t]) => t.automated).map(([id]) => id);
  if (manual.length) issues.push({ code: 'scenario.defaulted.durations', severity: 'warning', message: `Assumed ${manual.length} task(s) take 5 to 20 minutes, usually 10: ${manual.map(name).join(', ')}.` });
  if (automated.length) issues.push({ code: 'scenario.defaulted.automated', severity: 'warning', message: `Assumed ${automated.length} system task(s) are automated: ${automated.map(name).join(', ')}.` });
  if (scenario.pools.length) {
    issues.push({ code: 'scenario.defaulted.pools', severity: 'warning', message: `Assumed one person, at no cost, per lane: ${scenario.pools.map((p) => `'${p.name}'`).join(', ')}.` });
  }
  const gateways = Object.keys(scenario.gateways);
  if (gateways.length) issues.push({ code: 'scenario.defaulted.probabilities', severity: 'warning', message: `Assumed every branch is equally likely at ${gateways.map(name).join(', ')}.` });
  const events = Object.keys(scenario.events);
  if (events.length) issues.push({ code: 'scenario.defaulted.waiting', severity: 'warning', message: `Assumed waiting times for ${events.map(name).join(', ')}.` });
  return issues;
}

/**
 * Reads a BPMN file with everything a simulation needs. Scenarios come from our `lf` extension; when the file has
 * none, from its BPSim data, else its BIMP/QBP data (with an import report); else a default scenario is made up
 * and flagged (`defaulted`, with warnings naming the assumed parameters). Never throws on user input.
 *
 * @example
 * const doc = await loadDocument(xml);
 * if (doc.issues.some((i) => i.severity === 'error')) showProblems(doc.issues);
 * const scenario = doc.scenarios.find((s) => s.id === doc.activeScenarioId);
 */
export async function loadDocument(xml: string | Uint8Array, options: LoadOptions = {}): Promise<LoadedDocument> {
  const parsed = await parseBpmn(xml);
  const modelIssues: ModelIssue[] = [...parsed.issues];
  // The save audit writes the file back and compares (tens of ms on large files): asked for by `check` and `convert`.
  if (options.auditSave) modelIssues.push(...(await auditSave(parsed.text ?? '', parsed)));
  if (!parsed.graph || !parsed.definitions) {
    return { ...(parsed.text !== undefined ? { text: parsed.text } : {}), scenarios: [], scenarioSource: 'none', defaulted: false, modelIssues, scenarioIssues: {}, issues: modelIssues };
  }
  const graph = parsed.graph;
  modelIssues.push(...validateGraph(graph));

  let scenarios: Scenario[] = [];
  let activeScenarioId: string | undefined;
  let scenarioSource: ScenarioSource = 'none';
  let importReport: ImportReport | undefined;
  let defaulted = false;
  const stored = readScenarios(parsed.definitions);
  modelIssues.push(...stored.issues);
  const storedProfile = readScorecardProfile(parsed.definitions);
  modelIssues.push(...storedProfile.issues);
  if (stored.scenarios.length) {
    scenarios = stored.scenarios;
    activeScenarioId = stored.activeScenarioId;
    scenarioSource = 'leanflow';
  } else if (parsed.xmlTree && (hasBpsim(parsed.xmlTree) || findQbp(parsed.xmlTree).length)) {
    const fromBpsim = hasBpsim(parsed.xmlTree) ? await importBpsim(parsed) : undefined;
    const fromQbp = !fromBpsim?.scenarios.length && findQbp(parsed.xmlTree).length ? await importQbp(parsed) : undefined;
    const imported = fromBpsim?.scenarios.length ? fromBpsim : fromQbp;
    if (imported?.scenarios.length) {
      scenarios = imported.scenarios;
      importReport = imported.report;
      scenarioSource = imported === fromBpsim ? 'bpsim' : 'qbp';
      activeScenarioId = scenarios[0]!.id;
    }
  }
  if (scenarios.length === 0 && graph.nodes.some((n) => isActivity(n) || n.kind === 'startEvent')) {
    const scenario = createDefaultScenario(graph);
    scenarios = [scenario];
    activeScenarioId = scenario.id;
    scenarioSource = 'default';
    defaulted = true;
  }

  const scenarioIssues: Record<string, ModelIssue[]> = {};
  for (const scenario of scenarios) {
    scenarioIssues[scenario.id] = [...(defaulted ? defaultedWarnings(scenario, graph) : []), ...validateScenario(scenario, graph)];
  }
  const several = scenarios.length > 1;
  const issues = [
    ...modelIssues,
    ...scenarios.flatMap((s) => (scenarioIssues[s.id] ?? []).map((issue) => (several ? { ...issue, message: `Scenario '${s.name}': ${issue.message}` } : issue))),
  ];
  return {
    graph,
    definitions: parsed.definitions,
    ...(parsed.moddle ? { moddle: parsed.moddle } : {}),
    ...(parsed.text !== undefined ? { text: parsed.text } : {}),
    scenarios,
    ...(activeScenarioId !== undefined ? { activeScenarioId } : {}),
    scenarioSource,
    defaulted,
    ...(importReport ? { importReport } : {}),
    ...(storedProfile.profile ? { scorecardProfile: storedProfile.profile } : {}),
    modelIssues,
    scenarioIssues,
    issues,
  };
}

/** Reads a document version: `loadDocument`, or a cache of it (`createDocumentCache().load`). */
export type DocumentLoader = (xml: string) => Promise<LoadedDocument>;

/** The document versions read once and kept (`createDocumentCache`). */
export interface DocumentCache {
  /** The document of this text: read on the first call, the same (shared, read-only) result afterwards. */
  readonly load: DocumentLoader;
  /** Drops every kept version. */
  clear(): void;
}

/**
 * One read per document version: `load(xml)` parses a text the first time and returns the same `LoadedDocument`
 * for the same text afterwards (the last `size` texts are kept). The result is shared: read it, never change its
 * moddle tree (`applyEdits` reads its own copy to edit).
 *
 * @example
 * const documents = createDocumentCache();
 * const a = await documents.load(xml);
 * (await documents.load(xml)) === a; // true: parsed once
 */
export function createDocumentCache(options: { readonly size?: number } = {}): DocumentCache {
  const size = Math.max(1, options.size ?? 4);
  const kept = new Map<string, Promise<LoadedDocument>>();
  return {
    load(xml) {
      let loaded = kept.get(xml);
      if (loaded) {
        // Most recently used last, so the oldest is dropped first.
        kept.delete(xml);
        kept.set(xml, loaded);
        return loaded;
      }
      loaded = loadDocument(xml);
      kept.set(xml, loaded);
      while (kept.size > size) kept.delete(kept.keys().next().value!);
      return loaded;
    },
    clear: () => kept.clear(),
  };
}
