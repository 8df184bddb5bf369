// Suggestions work on a file's scenario: ours (`lf:`), or one imported from its BPSim or BIMP/QBP data. Edits carry
// scenarios along (applyEdits keeps `lf:` scenarios in step with the diagram), so an imported scenario is stored as
// a Leanflow scenario first, the way the studio stores it on the first edit; the foreign data stays untouched.
import { loadDocument, saveScenariosToXml, type DocumentLoader } from '@leanflow/model';

/**
 * The file with its imported (BPSim/QBP) scenarios stored as Leanflow scenarios, the active one kept; any other
 * file unchanged (without being read when it cannot carry foreign simulation data).
 *
 * @example
 * const xml = await withImportedScenariosStored(bimpXml); // now has <lf:scenarios> next to the QBP block
 */
export async function withImportedScenariosStored(xml: string, load: DocumentLoader = loadDocument): Promise<string> {
  if (!xml.includes('processSimulationInfo') && !xml.includes('BPSimData')) return xml;
  const document = await load(xml);
  if (document.scenarioSource !== 'bpsim' && document.scenarioSource !== 'qbp') return xml;
  const stored = await saveScenariosToXml(xml, document.scenarios, document.activeScenarioId !== undefined ? { activeScenarioId: document.activeScenarioId } : {});
  return stored.xml ?? xml;
}
