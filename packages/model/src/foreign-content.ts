// Keeping what a plain bpmn-moddle read drops, for any moddle instance (bpmn-js's included), so an editor that
// reads a file with its own moddle saves the same document the CLI does. Additive: parseBpmn keeps its own copy of
// these steps for now; both must stay equivalent (foreign-content.test.ts compares them on every fixture).
import { BPMN_MODEL_URI, many, unresolvedPlaceholders, type ModdleElement, type ModdleInstance } from './moddle.ts';
import { parseXmlTree, type XmlElement } from './xml-tree.ts';

/** A warning as moddle's `fromXML` gives it (bpmn-js passes the same objects on in `import.parse.complete`). */
export interface ModdleReadWarning {
  readonly message: string;
  readonly element?: unknown;
  readonly property?: unknown;
  readonly value?: unknown;
}

/** What `keepForeignContent` did. Names are qualified as written (`qbp:processSimulationInfo`). */
export interface ForeignContentReport {
  /** Foreign elements directly under `definitions` that moddle dropped and that are now kept as they are. */
  readonly kept: readonly string[];
  /** References moddle could not resolve, kept as written (`property -> id`). */
  readonly keptReferences: readonly string[];
  /** Extension elements without an XML namespace, removed because no writer can save them. */
  readonly dropped: readonly string[];
}

const qualified = (element: { prefix: string; localName: string }) => (element.prefix ? `${element.prefix}:${element.localName}` : element.localName);

/**
 * Puts back what moddle's reader leaves out, in place: foreign elements directly under `definitions` (BIMP's
 * `qbp:processSimulationInfo`) as generic elements, unresolved references as placeholders written back unchanged;
 * and removes extension elements in no namespace (`<Grid xmlns="">`), which would make every save fail.
 * `warnings` is moddle's list: the warnings about what is now kept are removed from it.
 *
 * @example
 * modeler.on('import.parse.complete', ({ definitions, warnings }) => {
 *   keepForeignContent(modeler.get('moddle'), definitions, xml, warnings);
 * });
 */
export function keepForeignContent(moddle: ModdleInstance, definitions: ModdleElement, xml: string, warnings: ModdleReadWarning[]): ForeignContentReport {
  const kept = keepForeignRootChildren(moddle, definitions, xml, warnings);
  const keptReferences = keepUnresolvedReferences(moddle, warnings);
  const dropped = dropNamespacelessExtensions(definitions);
  return { kept, keptReferences, dropped };
}

function keepForeignRootChildren(moddle: ModdleInstance, definitions: ModdleElement, xml: string, warnings: ModdleReadWarning[]): string[] {
  // Parse the text again only when moddle skipped something.
  if (!warnings.some((w) => w.message.startsWith('unparsable content'))) return [];
  const tree = parseXmlTree(xml);
  if (!tree.ok) return [];
  const foreign = tree.root.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && child.uri !== BPMN_MODEL_URI && !child.uri.startsWith('http://www.omg.org/spec/'),
  );
  const rootElements = many(definitions, 'rootElements');
  const kept: string[] = [];
  for (const element of foreign) {
    const name = qualified(element);
    const warning = warnings.findIndex((w) => w.message.startsWith(`unparsable content <${name}>`));
    // Only what moddle dropped: an element it did read (a registered extension type) is already there.
    if (warning === -1) continue;
    warnings.splice(warning, 1);
    rootElements.push(toGenericElement(moddle, element, definitions));
    kept.push(name);
  }
  if (kept.length) definitions.set('rootElements', rootElements);
  return kept;
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

interface Descriptor {
  propertiesByName: Record<string, { name: string; type: string; isMany?: boolean }>;
}

function keepUnresolvedReferences(moddle: ModdleInstance, warnings: readonly ModdleReadWarning[]): string[] {
  const kept: string[] = [];
  for (const warning of warnings) {
    if (!warning.message.startsWith('unresolved reference')) continue;
    const element = warning.element as ModdleElement | undefined;
    const { property: propertyName, value: id } = warning;
    if (!element || typeof propertyName !== 'string' || typeof id !== 'string') continue;
    const property = (moddle as unknown as { getElementDescriptor(e: unknown): Descriptor }).getElementDescriptor(element).propertiesByName[propertyName];
    if (!property) continue;
    let placeholder: ModdleElement;
    try {
      placeholder = moddle.create(property.type.includes(':') ? property.type : `bpmn:${property.type}`, { id });
    } catch {
      continue;
    }
    unresolvedPlaceholders.add(placeholder);
    if (property.isMany) element.set(property.name, [...((element.get(property.name) as unknown[] | undefined) ?? []), placeholder]);
    else element.set(property.name, placeholder);
    kept.push(`${propertyName} -> ${id}`);
  }
  return kept;
}

function dropNamespacelessExtensions(definitions: ModdleElement): string[] {
  const declared = definitions.$attrs ?? {};
  const orphan = (value: unknown): boolean => {
    const type = (value as ModdleElement | undefined)?.$type;
    const prefix = typeof type === 'string' ? /^(ns\d+):/.exec(type)?.[1] : undefined;
    return prefix !== undefined && declared[`xmlns:${prefix}`] === undefined;
  };
  const dropped = new Set<string>();
  const seen = new WeakSet<object>();
  const visit = (element: ModdleElement) => {
    if (seen.has(element)) return;
    seen.add(element);
    for (const [key, value] of Object.entries(element)) {
      if (key === '$parent' || key === '$attrs') continue;
      if (Array.isArray(value)) {
        const keptItems = value.filter((item) => {
          if (!orphan(item)) return true;
          dropped.add((item as ModdleElement).$type.replace(/^ns\d+:/, ''));
          return false;
        });
        if (keptItems.length !== value.length) value.splice(0, value.length, ...keptItems);
        for (const item of keptItems) if (typeof item === 'object' && item !== null && '$type' in item) visit(item as ModdleElement);
      } else if (typeof value === 'object' && value !== null && '$type' in value && !unresolvedPlaceholders.has(value)) {
        visit(value as ModdleElement);
      }
    }
  };
  visit(definitions);
  return [...dropped];
}
