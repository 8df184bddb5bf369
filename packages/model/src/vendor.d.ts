// Minimal typings for the two untyped runtime dependencies (bpmn-moddle ships types for its metamodel only,
// not for the class; saxen ships none). Only what this package uses.

declare module 'bpmn-moddle' {
  /** A moddle element: typed properties plus the generic `$`-members moddle adds. */
  export interface ModdleElement {
    readonly $type: string;
    $parent?: ModdleElement;
    $attrs?: Record<string, string>;
    $children?: ModdleElement[];
    $body?: string;
    $instanceOf?(type: string): boolean;
    get(name: string): unknown;
    set(name: string, value: unknown): void;
    [property: string]: unknown;
  }

  export interface ModdleWarning {
    readonly message: string;
    readonly element?: unknown;
    readonly property?: unknown;
    readonly error?: Error;
  }

  export interface FromXmlResult {
    readonly rootElement: ModdleElement;
    readonly references: readonly unknown[];
    readonly warnings: readonly ModdleWarning[];
    readonly elementsById: Record<string, ModdleElement>;
  }

  export interface ModdleInstance {
    fromXML(xml: string, typeName?: string | Record<string, unknown>, options?: Record<string, unknown>): Promise<FromXmlResult>;
    toXML(element: ModdleElement, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
    create(type: string, properties?: Record<string, unknown>): ModdleElement;
    createAny(name: string, nsUri: string, properties?: Record<string, unknown>): ModdleElement;
    getType(type: string): unknown;
  }

  export function BpmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): ModdleInstance;
}

declare module 'saxen' {
  export interface SaxContext {
    readonly line: number;
    readonly column: number;
    readonly data?: string;
  }
  type ContextGetter = () => SaxContext;
  type Decode = (text: string) => string;
  export class Parser {
    constructor(options?: { proxy?: boolean });
    on(event: 'openTag', handler: (name: string, attrs: () => Record<string, string>, decode: Decode, selfClosing: boolean, context: ContextGetter) => void): this;
    on(event: 'closeTag', handler: (name: string, decode: Decode, selfClosing: boolean, context: ContextGetter) => void): this;
    on(event: 'text', handler: (value: string, decode: Decode, context: ContextGetter) => void): this;
    on(event: 'cdata', handler: (value: string, context: ContextGetter) => void): this;
    on(event: 'error' | 'warn', handler: (error: Error, context: ContextGetter) => void): this;
    on(event: 'comment', handler: (value: string, decode: Decode, context: ContextGetter) => void): this;
    parse(xml: string): this;
    stop(): void;
  }
}
