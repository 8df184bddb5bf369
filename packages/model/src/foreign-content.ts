// Kept for callers that read a file with their own moddle without preparing it first. The read path itself is
// `prepareBpmnText` (parse.ts), shared by parseBpmn and the studio's editor, so there is one set of repairs.
import type { ModdleElement, ModdleInstance } from './moddle.ts';
import { prepareBpmnText, type ModdleReadWarning, type ReadRepair } from './parse.ts';

export type { ForeignContentReport, ModdleReadWarning } from './parse.ts';

/**
 * Runs parseBpmn's repairs on what a moddle read from `xml` as it is (not from `prepareBpmnText(xml).xml`): foreign
 * elements under `definitions` and unresolved references are kept, namespace-less extensions dropped, missing
 * incoming/outgoing lists completed. A file that needs rewriting before the read (ids moddle rejects, HTML
 * documentation...) only reads fully through `prepareBpmnText`; prefer that.
 *
 * @example
 * const report = keepForeignContent(moddle, definitions, xml, warnings); // report.kept: ['qbp:processSimulationInfo']
 */
export function keepForeignContent(moddle: ModdleInstance, definitions: ModdleElement, xml: string, warnings: ModdleReadWarning[]): ReadRepair {
  const prepared = prepareBpmnText(xml);
  if (!prepared.repair) return { issues: [...prepared.issues], kept: [], keptReferences: [], dropped: [], flowReferencesAdded: 0, idsRestored: 0 };
  return prepared.repair({ moddle, definitions, warnings });
}

