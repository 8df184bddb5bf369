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
    readonly value?: unknown;
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
  /** An element as reported with `{ proxy: true }`. */
  export interface SaxProxyNode {
    readonly name: string;
    readonly originalName: string;
    /** `false` when the attributes could not be parsed. */
    readonly attrs: Record<string, string> | false;
    readonly ns: Record<string, string>;
  }
  type Decode = (text: string) => string;
  export class Parser {
    constructor(options?: { proxy?: boolean });
    on(event: 'openTag', handler: (name: string, attrs: () => Record<string, string>, decode: Decode, selfClosing: boolean, context: ContextGetter) => void): this;
    on(event: 'openTag', handler: (node: SaxProxyNode, decode: Decode, selfClosing: boolean, context: ContextGetter) => void): this;
    on(event: 'question', handler: (value: string, context: ContextGetter) => void): this;
    on(event: 'closeTag', handler: (name: string, decode: Decode, selfClosing: boolean, context: ContextGetter) => void): this;
    on(event: 'text', handler: (value: string, decode: Decode, context: ContextGetter) => void): this;
    on(event: 'cdata', handler: (value: string, context: ContextGetter) => void): this;
    on(event: 'error' | 'warn', handler: (error: Error, context: ContextGetter) => void): this;
    on(event: 'comment', handler: (value: string, decode: Decode, context: ContextGetter) => void): this;
    parse(xml: string): this;
    /** Namespace mode: the known namespace URIs and their prefixes. */
    ns(uriToPrefix: Record<string, string>): this;
    /** Streaming: the next piece of the text (an incomplete last token is kept for the next piece). */
    write(xml: string): this;
    /** Streaming: the end of the text. */
    end(): Error | undefined;
    stop(): void;
  }
}

declare module 'moddle-xml' {
  /** moddle's XML reader; `handler(type)` gives the root element handler `fromXML` starts from. */
  export class Reader {
    constructor(options: { model: unknown; lax?: boolean });
    handler(typeName: string): unknown;
  }
}
