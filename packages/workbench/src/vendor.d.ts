// Modules without type declarations.
declare module 'bpmn-js-i18n/translations/zn.js' {
  const translations: Record<string, string>;
  export default translations;
}

declare module 'bpmn-auto-layout' {
  /** Adds a BPMNDiagram (shapes and edges) for the first process of `xml` and returns the new XML. */
  export function layoutProcess(xml: string): Promise<string>;
}
