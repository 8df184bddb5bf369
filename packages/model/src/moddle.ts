// The moddle instance we read and write BPMN with, extended by our own namespace (`lf`).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient typings must reach every program that imports this package
/// <reference path="./vendor.d.ts" />
import { BpmnModdle, type ModdleElement, type ModdleInstance } from 'bpmn-moddle';

export type { ModdleElement, ModdleInstance };

/** Our XML namespace. Versioned in the URI: a breaking layout change gets a new URI. */
export const LEANFLOW_NAMESPACE_URI = 'https://leanflow.dev/schema/bpmn/1.0';
export const LEANFLOW_PREFIX = 'lf';
export const BPMN_MODEL_URI = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/**
 * The moddle package descriptor of the `lf` namespace. Pass it to bpmn-js as
 * `moddleExtensions: { lf: leanflowModdleDescriptor }` so the studio reads and writes the same elements.
 *
 * Layout (inside the `bpmn:extensionElements` of the collaboration, or of the first process when there is none):
 * `<lf:scenarios active="ID"><lf:scenario id="ID" name="NAME">{JSON}</lf:scenario>...</lf:scenarios>`, and next to
 * it at most one `<lf:scorecardProfile id="ID" name="NAME" format="json">{JSON}</lf:scorecardProfile>` (the
 * weights, thresholds and enabled rules the scorecard uses for this file).
 */
export const leanflowModdleDescriptor = {
  name: 'Leanflow',
  prefix: LEANFLOW_PREFIX,
  uri: LEANFLOW_NAMESPACE_URI,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  enumerations: [],
  types: [
    {
      name: 'Scenarios',
      superClass: ['Element'],
      properties: [
        { name: 'active', isAttr: true, type: 'String' },
        { name: 'scenarios', type: 'Scenario', isMany: true },
      ],
    },
    {
      name: 'Scenario',
      superClass: ['Element'],
      properties: [
        { name: 'id', isAttr: true, type: 'String' },
        { name: 'name', isAttr: true, type: 'String' },
        { name: 'format', isAttr: true, type: 'String' },
        { name: 'body', isBody: true, type: 'String' },
      ],
    },
    {
      name: 'ScorecardProfile',
      superClass: ['Element'],
      properties: [
        { name: 'id', isAttr: true, type: 'String' },
        { name: 'name', isAttr: true, type: 'String' },
        { name: 'format', isAttr: true, type: 'String' },
        { name: 'body', isBody: true, type: 'String' },
      ],
    },
  ],
} as const;

/** A fresh moddle that knows BPMN 2.0, DI, bpmn.io colours and our `lf` namespace. */
export function createModdle(): ModdleInstance {
  return BpmnModdle({ lf: leanflowModdleDescriptor });
}

/** Whether a moddle element is (a subtype of) the given type, e.g. `bpmn:Activity`. */
export function isType(element: unknown, type: string): element is ModdleElement {
  if (typeof element !== 'object' || element === null) return false;
  const candidate = element as ModdleElement;
  return typeof candidate.$instanceOf === 'function' ? candidate.$instanceOf(type) : candidate.$type === type;
}

/** A many-valued property as an array (moddle leaves absent collections undefined). */
export function many(element: ModdleElement | undefined, property: string): ModdleElement[] {
  const value = element?.[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

/** A string property, when set and non-empty. */
export function text(element: ModdleElement | undefined, property: string): string | undefined {
  const value = element?.[property];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Placeholders for references moddle could not resolve. We keep them so saving writes the reference back as it
 * was; the graph treats them as missing.
 */
export const unresolvedPlaceholders = new WeakSet<object>();

/** A reference property's target id, when resolved to a real element. */
export function refId(element: ModdleElement | undefined, property: string): string | undefined {
  const value = element?.[property];
  if (typeof value === 'object' && value !== null && unresolvedPlaceholders.has(value)) return undefined;
  if (typeof value === 'object' && value !== null && typeof (value as ModdleElement)['id'] === 'string') return (value as ModdleElement)['id'] as string;
  return undefined;
}
