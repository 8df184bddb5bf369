// BPMN XML -> typed ProcessGraph. Never throws on user input: every problem becomes a ModelIssue.
import type {
  DataAssociation,
  DataElement,
  EventDefinitionKind,
  FlowNode,
  FlowNodeKind,
  Lane,
  LoopCharacteristics,
  MessageFlow,
  ModelIssue,
  Participant,
  Process,
  ProcessGraph,
  SequenceFlow,
} from './graph.ts';
import { BPMN_MODEL_URI, createModdle, isType, many, refId, text, unresolvedPlaceholders, type ModdleElement, type ModdleInstance } from './moddle.ts';
import { decodeXmlBytes } from './encoding.ts';
import { normaliseForModdle, type Normalisation } from './normalise.ts';
import { MAX_XML_DEPTH, findTooDeep, parseXmlTree, parseXmlTreeInSlices, tooDeepMessage, type TreeSliceOptions, type XmlElement, type XmlParseResult } from './xml-tree.ts';

/** What `parseBpmn` returns. `graph` and `definitions` are absent only when the file could not be read at all. */
export interface BpmnParseResult {
  readonly graph?: ProcessGraph;
  /** The moddle root (`bpmn:Definitions`), for writing the file back. */
  readonly definitions?: ModdleElement;
  /** The moddle instance that read the file (needed to create elements in the same model). */
  readonly moddle?: ModdleInstance;
  /** The document as a namespace-aware XML tree (for foreign extensions such as QBP and BPSim). */
  readonly xmlTree?: XmlElement;
  /** The file as text (decoded from the bytes, when bytes were given). */
  readonly text?: string;
  readonly issues: readonly ModelIssue[];
}

const NODE_KINDS: Readonly<Record<string, FlowNodeKind>> = {
  'bpmn:Task': 'task',
  'bpmn:UserTask': 'userTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:AdHocSubProcess': 'adHocSubProcess',
  'bpmn:Transaction': 'transaction',
  'bpmn:CallActivity': 'callActivity',
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:ComplexGateway': 'complexGateway',
};

const EVENT_DEFINITIONS: Readonly<Record<string, EventDefinitionKind>> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:CompensateEventDefinition': 'compensate',
  'bpmn:CancelEventDefinition': 'cancel',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:LinkEventDefinition': 'link',
};

const DATA_KINDS: Readonly<Record<string, DataElement['kind']>> = {
  'bpmn:DataObject': 'dataObject',
  'bpmn:DataObjectReference': 'dataObjectReference',
  'bpmn:DataStoreReference': 'dataStoreReference',
  'bpmn:DataInput': 'dataInput',
  'bpmn:DataOutput': 'dataOutput',
};

/** Turns moddle's "unparsable content <x> detected\n\tline: 0\n\tcolumn: 12\n\tnested error: ..." into parts. */
function describeModdleWarning(message: string): { text: string; line?: number; column?: number; subject?: string } {
  const line = /line: (\d+)/.exec(message);
  const column = /column: (\d+)/.exec(message);
  const nested = /nested error: (.*)/.exec(message);
  const subject = /<([^>]+)>/.exec(message)?.[1];
  const head = message.split('\n')[0]!.trim();
  const text = nested ? `${head}: ${nested[1]!.trim()}` : head;
  return {
    text,
    ...(line ? { line: Number(line[1]) + 1 } : {}),
    ...(column ? { column: Number(column[1]) + 1 } : {}),
    ...(subject ? { subject } : {}),
  };
}

const at = (line?: number, column?: number) => (line !== undefined ? ` (line ${line}${column !== undefined ? `, column ${column}` : ''})` : '');

/** Options of `parseBpmn`. */
export interface ParseOptions {
  /**
   * Why the file is read: `read` (the default) or `edit`, a private copy of the tree that the caller changes
   * (`applyEdits`), which a shared read cannot serve. Only reported to `observeXmlParses`.
   */
  readonly purpose?: 'read' | 'edit';
}

const parseListeners = new Set<(source: string | Uint8Array, purpose: 'read' | 'edit') => void>();

/**
 * Calls `listener` with the file (and why it is read) every time `parseBpmn` reads one in this thread, until the
 * returned function is called. For tests and benchmarks that count parses (one per document version); costs nothing while none listens.
 *
 * @example
 * const parsed: string[] = [];
 * const stop = observeXmlParses((xml) => parsed.push(String(xml)));
 */
export function observeXmlParses(listener: (source: string | Uint8Array, purpose: 'read' | 'edit') => void): () => void {
  parseListeners.add(listener);
  return () => void parseListeners.delete(listener);
}

/**
 * Reads a BPMN 2.0 file into a typed process graph.
 *
 * Never throws on user input: a file that is not XML, broken XML, XML that is not BPMN, unknown elements and
 * unresolved references all come back as `issues` (with line and column where known).
 *
 * @example
 * const { graph, issues } = await parseBpmn(xml);
 * if (graph) console.log(graph.nodes.filter((n) => n.kind === 'userTask').length);
 */
export async function parseBpmn(source: string | Uint8Array, options: ParseOptions = {}): Promise<BpmnParseResult> {
  for (const listener of parseListeners) listener(source, options.purpose ?? 'read');
  const prepared = prepareBpmnText(source);
  const { text: xml, xmlTree } = prepared;
  if (prepared.xml === undefined || !prepared.repair) return { ...(xmlTree ? { xmlTree } : {}), text: xml, issues: [...prepared.issues] };
  const moddle = createModdle();
  let definitions: ModdleElement;
  const issues: ModelIssue[] = [...prepared.issues];
  try {
    const result = await moddle.fromXML(prepared.xml);
    definitions = result.rootElement;
    const warnings = [...result.warnings] as ModdleReadWarning[];
    issues.push(...prepared.repair({ moddle, definitions, warnings, elementsById: result.elementsById as Record<string, ModdleElement> }).issues);
  } catch (error) {
    const parts = describeModdleWarning((error as Error).message);
    return {
      ...(xmlTree ? { xmlTree } : {}),
      text: xml,
      issues: [...prepared.issues, { code: 'bpmn.unreadable', severity: 'error', message: `The BPMN file cannot be read: ${parts.text}${at(parts.line, parts.column)}.` }],
    };
  }
  const graph = buildGraph(definitions, issues);
  return { graph, definitions, moddle, ...(xmlTree ? { xmlTree } : {}), text: xml, issues };
}

/** A warning as moddle's `fromXML` gives it (bpmn-js passes the same objects on in `import.parse.complete`). */
export interface ModdleReadWarning {
  readonly message: string;
  readonly element?: unknown;
  readonly property?: unknown;
  readonly value?: unknown;
}

/** What the repair after a read kept or left out. Names are qualified as written (`qbp:processSimulationInfo`). */
export interface ForeignContentReport {
  /** Foreign elements directly under `definitions` that moddle dropped and that are now kept as they are. */
  readonly kept: readonly string[];
  /** References moddle could not resolve, kept as written (`property -> id`). */
  readonly keptReferences: readonly string[];
  /** Extension elements without an XML namespace, removed because no writer can save them. */
  readonly dropped: readonly string[];
}

/** A moddle read of `PreparedBpmn.xml`, as moddle's `fromXML` or bpmn-js's `import.parse.complete` event gives it. */
export interface ModdleRead {
  readonly moddle: ModdleInstance;
  readonly definitions: ModdleElement;
  /**
   * moddle's warnings, changed in place: stand-in ids in messages become the file's ids, and warnings about what
   * the repair kept (a foreign element under definitions, a declared encoding already honoured) are removed.
   */
  readonly warnings: ModdleReadWarning[];
  /** moddle's id index (needed to put back ids moddle rejects); re-keyed in place to the file's ids. */
  readonly elementsById?: Record<string, ModdleElement>;
}

/** What `PreparedBpmn.repair` did. */
export interface ReadRepair extends ForeignContentReport {
  /** Everything found while reading, as parseBpmn reports it (after `PreparedBpmn.issues`). */
  readonly issues: ModelIssue[];
  /** incoming/outgoing references added to flow nodes of a file that wrote only sourceRef/targetRef. */
  readonly flowReferencesAdded: number;
  /** Ids moddle rejects (spaces, a leading digit) that were read under a stand-in and are now the file's own again. */
  readonly idsRestored: number;
}

/**
 * A file made ready for any moddle reader (parseBpmn's, bpmn-js's): the one read path the CLI and the studio share.
 * `xml` and `repair` are absent when the file cannot be read at all (then `issues` says why).
 */
export interface PreparedBpmn {
  /** The file as text (decoded as it declares, when bytes were given). */
  readonly text: string;
  /** What a moddle reader gets: the text with what moddle would drop or misread rewritten (or `text` itself). */
  readonly xml?: string;
  /** The document as a namespace-aware XML tree. */
  readonly xmlTree?: XmlElement;
  /** What was found before reading (decoding, rewrites are reported by `repair`). */
  readonly issues: readonly ModelIssue[];
  /** Run right after moddle has read `xml`, on what it read: puts back and completes what moddle lost. */
  readonly repair?: (read: ModdleRead) => ReadRepair;
  /**
   * `repair` as steps: each `next()` runs one step (the whole-model walks are steps of their own), the last returns
   * what `repair` returns. The studio runs one step per task on large files.
   */
  readonly repairInSteps?: (read: ModdleRead) => Generator<void, ReadRepair>;
}

/**
 * Prepares a BPMN file for reading: decodes it, checks it is well-formed BPMN within the nesting limit and rewrites
 * what moddle would drop. parseBpmn reads `xml` with its own moddle; the studio gives it to bpmn-js's `importXML`
 * and runs `repair` in `import.parse.complete`, so both hold the same document after reading.
 *
 * @example
 * const prepared = prepareBpmnText(text);
 * modeler.on('import.parse.complete', 1500, (e) => { prepared.repair?.({ moddle, definitions: e.definitions, warnings: e.warnings, elementsById: e.elementsById }); });
 * await modeler.importXML(prepared.xml ?? text);
 */
export function prepareBpmnText(source: string | Uint8Array): PreparedBpmn {
  const { xml, decoded } = decodeSource(source);
  return prepareParsed(xml, decoded, xml.trim() === '' ? undefined : parseXmlTree(xml));
}

/**
 * `prepareBpmnText` with the XML tree read in slices (`parseXmlTreeInSlices`), so that a large file does not hold the
 * thread for the whole read: the studio opens large diagrams this way. Gives the same result.
 *
 * @example
 * const prepared = await prepareBpmnTextInSlices(text, { now: () => performance.now(), pause: nextFrame });
 */
export async function prepareBpmnTextInSlices(source: string | Uint8Array, options: TreeSliceOptions & { readonly tree?: XmlParseResult }): Promise<PreparedBpmn> {
  const { xml, decoded } = decodeSource(source);
  // A tree read already (the studio's check before opening reads the same text) is not read twice.
  const tree = options.tree && typeof source === 'string' ? options.tree : undefined;
  return prepareParsed(xml, decoded, xml.trim() === '' ? undefined : (tree ?? (await parseXmlTreeInSlices(xml, options))));
}

function decodeSource(source: string | Uint8Array): { xml: string; decoded: ReturnType<typeof decodeXmlBytes> | undefined } {
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) throw new TypeError('parseBpmn expects the file content as a string or bytes');
  // Bytes are decoded as the file declares (ISO-8859-1, windows-1252...); undecodable bytes are an error with a line.
  const decoded = typeof source === 'string' ? undefined : decodeXmlBytes(source);
  return { xml: decoded?.text ?? (source as string), decoded };
}

/** The rest of `prepareBpmnText` once the tree is read (`tree` undefined: the text is empty). */
function prepareParsed(xml: string, decoded: ReturnType<typeof decodeXmlBytes> | undefined, tree: XmlParseResult | undefined): PreparedBpmn {
  const decodedIssues = decoded?.issues ?? [];
  const fail = (issue: ModelIssue, xmlTree?: XmlElement): PreparedBpmn => ({ text: xml, ...(xmlTree ? { xmlTree } : {}), issues: [...decodedIssues, issue] });
  if (!tree) return fail({ code: 'xml.empty', severity: 'error', message: 'The file is empty; a BPMN file is an XML document.' });
  if (!tree.ok) {
    const notXml = !xml.trimStart().startsWith('<');
    return fail(
      notXml
        ? { code: 'xml.notXml', severity: 'error', message: 'This is not an XML file; a BPMN file starts with "<?xml" or "<definitions".' }
        : { code: 'xml.malformed', severity: 'error', message: `The file is not well-formed XML: ${tree.message}${at(tree.line, tree.column)}.` },
    );
  }
  const root = tree.root;
  if (root.localName !== 'definitions' || root.uri !== BPMN_MODEL_URI) {
    const name = `${root.prefix ? `${root.prefix}:` : ''}${root.localName}`;
    return fail(
      {
        code: 'bpmn.notBpmn',
        severity: 'error',
        message: `This XML is not BPMN 2.0: its root element is <${name}>${root.uri ? ` in namespace ${root.uri}` : ''}, not <definitions> in namespace ${BPMN_MODEL_URI}.`,
      },
      root,
    );
  }
  // Everything after this point recurses on the nesting: refuse a file deeper than the documented limit first.
  const tooDeep = findTooDeep(root, MAX_XML_DEPTH);
  if (tooDeep) return fail(tooDeepIssue(tooDeep.element, tooDeep.depth), root);

  // What moddle would drop or misread is rewritten first (and reported); ids it rejects are put back after.
  const normalised = normaliseForModdle(root);
  return {
    text: xml,
    xml: normalised.xml ?? xml,
    xmlTree: root,
    issues: decodedIssues,
    repair: (read) => {
      const steps = repairRead(read, root, normalised, decoded !== undefined);
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
      }
    },
    repairInSteps: (read) => repairRead(read, root, normalised, decoded !== undefined),
  };
}

/** The steps after moddle's read, in this order for every reader: parseBpmn and the studio's editor alike. */
function* repairRead(read: ModdleRead, root: XmlElement, normalised: Normalisation, decodedFromBytes: boolean): Generator<void, ReadRepair> {
  const { moddle, definitions, warnings, elementsById } = read;
  const issues: ModelIssue[] = [];
  const original = (id: string) => normalised.originalIds.get(id) ?? id;
  const withOriginalIds = (message: string) => (normalised.originalIds.size ? message.replace(/lf_id_\d+_[\w.-]*/g, original) : message);
  let idsRestored = 0;
  if (elementsById) {
    for (const [standIn, id] of normalised.originalIds) {
      const element = elementsById[standIn];
      if (!element) continue;
      element.set('id', id);
      // An editor indexes the elements by this map (bpmn-js claims its ids): the file's ids, not the stand-ins.
      delete elementsById[standIn];
      elementsById[id] = element;
      idsRestored++;
    }
  }
  const keptReferences: string[] = [];
  for (let index = 0; index < warnings.length; index++) {
    const warning = warnings[index]!;
    // The declared encoding was honoured when decoding the bytes: moddle's note about it does not apply.
    if (decodedFromBytes && warning.message.startsWith('unsupported document encoding')) {
      warnings.splice(index--, 1);
      continue;
    }
    const issue = warningToIssue(warning, original);
    issues.push({ ...issue, message: withOriginalIds(issue.message) });
    if (normalised.originalIds.size) warnings[index] = { ...warning, message: withOriginalIds(warning.message) };
    if (warning.message.startsWith('unresolved reference') && keepUnresolvedReference(moddle, warning)) keptReferences.push(`${String(warning.property)} -> ${String(warning.value)}`);
  }
  issues.push(...normalised.issues);
  yield;
  yield* keepUnreadableNumbers(moddle, definitions, root, issues);
  yield;
  const flowReferencesAdded = completeFlowReferences(definitions, issues);
  const kept = preserveForeignRootChildren(moddle, definitions, root, issues);
  for (const name of kept) {
    const index = warnings.findIndex((w) => w.message.startsWith(`unparsable content <${name}>`));
    if (index !== -1) warnings.splice(index, 1);
  }
  yield;
  const dropped = yield* dropNamespacelessExtensions(definitions, issues);
  return { issues, kept, keptReferences, dropped, flowReferencesAdded, idsRestored };
}

function tooDeepIssue(element: XmlElement, depth: number): ModelIssue {
  const id = element.attributes.find((a) => a.localName === 'id' && a.uri === '')?.value;
  const name = `${element.prefix ? `${element.prefix}:` : ''}${element.localName}`;
  return { code: 'bpmn.tooDeep', severity: 'error', message: tooDeepMessage({ depth, name, ...(id !== undefined ? { id } : {}) }), ...(id ? { elementId: id } : {}) };
}

/**
 * moddle drops references it cannot resolve; a save would then lose them. Put back a placeholder with the id
 * as written (e.g. a QName like `semantic:Message_1` or an id another file defines) so it is written back unchanged.
 */
function keepUnresolvedReference(moddle: ModdleInstance, warning: { element?: unknown; property?: unknown; value?: unknown }): boolean {
  const element = warning.element as ModdleElement | undefined;
  const propertyName = warning.property;
  const id = warning.value;
  if (!element || typeof propertyName !== 'string' || typeof id !== 'string') return false;
  const descriptor = (moddle as unknown as { getElementDescriptor(e: unknown): { propertiesByName: Record<string, { name: string; type: string; isMany?: boolean }> } }).getElementDescriptor(element);
  const property = descriptor.propertiesByName[propertyName];
  if (!property) return false;
  let placeholder: ModdleElement;
  try {
    placeholder = moddle.create(property.type.includes(':') ? property.type : `bpmn:${property.type}`, { id });
  } catch {
    return false;
  }
  // Some reference types have no id property of their own (bpmn:InteractionNode, bpmn:ExtensionDefinition):
  // the writer still reads `id`, so it is set directly rather than written back as "undefined".
  if (placeholder['id'] !== id) placeholder['id'] = id;
  unresolvedPlaceholders.add(placeholder);
  if (property.isMany) element.set(property.name, [...(element.get(property.name) as unknown[]), placeholder]);
  else element.set(property.name, placeholder);
  return true;
}

function warningToIssue(warning: { message: string; element?: unknown; property?: unknown; value?: unknown }, original: (id: string) => string): ModelIssue {
  const message = warning.message;
  const parts = describeModdleWarning(message);
  if (message.startsWith('unresolved reference')) {
    // Name the element and the attribute that holds the reference, not only the missing id.
    const element = warning.element as ModdleElement | undefined;
    const holderId = typeof element?.['id'] === 'string' ? original(element['id']) : undefined;
    const property = typeof warning.property === 'string' ? warning.property.replace(/^bpmn:/, '') : undefined;
    const value = typeof warning.value === 'string' ? warning.value : parts.subject;
    const holder = element ? `${element.$type.replace(/^bpmn:/, '')}${holderId ? ` '${holderId}'` : ''}` : undefined;
    return {
      code: 'bpmn.unresolvedReference',
      severity: 'error',
      message: holder && property
        ? `${holder}, attribute ${property}: there is no element '${value}' in the file${at(parts.line, parts.column)}. The reference is kept as written.`
        : `The file refers to an element that does not exist: ${parts.text}${at(parts.line, parts.column)}.`,
      ...(holderId ? { elementId: holderId } : {}),
    };
  }
  if (message.startsWith('unsupported document encoding')) {
    return { code: 'xml.encoding', severity: 'info', message: `The file declares the encoding ${parts.subject ?? 'it uses'}; it is read and saved as UTF-8.` };
  }
  if (message.includes('duplicate ID')) {
    const id = /duplicate ID <([^>]+)>/.exec(message)?.[1] ?? '';
    return {
      code: 'bpmn.duplicateId',
      severity: 'error',
      message: `Two elements share the id '${id}'; the second one${at(parts.line, parts.column)} is ignored. Give each element its own id.`,
      elementId: id,
    };
  }
  return {
    code: 'bpmn.unknownContent',
    severity: 'warning',
    message: `Leanflow does not understand part of the file and will not keep it when saving: ${parts.text}${at(parts.line, parts.column)}.`,
  };
}

/**
 * Many exporters (BIMP among them) write only sourceRef/targetRef on sequence flows, without the optional
 * `incoming`/`outgoing` lists on the nodes. Linting, suggestions and edits read those lists, so they are completed
 * from the flows: such a file then behaves exactly like one that carries them.
 */
function completeFlowReferences(definitions: ModdleElement, issues: ModelIssue[]): number {
  let added = 0;
  const add = (node: unknown, property: 'incoming' | 'outgoing', flow: ModdleElement) => {
    if (typeof node !== 'object' || node === null || unresolvedPlaceholders.has(node) || !isType(node, 'bpmn:FlowNode')) return;
    const list = many(node, property);
    if (list.includes(flow)) return;
    node.set(property, [...list, flow]);
    added++;
  };
  const visit = (container: ModdleElement) => {
    for (const element of many(container, 'flowElements')) {
      if (isType(element, 'bpmn:SequenceFlow')) {
        add(element['sourceRef'], 'outgoing', element);
        add(element['targetRef'], 'incoming', element);
      } else if (isType(element, 'bpmn:SubProcess')) visit(element);
    }
  };
  for (const root of many(definitions, 'rootElements')) if (isType(root, 'bpmn:Process')) visit(root);
  if (added > 0) {
    issues.push({
      code: 'bpmn.flowReferencesCompleted',
      severity: 'info',
      message: `${added} incoming/outgoing reference(s) of flow nodes were missing (the file names sequence flows only by sourceRef/targetRef); they were completed from the flows and are written when saving.`,
    });
  }
  return added;
}

/**
 * moddle reads a number attribute that is empty or not a number (`loopMaximum=""`) as NaN and writes back "NaN".
 * Such values are kept as the attribute's original text instead, and reported.
 */
function* keepUnreadableNumbers(moddle: ModdleInstance, definitions: ModdleElement, root: XmlElement, issues: ModelIssue[]): Generator<void, void> {
  // The text as written, found through the element's id (built only when a bad number turns up).
  let byId: Map<string, XmlElement> | undefined;
  const rawValue = (id: string | undefined, name: string): string => {
    if (id === undefined) return '';
    if (!byId) {
      byId = new Map();
      const index = (e: XmlElement) => {
        const own = e.attributes.find((a) => a.uri === '' && a.localName === 'id')?.value;
        if (own !== undefined && !byId!.has(own)) byId!.set(own, e);
        for (const c of e.children) if (typeof c !== 'string') index(c);
      };
      index(root);
    }
    return byId.get(id)?.attributes.find((a) => a.uri === '' && a.localName === name)?.value ?? '';
  };
  const getDescriptor = (moddle as unknown as { getElementDescriptor(e: unknown): { properties: { name: string; ns: { localName: string }; type: string; isAttr?: boolean }[] } }).getElementDescriptor.bind(moddle);
  const seen = new WeakSet<object>();
  /** Checks one element's own attributes; its owned children, in order, or undefined when it is not walked. */
  const check = (element: ModdleElement): ModdleElement[] | undefined => {
    if (seen.has(element) || unresolvedPlaceholders.has(element)) return undefined;
    seen.add(element);
    let descriptor;
    try {
      descriptor = getDescriptor(element);
    } catch {
      return undefined;
    }
    for (const property of descriptor?.properties ?? []) {
      const value = element[property.name];
      if (typeof value === 'number' && Number.isNaN(value) && property.isAttr) {
        const id = typeof element['id'] === 'string' ? element['id'] : undefined;
        const raw = rawValue(id, property.ns.localName);
        element.set(property.name, undefined);
        delete element[property.name];
        if (element.$attrs) element.$attrs[property.ns.localName] = raw;
        issues.push({
          code: 'bpmn.invalidNumber',
          severity: 'warning',
          message: `${element.$type.replace(/^bpmn:/, '')}${id ? ` '${id}'` : ''}, attribute ${property.ns.localName}: "${raw}" is not a number; it is kept as written and ignored.`,
          ...(id ? { elementId: id } : {}),
        });
      }
    }
    const children: ModdleElement[] = [];
    for (const [key, value] of Object.entries(element)) {
      if (key === '$parent' || key === '$attrs' || key === '$model' || key === '$descriptor') continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'object' && item !== null && typeof (item as ModdleElement).$type === 'string' && (item as ModdleElement).$parent === element) children.push(item as ModdleElement);
      }
    }
    return children;
  };
  // Depth first in document order, as a recursive walk would go, with an explicit stack (a step every
  // WALK_STEP_ELEMENTS elements: a 20,000-element model is walked in slices by the studio).
  const stack: { readonly children: ModdleElement[]; next: number }[] = [];
  const first = check(definitions);
  if (first) stack.push({ children: first, next: 0 });
  let walked = 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.children.length) {
      stack.pop();
      continue;
    }
    const children = check(frame.children[frame.next++]!);
    if (children) stack.push({ children, next: 0 });
    if (++walked % WALK_STEP_ELEMENTS === 0) yield;
  }
}

/**
 * bpmn-moddle drops elements of foreign namespaces that sit directly under `definitions` (BIMP puts
 * `qbp:processSimulationInfo` there). We re-attach them as generic elements so they survive a save.
 */
function preserveForeignRootChildren(moddle: ModdleInstance, definitions: ModdleElement, root: XmlElement, issues: ModelIssue[]): string[] {
  const foreign = root.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && child.uri !== BPMN_MODEL_URI && !child.uri.startsWith('http://www.omg.org/spec/'),
  );
  if (foreign.length === 0) return [];
  const kept: string[] = [];
  const rootElements = many(definitions, 'rootElements');
  for (const element of foreign) {
    const name = `${element.prefix ? `${element.prefix}:` : ''}${element.localName}`;
    // Only what moddle dropped: an element it did read (a registered extension type) is already there.
    if (!issues.some((issue) => issue.code === 'bpmn.unknownContent' && issue.message.includes(`<${name}>`))) continue;
    rootElements.push(toGenericElement(moddle, element, definitions));
    // Replace moddle's "will be lost" warning for this element with a reassuring note.
    const index = issues.findIndex((issue) => issue.code === 'bpmn.unknownContent' && issue.message.includes(`<${name}>`));
    if (index !== -1) issues.splice(index, 1);
    issues.push({ code: 'bpmn.foreignKept', severity: 'info', message: `The foreign element <${name}> under definitions is kept as it is.` });
    kept.push(name);
  }
  definitions.set('rootElements', rootElements);
  return kept;
}

function qualified(element: { prefix: string; localName: string }): string {
  return element.prefix ? `${element.prefix}:${element.localName}` : element.localName;
}

function toGenericElement(moddle: ModdleInstance, element: XmlElement, parent: ModdleElement): ModdleElement {
  const properties: Record<string, unknown> = {};
  for (const attr of element.attributes) properties[qualified(attr)] = attr.value;
  for (const [prefix, uri] of Object.entries(element.declarations)) properties[prefix ? `xmlns:${prefix}` : 'xmlns'] = uri;
  const generic = moddle.createAny(qualified(element), element.uri, properties);
  generic.$parent = parent;
  const children = element.children.filter((c): c is XmlElement => typeof c !== 'string');
  if (children.length) generic.$children = children.map((child) => toGenericElement(moddle, child, generic));
  else {
    const body = element.children.join('');
    if (body.trim() !== '') generic.$body = body;
  }
  return generic;
}

/**
 * Elements in no XML namespace inside extensions (`<Grid xmlns="">`) get a made-up prefix from moddle that it
 * cannot write back, so saving would fail. We drop them with a warning rather than fail every save.
 */
function* dropNamespacelessExtensions(definitions: ModdleElement, issues: ModelIssue[]): Generator<void, string[]> {
  const declared = definitions.$attrs ?? {};
  const orphan = (value: unknown): boolean => {
    const type = (value as ModdleElement | undefined)?.$type;
    const prefix = typeof type === 'string' ? /^(ns\d+):/.exec(type)?.[1] : undefined;
    return prefix !== undefined && declared[`xmlns:${prefix}`] === undefined;
  };
  const dropped = new Set<string>();
  const seen = new WeakSet<object>();
  // What a recursive walk does, with an explicit stack: for each property in order, a list loses its orphans and its
  // elements are walked, then a single element is walked; a step every WALK_STEP_ELEMENTS elements.
  interface Frame {
    readonly entries: [string, unknown][];
    entry: number;
    /** The kept elements of the list property being walked, and the next one. */
    items: readonly unknown[] | undefined;
    item: number;
  }
  const enter = (element: ModdleElement): Frame | undefined => {
    if (seen.has(element)) return undefined;
    seen.add(element);
    return { entries: Object.entries(element), entry: 0, items: undefined, item: 0 };
  };
  const stack: Frame[] = [];
  const first = enter(definitions);
  if (first) stack.push(first);
  let walked = 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    let next: ModdleElement | undefined;
    if (frame.items) {
      if (frame.item < frame.items.length) {
        const item = frame.items[frame.item++];
        if (typeof item === 'object' && item !== null && '$type' in item) next = item as ModdleElement;
      } else frame.items = undefined;
    } else if (frame.entry < frame.entries.length) {
      const [key, value] = frame.entries[frame.entry++]!;
      if (key === '$parent' || key === '$attrs') continue;
      if (Array.isArray(value)) {
        const kept = value.filter((item) => {
          if (!orphan(item)) return true;
          dropped.add(((item as ModdleElement).$type).replace(/^ns\d+:/, ''));
          return false;
        });
        if (kept.length !== value.length) value.splice(0, value.length, ...kept);
        frame.items = kept;
        frame.item = 0;
      } else if (typeof value === 'object' && value !== null && '$type' in value && !unresolvedPlaceholders.has(value)) {
        next = value as ModdleElement;
      }
    } else {
      stack.pop();
      continue;
    }
    if (!next) continue;
    const child = enter(next);
    if (child) stack.push(child);
    if (++walked % WALK_STEP_ELEMENTS === 0) yield;
  }
  for (const name of dropped) {
    issues.push({
      code: 'bpmn.unknownContent',
      severity: 'warning',
      message: `Leanflow does not understand part of the file and will not keep it when saving: unparsable content <${name}> detected: the element has no XML namespace.`,
    });
  }
  return [...dropped];
}

/** Elements the repair's whole-model walks visit per step (about a millisecond's work on a quiet machine). */
const WALK_STEP_ELEMENTS = 500;

interface Builder {
  readonly issues: ModelIssue[];
  readonly nodes: FlowNode[];
  readonly flows: SequenceFlow[];
  readonly dataElements: DataElement[];
  readonly dataAssociations: DataAssociation[];
  readonly lanes: Lane[];
  /** node id -> lane depth, so the innermost lane wins. */
  readonly laneDepth: Map<string, number>;
  readonly laneOf: Map<string, string>;
}

function buildGraph(definitions: ModdleElement, issues: ModelIssue[]): ProcessGraph {
  const builder: Builder = { issues, nodes: [], flows: [], dataElements: [], dataAssociations: [], lanes: [], laneDepth: new Map(), laneOf: new Map() };
  const processes: Process[] = [];
  const participants: Participant[] = [];
  const messageFlows: MessageFlow[] = [];

  for (const rootElement of many(definitions, 'rootElements')) {
    if (isType(rootElement, 'bpmn:Process')) {
      const id = text(rootElement, 'id') ?? '';
      const laneIds: string[] = [];
      for (const laneSet of many(rootElement, 'laneSets')) collectLanes(builder, laneSet, id, undefined, 0, laneIds);
      const flowNodeIds = collectFlowElements(builder, rootElement, id, undefined);
      processes.push({
        id,
        ...optionalName(rootElement),
        isExecutable: rootElement['isExecutable'] === true,
        laneIds,
        flowNodeIds,
      });
      for (const data of [...many(rootElement['ioSpecification'] as ModdleElement | undefined, 'dataInputs'), ...many(rootElement['ioSpecification'] as ModdleElement | undefined, 'dataOutputs')]) {
        addData(builder, data, id);
      }
    } else if (isType(rootElement, 'bpmn:Collaboration')) {
      for (const participant of many(rootElement, 'participants')) {
        const processId = refId(participant, 'processRef');
        participants.push({ id: text(participant, 'id') ?? '', ...optionalName(participant), ...(processId ? { processId } : {}) });
      }
      for (const flow of many(rootElement, 'messageFlows')) {
        const sourceId = refId(flow, 'sourceRef');
        const targetId = refId(flow, 'targetRef');
        const id = text(flow, 'id') ?? '';
        if (!sourceId || !targetId) {
          issues.push({ code: 'messageFlow.unconnected', severity: 'error', message: `Message flow '${displayName(flow)}' is not connected at both ends.`, elementId: id });
          continue;
        }
        messageFlows.push({ id, ...optionalName(flow), sourceId, targetId });
      }
    }
  }

  // Incoming/outgoing come from the flows themselves: some tools omit the <incoming>/<outgoing> refs.
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const flow of builder.flows) {
    (outgoing.get(flow.sourceId) ?? outgoing.set(flow.sourceId, []).get(flow.sourceId)!).push(flow.id);
    (incoming.get(flow.targetId) ?? incoming.set(flow.targetId, []).get(flow.targetId)!).push(flow.id);
  }
  const boundaryByHost = new Map<string, string[]>();
  for (const node of builder.nodes) {
    if (node.attachedToId) (boundaryByHost.get(node.attachedToId) ?? boundaryByHost.set(node.attachedToId, []).get(node.attachedToId)!).push(node.id);
  }
  const nodes = builder.nodes.map((node): FlowNode => {
    const laneId = builder.laneOf.get(node.id);
    return {
      ...node,
      ...(laneId ? { laneId } : {}),
      incoming: incoming.get(node.id) ?? [],
      outgoing: outgoing.get(node.id) ?? [],
      boundaryEventIds: boundaryByHost.get(node.id) ?? [],
    };
  });
  const lanes = builder.lanes.map((lane) => ({ ...lane, flowNodeIds: lane.flowNodeIds.filter((id) => builder.laneOf.get(id) === lane.id) }));

  return {
    ...(text(definitions, 'id') ? { definitionsId: text(definitions, 'id')! } : {}),
    ...optionalName(definitions),
    processes,
    participants,
    lanes,
    nodes,
    flows: builder.flows,
    messageFlows,
    dataElements: builder.dataElements,
    dataAssociations: builder.dataAssociations,
  };
}

/** Names as one line: diagram labels often contain line breaks that only make sense inside a shape. */
function optionalName(element: ModdleElement): { name?: string } {
  const name = text(element, 'name')?.replace(/\s+/g, ' ').trim();
  return name ? { name } : {};
}

function displayName(element: ModdleElement): string {
  return text(element, 'name')?.replace(/\s+/g, ' ').trim() || text(element, 'id') || element.$type;
}

function collectLanes(builder: Builder, laneSet: ModdleElement, processId: string, parentLaneId: string | undefined, depth: number, laneIds: string[]): void {
  for (const lane of many(laneSet, 'lanes')) {
    const id = text(lane, 'id') ?? '';
    laneIds.push(id);
    const flowNodeIds: string[] = [];
    for (const ref of many(lane, 'flowNodeRef')) {
      const nodeId = text(ref, 'id');
      if (!nodeId) continue;
      flowNodeIds.push(nodeId);
      // The innermost (deepest) lane that lists a node is its lane.
      if ((builder.laneDepth.get(nodeId) ?? -1) < depth) {
        builder.laneDepth.set(nodeId, depth);
        builder.laneOf.set(nodeId, id);
      }
    }
    builder.lanes.push({ id, ...optionalName(lane), processId, ...(parentLaneId ? { parentLaneId } : {}), flowNodeIds });
    const child = lane['childLaneSet'] as ModdleElement | undefined;
    if (child) collectLanes(builder, child, processId, id, depth + 1, laneIds);
  }
}

function addData(builder: Builder, element: ModdleElement, processId: string | undefined): void {
  const kind = DATA_KINDS[element.$type];
  if (!kind) return;
  builder.dataElements.push({ id: text(element, 'id') ?? '', ...optionalName(element), kind, ...(processId ? { processId } : {}) });
}

/** Collects flow elements of a process or sub-process; returns the ids of the flow nodes directly inside. */
function collectFlowElements(builder: Builder, container: ModdleElement, processId: string, parentId: string | undefined): string[] {
  const direct: string[] = [];
  for (const element of many(container, 'flowElements')) {
    const id = text(element, 'id') ?? '';
    if (isType(element, 'bpmn:SequenceFlow')) {
      const sourceId = refId(element, 'sourceRef');
      const targetId = refId(element, 'targetRef');
      if (!sourceId || !targetId) {
        builder.issues.push({
          code: 'flow.unconnected',
          severity: 'error',
          message: `Sequence flow '${displayName(element)}' has no ${sourceId ? 'target' : 'source'}; connect it at both ends.`,
          elementId: id,
        });
        continue;
      }
      const condition = (element['conditionExpression'] as ModdleElement | undefined)?.['body'];
      builder.flows.push({
        id,
        ...optionalName(element),
        sourceId,
        targetId,
        processId,
        ...(parentId ? { parentId } : {}),
        ...(typeof condition === 'string' && condition.trim() ? { condition: condition.trim() } : {}),
        isDefault: refId(element['sourceRef'] as ModdleElement, 'default') === id,
      });
    } else if (isType(element, 'bpmn:FlowNode')) {
      direct.push(id);
      builder.nodes.push(toFlowNode(element, processId, parentId));
      builder.dataAssociations.push(...dataAssociationsOf(element, id));
      if (isType(element, 'bpmn:SubProcess')) {
        for (const laneSet of many(element, 'laneSets')) collectLanes(builder, laneSet, processId, undefined, 0, []);
        collectFlowElements(builder, element, processId, id);
      }
    } else {
      addData(builder, element, processId);
    }
  }
  return direct;
}

/** What a flow node reads (input associations, from their sources) and writes (output associations, to their target). */
function dataAssociationsOf(element: ModdleElement, nodeId: string): DataAssociation[] {
  const associations: DataAssociation[] = [];
  const add = (association: ModdleElement, direction: DataAssociation['direction'], ref: unknown) => {
    if (typeof ref !== 'object' || ref === null) return;
    const data = ref as ModdleElement;
    const target = (data['dataObjectRef'] ?? data['dataStoreRef']) as ModdleElement | undefined;
    const dataId = text(target, 'id') ?? text(data, 'id');
    if (!dataId) return;
    const referenceId = target ? text(data, 'id') : undefined;
    associations.push({ id: text(association, 'id') ?? '', direction, nodeId, dataId, ...(referenceId ? { referenceId } : {}) });
  };
  for (const association of many(element, 'dataInputAssociations')) for (const source of many(association, 'sourceRef')) add(association, 'input', source);
  for (const association of many(element, 'dataOutputAssociations')) add(association, 'output', association['targetRef']);
  return associations;
}

function toFlowNode(element: ModdleElement, processId: string, parentId: string | undefined): FlowNode {
  const kind = NODE_KINDS[element.$type] ?? 'task';
  const definitions = many(element, 'eventDefinitions');
  const eventDefinitions = definitions.map((d) => EVENT_DEFINITIONS[d.$type]).filter((k): k is EventDefinitionKind => k !== undefined);
  const timerDefinition = definitions.find((d) => isType(d, 'bpmn:TimerEventDefinition'));
  let timer: FlowNode['timer'];
  if (timerDefinition) {
    for (const [property, timerKind] of [['timeDuration', 'duration'], ['timeDate', 'date'], ['timeCycle', 'cycle']] as const) {
      const expression = (timerDefinition[property] as ModdleElement | undefined)?.['body'];
      if (typeof expression === 'string' && expression.trim()) timer = { kind: timerKind, expression: expression.trim() };
    }
  }
  const eventTrigger = triggerOf(definitions);
  const loopElement = element['loopCharacteristics'] as ModdleElement | undefined;
  let loop: LoopCharacteristics | undefined;
  if (isType(loopElement, 'bpmn:StandardLoopCharacteristics')) loop = { kind: 'standard' };
  else if (isType(loopElement, 'bpmn:MultiInstanceLoopCharacteristics')) loop = { kind: 'multiInstance', sequential: loopElement['isSequential'] === true };
  const attachedToId = refId(element, 'attachedToRef');
  const defaultFlowId = refId(element, 'default');
  const calledElement = text(element, 'calledElement');
  return {
    id: text(element, 'id') ?? '',
    ...optionalName(element),
    kind,
    bpmnType: element.$type,
    processId,
    ...(parentId ? { parentId } : {}),
    incoming: [],
    outgoing: [],
    eventDefinitions,
    ...(kind === 'boundaryEvent' && attachedToId ? { attachedToId, cancelActivity: element['cancelActivity'] !== false } : {}),
    boundaryEventIds: [],
    ...(loop ? { loop } : {}),
    ...(defaultFlowId ? { defaultFlowId } : {}),
    ...(isType(element, 'bpmn:SubProcess') && element['triggeredByEvent'] === true ? { triggeredByEvent: true } : {}),
    ...(calledElement ? { calledElement } : {}),
    ...(element['isForCompensation'] === true ? { isForCompensation: true } : {}),
    ...(eventTrigger !== undefined ? { eventTrigger } : {}),
    ...(kind === 'startEvent' && element['isInterrupting'] === false ? { isInterrupting: false } : {}),
    ...(timer ? { timer } : {}),
  };
}

/** The match key of an error, escalation, signal or link definition (see `FlowNode.eventTrigger`). */
function triggerOf(definitions: readonly ModdleElement[]): string | undefined {
  for (const definition of definitions) {
    if (isType(definition, 'bpmn:LinkEventDefinition')) return text(definition, 'name');
    const [property, code] = isType(definition, 'bpmn:ErrorEventDefinition')
      ? ['errorRef', 'errorCode']
      : isType(definition, 'bpmn:EscalationEventDefinition')
        ? ['escalationRef', 'escalationCode']
        : isType(definition, 'bpmn:SignalEventDefinition')
          ? ['signalRef', 'name']
          : [undefined, undefined];
    if (property === undefined) continue;
    const id = refId(definition, property);
    if (id === undefined) return undefined;
    return text(definition[property] as ModdleElement, code) ?? id;
  }
  return undefined;
}
