// What a file's simulation data is, in a few figures, so the studio can say clearly when a scenario imported from
// another tool (BIMP/QBP, BPSim) is the one Simulate, the Scorecard and Suggestions use. DOM-free; read with
// loadDocument, the call every feature and the CLI read scenarios with.
import { loadDocument, type LoadedDocument } from '@leanflow/model';

/** The tool an imported scenario came from. */
export type ForeignScenarioSource = 'qbp' | 'bpsim';

export interface ImportedScenarioSummary {
  /**
   * `qbp`/`bpsim`: the scenarios in use were imported from that data. `leanflow`: the file has our own scenarios
   * (they are used) and also foreign simulation data, which is kept unchanged.
   */
  readonly source: ForeignScenarioSource | 'leanflow';
  /** The foreign simulation data the file carries. */
  readonly foreign: ForeignScenarioSource;
  readonly scenarioName: string;
  readonly scenarios: number;
  readonly resources: number;
  readonly calendars: number;
  /** Tasks with a duration. */
  readonly tasks: number;
  readonly arrivals: number;
  /** Decisions (gateways) with branch probabilities. */
  readonly gateways: number;
  /** Parameters the import could not map or only approximated (reported as warnings). */
  readonly unmapped: number;
  readonly unmappedMessages: readonly string[];
}

/** Cheap text test first: most files carry no foreign simulation data and are not read twice. */
export function mayCarryForeignScenario(xml: string): ForeignScenarioSource | undefined {
  if (xml.includes('BPSimData') && xml.includes('bpsim.org/schemas')) return 'bpsim';
  if (xml.includes('processSimulationInfo') && xml.includes('qbp-simulator.com')) return 'qbp';
  return undefined;
}

/** The summary of a loaded document; undefined when its scenarios are neither imported nor next to foreign data. */
export function summariseImportedScenario(loaded: LoadedDocument, foreign: ForeignScenarioSource | undefined): ImportedScenarioSummary | undefined {
  const source = loaded.scenarioSource;
  if (source !== 'qbp' && source !== 'bpsim' && !(source === 'leanflow' && foreign)) return undefined;
  const active = loaded.scenarios.find((s) => s.id === loaded.activeScenarioId) ?? loaded.scenarios[0];
  if (!active) return undefined;
  return {
    source,
    foreign: source === 'leanflow' ? foreign! : source,
    scenarioName: active.name,
    scenarios: loaded.scenarios.length,
    resources: active.pools.length,
    calendars: active.calendars.length,
    tasks: Object.values(active.tasks).filter((t) => t.duration !== undefined).length,
    arrivals: Object.keys(active.arrivals).length,
    gateways: Object.keys(active.gateways).length,
    unmapped: loaded.importReport?.unmapped.length ?? 0,
    unmappedMessages: loaded.importReport?.unmapped.map((issue) => issue.message) ?? [],
  };
}

/**
 * Reads `xml` when it may carry BIMP/QBP or BPSim data and summarises the scenario in use.
 *
 * @example
 * const summary = await describeImportedScenario(xml); // { source: 'qbp', resources: 3, calendars: 2, tasks: 12, ... }
 */
export async function describeImportedScenario(xml: string): Promise<ImportedScenarioSummary | undefined> {
  const foreign = mayCarryForeignScenario(xml);
  if (!foreign) return undefined;
  return summariseImportedScenario(await loadDocument(xml), foreign);
}
