// Minimal typings for bpmn-js-differ 3 (plain JavaScript, no types). Only what the variant diff uses.
declare module 'bpmn-js-differ' {
  /** Collects what `diff` finds, keyed by element id. Subclass it to track more element types. */
  export class ChangeHandler {
    _layoutChanged: Record<string, unknown>;
    _changed: Record<string, { model: unknown; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
    _removed: Record<string, unknown>;
    _added: Record<string, unknown>;
    _isTracked(element: unknown): { element: unknown; property: string } | undefined | false;
    _computeChangeId(element: unknown): string;
  }
  /** Compares two bpmn-moddle `bpmn:Definitions` trees. */
  export function diff<H extends ChangeHandler = ChangeHandler>(oldDefinitions: unknown, newDefinitions: unknown, handler?: H): H;
}
