// bpmn-js rebuilds every plane's DI list from the elements it drew when it saves (BpmnDiOrdering, on
// `saveXML.start`), so the shapes and edges of anything it did not draw are dropped: a process no pool refers to
// (Trisotech's B.2.0 export has one), elements it could not import. We remember those DI elements after the import
// and put them back after bpmn-js's reordering, so the saved file keeps them. The user cannot have deleted them:
// what is not drawn cannot be selected.
import type { ModdleElement } from '@leanflow/model';

interface DiModeler {
  get<T>(name: string): T;
  getDefinitions(): ModdleElement | undefined;
}

const list = (element: ModdleElement | undefined, property: string): ModdleElement[] => {
  const value = element?.get(property);
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
};

/** Every plane of the definitions (the main diagram and, e.g., drilled-down sub-process diagrams). */
function planes(definitions: ModdleElement): ModdleElement[] {
  return list(definitions, 'diagrams')
    .map((diagram) => diagram.get('plane') as ModdleElement | undefined)
    .filter((plane): plane is ModdleElement => plane !== undefined);
}

/**
 * Call right after an import: remembers the DI elements bpmn-js did not draw and, on every save, appends those
 * missing from their plane again (after bpmn-js's own reordering). Returns how many DI elements are kept this way.
 *
 * @example
 * await modeler.importXML(xml);
 * const kept = keepUnrenderedDi(modeler); // 19 edges and shapes of an unreferenced process
 */
export function keepUnrenderedDi(modeler: DiModeler): number {
  const definitions = modeler.getDefinitions();
  if (!definitions) return 0;
  const drawn = new Set<unknown>();
  for (const element of modeler.get<{ getAll(): { di?: unknown }[] }>('elementRegistry').getAll()) if (element.di) drawn.add(element.di);
  const kept = planes(definitions)
    .map((plane) => ({ plane, missing: list(plane, 'planeElement').filter((di) => !drawn.has(di)) }))
    .filter((entry) => entry.missing.length > 0);
  if (kept.length === 0) return 0;
  // Lower priority than BpmnDiOrdering (2000): runs after it.
  modeler.get<{ on(event: string, priority: number, callback: () => void): void }>('eventBus').on('saveXML.start', 1500, () => {
    for (const { plane, missing } of kept) {
      const current = list(plane, 'planeElement');
      const absent = missing.filter((di) => !current.includes(di));
      if (absent.length) plane.set('planeElement', [...current, ...absent]);
    }
  });
  return kept.reduce((n, entry) => n + entry.missing.length, 0);
}
