// Files without diagram layout (no BPMNDI: written by a process-mining tool, a script, or exported "model only") open
// laid out instead of as an empty canvas. bpmn-auto-layout (bpmn.io's own layouter) draws the process left to right;
// it is loaded on demand, so the studio's first load does not pay for it.

/** A BPMN text with flow nodes but no shape or edge: bpmn-js would draw nothing. */
export function lacksLayout(text: string): boolean {
  if (/<(?:[\w-]+:)?BPMN(?:Shape|Edge)\b/.test(text)) return false;
  return /<(?:[\w-]+:)?(?:task|userTask|manualTask|serviceTask|sendTask|receiveTask|scriptTask|businessRuleTask|startEvent|endEvent|exclusiveGateway|parallelGateway|subProcess|callActivity)\b/.test(text);
}

/**
 * The text with a layout added when it has none (`laidOut: true`), else unchanged. A layout that fails leaves the
 * text as it was (bpmn-js then reports the missing diagram as before).
 *
 * @example
 * const { text, laidOut } = await withLayout(fileText);
 */
export async function withLayout(text: string): Promise<{ readonly text: string; readonly laidOut: boolean; readonly error?: string }> {
  if (!lacksLayout(text)) return { text, laidOut: false };
  try {
    const { layoutProcess } = await import('bpmn-auto-layout');
    return { text: await layoutProcess(text), laidOut: true };
  } catch (error) {
    return { text, laidOut: false, error: error instanceof Error ? error.message : String(error) };
  }
}
