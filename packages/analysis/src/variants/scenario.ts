// Which scenario each variant runs with. Every variant gets the baseline's run settings (cases or horizon,
// warm-up, start time, replications, seed); the parameters come from the variant's own scenario of the same id or
// name when it has one (a to-be with other resources is legitimate), else from the baseline's scenario applied to
// the variant: elements in both keep their parameters, elements only in the variant take those of the variant's
// own (or default) scenario.
import type { LoadedDocument, ProcessGraph, Scenario } from '@leanflow/model';

/** Where a variant's scenario came from. */
export type ScenarioChoice = 'own' | 'baseline' | 'default';

export interface ChosenScenario {
  readonly scenario: Scenario;
  readonly source: ScenarioChoice;
  /** Ids of elements whose parameters were left out because the variant has no such element. */
  readonly droppedElementIds: readonly string[];
  /** Ids of elements only in the variant whose parameters came from the variant's own (or default) scenario. */
  readonly variantElementIds: readonly string[];
}

const RUN_SETTINGS = ['cases', 'horizon', 'warmUp', 'startTime', 'replications', 'seed'] as const;

/** The baseline's scenario: the one named by id or name, else the file's active one. */
export function findScenario(document: LoadedDocument, wanted: string | undefined): Scenario | undefined {
  if (wanted === undefined) return document.scenarios.find((s) => s.id === document.activeScenarioId) ?? document.scenarios[0];
  return document.scenarios.find((s) => s.id === wanted) ?? document.scenarios.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
}

function withRunSettings(scenario: Scenario, settings: Scenario): Scenario {
  const copy: Record<string, unknown> = { ...scenario };
  for (const key of RUN_SETTINGS) {
    if (settings[key] === undefined) delete copy[key];
    else copy[key] = settings[key];
  }
  return copy as Scenario;
}

/** Leaves out parameters of elements the graph does not have (flows of a gateway, lanes of a pool included). */
function prune(scenario: Scenario, graph: ProcessGraph, dropped: Set<string>): Scenario {
  const nodes = new Set(graph.nodes.map((n) => n.id));
  const flows = new Set(graph.flows.map((f) => f.id));
  const lanes = new Set(graph.lanes.map((l) => l.id));
  const keep = <T>(record: Readonly<Record<string, T>>): Record<string, T> =>
    Object.fromEntries(
      Object.entries(record).filter(([id]) => {
        if (nodes.has(id)) return true;
        dropped.add(id);
        return false;
      }),
    );
  const gateways = Object.fromEntries(
    Object.entries(keep(scenario.gateways)).map(([id, g]) => [
      id,
      {
        ...g,
        probabilities: Object.fromEntries(
          Object.entries(g.probabilities).filter(([flowId]) => {
            if (flows.has(flowId)) return true;
            dropped.add(flowId);
            return false;
          }),
        ),
      },
    ]),
  );
  const pools = scenario.pools.map((pool) => ({
    ...pool,
    laneIds: pool.laneIds.filter((id) => {
      if (lanes.has(id)) return true;
      dropped.add(id);
      return false;
    }),
  }));
  return { ...scenario, arrivals: keep(scenario.arrivals), tasks: keep(scenario.tasks), gateways, events: keep(scenario.events), pools };
}

/**
 * Picks the scenario of one variant (see the module comment and docs/variants.md).
 *
 * @example
 * const chosen = chooseScenario(asIsScenario, asIsGraph, toBeDocument, toBeGraph, false);
 * chosen.source; // 'own' when the to-be file has a scenario with the baseline scenario's id or name
 */
export function chooseScenario(baseline: Scenario, baselineGraph: ProcessGraph, document: LoadedDocument, graph: ProcessGraph, isBaseline: boolean): ChosenScenario {
  const dropped = new Set<string>();
  if (isBaseline) {
    const scenario = prune(baseline, graph, dropped);
    return { scenario, source: document.defaulted ? 'default' : 'own', droppedElementIds: [...dropped].sort(), variantElementIds: [] };
  }
  const own = document.defaulted
    ? undefined
    : (document.scenarios.find((s) => s.id === baseline.id) ?? document.scenarios.find((s) => s.name.toLowerCase() === baseline.name.toLowerCase()));
  if (own) {
    const scenario = prune(withRunSettings(own, baseline), graph, dropped);
    return { scenario, source: 'own', droppedElementIds: [...dropped].sort(), variantElementIds: [] };
  }
  const adapted = prune(baseline, graph, dropped);
  // Elements only in the variant: parameters from the variant's own active scenario (made up when it has none).
  const fallback = findScenario(document, undefined);
  const added: string[] = [];
  const inBaseline = new Set(baselineGraph.nodes.map((n) => n.id));
  const fill = <T>(target: Record<string, T>, source: Readonly<Record<string, T>> | undefined) => {
    for (const [id, value] of Object.entries(source ?? {}))
      if (!(id in target) && !inBaseline.has(id)) {
        target[id] = value;
        added.push(id);
      }
  };
  const tasks = { ...adapted.tasks };
  const gateways = { ...adapted.gateways };
  const events = { ...adapted.events };
  const arrivals = { ...adapted.arrivals };
  if (fallback) {
    fill(arrivals, fallback.arrivals);
    fill(tasks, fallback.tasks);
    fill(gateways, fallback.gateways);
    fill(events, fallback.events);
  }
  const scenario = prune({ ...adapted, arrivals, tasks, gateways, events }, graph, new Set());
  return { scenario, source: 'baseline', droppedElementIds: [...dropped].sort(), variantElementIds: [...new Set(added)].sort() };
}
