// Old runtime re-exports kept so plugins built against them keep working; no built-in plugin uses them.
import { parseBpmn as parseBpmnFile } from '@leanflow/model';

/**
 * Reads BPMN XML into a graph and a moddle tree.
 *
 * @deprecated Plugins do not parse the file: the host reads each document version once and gives rules the graph
 * (`input.graph`) and bpmnlint's reports (`input.bpmnlint`). Kept for plugins that still call it; it parses the XML
 * again in the plugin's worker.
 * @example
 * const reports = input.bpmnlint?.issues ?? []; // instead of parseBpmn(input.xml)
 */
export const parseBpmn: typeof parseBpmnFile = parseBpmnFile;
