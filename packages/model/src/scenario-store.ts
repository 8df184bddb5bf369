// Reading and writing scenarios in the file, inside our own `lf` namespace (see moddle.ts for the layout).
import type { ModelIssue } from './graph.ts';
import { isType, many, text, type ModdleElement, type ModdleInstance } from './moddle.ts';
import { parseBpmn } from './parse.ts';
import { ScenarioSchema, type Scenario, type ScenarioInput } from './scenario.ts';
import { zodIssuesToModelIssues } from './scenario-validate.ts';
import { escapeRawWhitespaceInAttributes } from './xml-tree.ts';

/** Scenarios found in a file, the active one, and problems reading them. */
export interface StoredScenarios {
  readonly scenarios: Scenario[];
  /** The scenario the file marks active (the first one when none is marked). */
  readonly activeScenarioId?: string;
  readonly issues: ModelIssue[];
}

/** The elements that may carry our scenarios (and scorecard profile): collaborations first, then processes. */
export function scenarioHosts(definitions: ModdleElement): ModdleElement[] {
  const roots = many(definitions, 'rootElements');
  return [...roots.filter((r) => isType(r, 'bpmn:Collaboration')), ...roots.filter((r) => isType(r, 'bpmn:Process'))];
}

function scenarioContainers(host: ModdleElement): ModdleElement[] {
  return many(host['extensionElements'] as ModdleElement | undefined, 'values').filter((v) => v.$type === 'lf:Scenarios');
}

/**
 * Reads the scenarios stored with the `lf` extension. A scenario that is not valid JSON or does not match the
 * schema is reported as an issue (with the scenario's name) and left out of `scenarios`.
 *
 * @example
 * const { scenarios, activeScenarioId } = readScenarios(parsed.definitions!);
 */
export function readScenarios(definitions: ModdleElement): StoredScenarios {
  const scenarios: Scenario[] = [];
  const issues: ModelIssue[] = [];
  let activeScenarioId: string | undefined;
  for (const host of scenarioHosts(definitions)) {
    for (const container of scenarioContainers(host)) {
      activeScenarioId ??= text(container, 'active');
      for (const element of many(container, 'scenarios')) {
        const id = text(element, 'id') ?? '';
        const name = text(element, 'name') ?? id;
        let body: unknown = {};
        const raw = text(element, 'body')?.trim();
        if (raw) {
          try {
            body = JSON.parse(raw);
          } catch (error) {
            issues.push({ code: 'scenario.unreadable', severity: 'error', message: `Scenario '${name}' in the file is damaged and was not loaded: ${(error as Error).message}.` });
            continue;
          }
        }
        const parsed = ScenarioSchema.safeParse({ ...(typeof body === 'object' && body !== null ? body : {}), id, name });
        if (!parsed.success) {
          issues.push(...zodIssuesToModelIssues(parsed.error.issues).map((issue) => ({ ...issue, message: `Scenario '${name}': ${issue.message}` })));
          issues.push({ code: 'scenario.invalid', severity: 'error', message: `Scenario '${name}' in the file has invalid values and was not loaded.` });
          continue;
        }
        scenarios.push(parsed.data);
      }
    }
  }
  if (activeScenarioId !== undefined && !scenarios.some((s) => s.id === activeScenarioId)) activeScenarioId = undefined;
  activeScenarioId ??= scenarios[0]?.id;
  return { scenarios, ...(activeScenarioId !== undefined ? { activeScenarioId } : {}), issues };
}

/**
 * The JSON stored in an `lf:scenario` body: everything but `id` and `name`, which are attributes. Pretty-printed so
 * a change to one parameter is a one-line diff when teams keep their .bpmn files in version control.
 */
function scenarioBody(scenario: Scenario): string {
  const { id: _id, name: _name, ...rest } = scenario;
  return JSON.stringify(rest, null, 2);
}

/**
 * Replaces the scenarios stored in `definitions` (in place). They go into the extension elements of the
 * collaboration, or of the first process when there is no collaboration; old `lf:scenarios` elements anywhere
 * are removed. Everything else in the file is untouched. Programmer errors (no process at all, duplicate ids)
 * throw; validate scenarios with `validateScenario` first.
 */
export function writeScenarios(
  moddle: ModdleInstance,
  definitions: ModdleElement,
  scenarios: readonly ScenarioInput[],
  options: { activeScenarioId?: string } = {},
): void {
  const hosts = scenarioHosts(definitions);
  const host = hosts[0];
  if (!host) throw new Error('writeScenarios: the definitions have no collaboration or process to store scenarios in');
  const parsed = scenarios.map((s) => ScenarioSchema.parse(s));
  const ids = new Set(parsed.map((s) => s.id));
  if (ids.size !== parsed.length) throw new Error('writeScenarios: scenario ids must be unique');
  removeExtensionElements(hosts, 'lf:Scenarios');
  if (parsed.length === 0) return;
  const container = moddle.create('lf:Scenarios', {
    ...(options.activeScenarioId ?? parsed[0]?.id ? { active: options.activeScenarioId ?? parsed[0]!.id } : {}),
    scenarios: parsed.map((s) => moddle.create('lf:Scenario', { id: s.id, name: s.name, format: 'json', body: scenarioBody(s) })),
  });
  for (const scenario of many(container, 'scenarios')) scenario.$parent = container;
  appendExtensionElement(moddle, host, container);
}

/** Removes our extension elements of `type` from every host (an emptied extensionElements we created goes too). */
export function removeExtensionElements(hosts: readonly ModdleElement[], type: string): void {
  for (const candidate of hosts) {
    const extensions = candidate['extensionElements'] as ModdleElement | undefined;
    if (!extensions) continue;
    const kept = many(extensions, 'values').filter((v) => v.$type !== type);
    extensions.set('values', kept);
    // An emptied extensionElements we created earlier would serialise as an empty element; drop it.
    if (kept.length === 0 && extensions['$leanflowCreated'] === true) candidate.set('extensionElements', undefined);
  }
}

/** Appends `element` to the host's extensionElements, creating them (marked as ours) when the host has none. */
export function appendExtensionElement(moddle: ModdleInstance, host: ModdleElement, element: ModdleElement): void {
  let extensions = host['extensionElements'] as ModdleElement | undefined;
  if (!extensions) {
    extensions = moddle.create('bpmn:ExtensionElements', { values: [] });
    extensions['$leanflowCreated'] = true;
    extensions.$parent = host;
    host.set('extensionElements', extensions);
  }
  element.$parent = extensions;
  extensions.set('values', [...many(extensions, 'values'), element]);
}

/**
 * Writes the definitions back to BPMN XML (pretty-printed). Foreign extensions the file had are kept.
 *
 * @example
 * const xml = await serializeBpmn(moddle, definitions);
 */
export async function serializeBpmn(moddle: ModdleInstance, definitions: ModdleElement): Promise<string> {
  const { xml } = await moddle.toXML(definitions, { format: true });
  // moddle writes \r and tabs inside attribute values raw; readers would see spaces.
  return escapeRawWhitespaceInAttributes(xml);
}

/**
 * Parses `xml`, replaces its scenarios and returns the new XML. Returns issues instead of XML when the file
 * cannot be read.
 *
 * @example
 * const { xml } = await saveScenariosToXml(original, [scenario]);
 */
export async function saveScenariosToXml(
  xml: string,
  scenarios: readonly ScenarioInput[],
  options: { activeScenarioId?: string } = {},
): Promise<{ xml?: string; issues: readonly ModelIssue[] }> {
  const parsed = await parseBpmn(xml);
  if (!parsed.definitions || !parsed.moddle) return { issues: parsed.issues };
  if (scenarioHosts(parsed.definitions).length === 0) {
    return { issues: [...parsed.issues, { code: 'scenario.noHost', severity: 'error', message: 'The file has no process, so there is nowhere to store a scenario.' }] };
  }
  writeScenarios(parsed.moddle, parsed.definitions, scenarios, options);
  return { xml: await serializeBpmn(parsed.moddle, parsed.definitions), issues: parsed.issues };
}
