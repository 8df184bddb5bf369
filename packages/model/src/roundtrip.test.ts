// Saving keeps everything: parse every MIWG file, store our scenarios, serialise, and compare the XML trees.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LEANFLOW_NAMESPACE_URI,
  createDefaultScenario,
  parseBpmn,
  parseXmlTree,
  readScenarios,
  readScorecardProfile,
  serializeBpmn,
  writeScenarios,
  writeScorecardProfile,
  type XmlElement,
} from './index.ts';
// Package-internal: the same schema defaults the save audit uses (not part of the public entry).
import { schemaDefaults } from './conformance.ts';

const PROFILE = { id: 'team', name: 'Team profile', weights: { 'manual-steps': 5 }, thresholds: { 'manual-steps': { target: 6 } }, enabledRules: ['manual-steps', 'hand-offs'] };

const fixturesDir = process.env['LEANFLOW_FIXTURES'] ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? bpmnFiles(join(dir, entry.name)) : entry.name.endsWith('.bpmn') ? [join(dir, entry.name)] : [],
  );
}

const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const PREFIX_OF_URI: Record<string, string> = {
  [BPMN_MODEL]: 'bpmn',
  'http://www.omg.org/spec/BPMN/20100524/DI': 'bpmndi',
  'http://www.omg.org/spec/DD/20100524/DC': 'dc',
  'http://www.omg.org/spec/DD/20100524/DI': 'di',
};
/** A QName value with its prefix resolved, e.g. bpmn:tFormalExpression -> {uri}tFormalExpression. */
function resolveQName(value: string, element: XmlElement): string {
  const colon = value.indexOf(':');
  const prefix = colon === -1 ? '' : value.slice(0, colon);
  return `{${element.scope[prefix] ?? ''}}${value.slice(colon + 1)}`;
}

/** The local part of an xsi:type value, e.g. dc:Point -> Point. */
const localPart = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/**
 * Flattens a tree into one line per element: its ancestry (with ids), namespace-normalised name, sorted
 * attributes and trimmed text. Our own lf: elements (and an extensionElements holding only them) are left
 * out; namespace declarations and the order of siblings are not compared.
 */
function flatten(root: XmlElement): string[] {
  const lines: string[] = [];
  const visit = (element: XmlElement, path: string) => {
    const children = element.children.filter((c): c is XmlElement => typeof c !== 'string' && c.uri !== LEANFLOW_NAMESPACE_URI);
    const onlyOurs = element.localName === 'extensionElements' && element.uri === BPMN_MODEL && children.length === 0 && element.children.some((c) => typeof c !== 'string');
    if (onlyOurs) return;
    const id = element.attributes.find((a) => a.localName === 'id' && a.uri === '')?.value;
    const defaults = schemaDefaults(element);
    let localName = element.localName;
    let attributeList = element.attributes
      // A schema default written out equals the attribute left out; so does an xsi:type naming the element's own type.
      .filter((a) => !(a.uri === '' && defaults.get(a.localName) === normaliseValue(a.value).replace(/^(true|false)$/i, (b) => b.toLowerCase())))
      .filter((a) => !(a.uri === XSI && a.localName === 'type' && ['Point', 'Bounds'].includes(localPart(a.value))))
      // Known moddle-xml behaviour: on a foreign element, an attribute prefixed with the element's own namespace
      // (<t:x t:a="1"/>) is written unprefixed (<t:x a="1"/>). We compare both as unprefixed.
      .map((a) => (a.uri !== '' && a.uri === element.uri && !PREFIX_OF_URI[element.uri] ? { ...a, uri: '' } : a))
      .map((a) => `{${a.uri}}${a.localName}=${JSON.stringify(a.uri === XSI && a.localName === 'type' ? resolveQName(a.value, element) : normaliseValue(a.value))}`);
    // <formalExpression> is the substitution-group form of <expression xsi:type="tFormalExpression">; moddle writes the latter.
    const formal = `{${XSI}}type=${JSON.stringify(`{${BPMN_MODEL}}tFormalExpression`)}`;
    if (element.uri === BPMN_MODEL && element.localName === 'formalExpression') localName = 'expression';
    else if (element.uri === BPMN_MODEL && element.localName === 'expression' && attributeList.includes(formal)) attributeList = attributeList.filter((a) => a !== formal);
    const name = `{${element.uri}}${localName}${id ? `#${id}` : ''}`;
    const attributes = [...new Set(attributeList)].sort().join(' ');
    const text = element.children.filter((c): c is string => typeof c === 'string').join('').trim();
    const here = `${path}/${name}`;
    lines.push(`${here} [${attributes}]${text ? ` "${text}"` : ''}`);
    for (const child of children) visit(child, here);
  };
  visit(root, '');
  return lines.sort();
}

/** moddle writes typed values back canonically ("342.0" -> "342"): compare numbers by value. */
function normaliseValue(value: string): string {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value) ? String(Number(value)) : value;
}

function difference(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of b) counts.set(line, (counts.get(line) ?? 0) + 1);
  const missing: string[] = [];
  for (const line of a) {
    const count = counts.get(line) ?? 0;
    if (count === 0) missing.push(line);
    else counts.set(line, count - 1);
  }
  return missing;
}

// Every MIWG file, plus the two BPSim examples (foreign bpsim: data inside a bpmn:relationship).
const files = [...bpmnFiles(join(fixturesDir, 'miwg')), ...bpmnFiles(join(fixturesDir, 'bpsim'))];

describe('round trip of every MIWG file and the BPSim examples', () => {
  it('covers all of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(184);
  });

  it.each(files.map((file) => [relative(fixturesDir, file), file]))('%s keeps every element, attribute and extension', async (_name, file) => {
    const original = readFileSync(file, 'utf8');
    const parsed = await parseBpmn(original);
    expect(parsed.definitions).toBeDefined();
    const scenario = createDefaultScenario(parsed.graph!);
    writeScenarios(parsed.moddle!, parsed.definitions!, [scenario]);
    writeScorecardProfile(parsed.moddle!, parsed.definitions!, PROFILE);
    const saved = await serializeBpmn(parsed.moddle!, parsed.definitions!);

    // Our scenario and scorecard profile are in the output and read back equal.
    const reread = await parseBpmn(saved);
    expect(readScenarios(reread.definitions!).scenarios).toEqual([scenario]);
    expect(readScorecardProfile(reread.definitions!)).toEqual({ profile: PROFILE, issues: [] });

    const before = parseXmlTree(original);
    const after = parseXmlTree(saved);
    if (!before.ok || !after.ok) throw new Error('fixture or output is not well-formed');
    const lost = difference(flatten(before.root), flatten(after.root));
    const added = difference(flatten(after.root), flatten(before.root));
    // Content moddle reported as not understood (and only that) may be lost: it is listed as a warning.
    const reported = parsed.issues.filter((i) => i.code === 'bpmn.unknownContent' || i.code === 'bpmn.duplicateId' || i.code === 'bpmn.unresolvedReference');
    if (process.env['LEANFLOW_DEBUG_ROUNDTRIP']) console.log(file, JSON.stringify({ lost, added, reported: reported.map((i) => i.message) }, null, 1));
    // What may be lost: elements moddle reported as not understood, and the second of two elements sharing an id.
    const markers = reported.flatMap((issue) => {
      if (issue.code === 'bpmn.duplicateId') return [`#${issue.elementId}/`, `#${issue.elementId} `];
      const element = /unparsable content <([^>]+)>/.exec(issue.message)?.[1];
      return element ? [`}${element.slice(element.indexOf(':') + 1)} `, `}${element.slice(element.indexOf(':') + 1)}/`] : [];
    });
    expect(lost.filter((line) => !markers.some((marker) => line.includes(marker))), 'lost on save').toEqual([]);
    expect(added, 'added on save').toEqual([]);
  });
});

describe('round trip of foreign data directly under definitions', () => {
  it('keeps a one-line BIMP qbp:processSimulationInfo that sits directly under definitions', async () => {
    const original =
      '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:qbp="http://www.qbp-simulator.com/Schema201212" id="D" targetNamespace="t">' +
      '<bpmn:process id="P"><bpmn:startEvent id="S"/><bpmn:task id="T" name="Work"/><bpmn:sequenceFlow id="F" sourceRef="S" targetRef="T"/></bpmn:process>' +
      '<qbp:processSimulationInfo id="q" processInstances="10"><qbp:arrivalRateDistribution type="FIXED" mean="60" arg1="NaN" arg2="NaN"><qbp:timeUnit>seconds</qbp:timeUnit></qbp:arrivalRateDistribution>' +
      '<qbp:elements><qbp:element id="e" elementId="T"><qbp:durationDistribution type="FIXED" mean="30" arg1="NaN" arg2="NaN"/></qbp:element></qbp:elements></qbp:processSimulationInfo></bpmn:definitions>';
    const parsed = await parseBpmn(original);
    // The file names its flow only by sourceRef/targetRef: the incoming/outgoing lists are completed (and written).
    expect(parsed.issues).toEqual([expect.objectContaining({ code: 'bpmn.flowReferencesCompleted', severity: 'info' }), expect.objectContaining({ code: 'bpmn.foreignKept', severity: 'info' })]);
    writeScenarios(parsed.moddle!, parsed.definitions!, [createDefaultScenario(parsed.graph!)]);
    const saved = await serializeBpmn(parsed.moddle!, parsed.definitions!);
    const before = parseXmlTree(original);
    const after = parseXmlTree(saved);
    if (!before.ok || !after.ok) throw new Error('not well-formed');
    expect(difference(flatten(before.root), flatten(after.root))).toEqual([]);
    expect(difference(flatten(after.root), flatten(before.root))).toEqual([
      `/{${BPMN_MODEL}}definitions#D/{${BPMN_MODEL}}process#P/{${BPMN_MODEL}}startEvent#S/{${BPMN_MODEL}}outgoing [] "F"`,
      `/{${BPMN_MODEL}}definitions#D/{${BPMN_MODEL}}process#P/{${BPMN_MODEL}}task#T/{${BPMN_MODEL}}incoming [] "F"`,
    ]);
  });
});
