// bpmnlint 11's rules as findings. A static resolver imports every bundled rule explicitly, so the linter works
// in a browser bundle and a worker (bpmnlint's default resolver uses require()).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient typings must reach every program that imports this package
/// <reference path="../vendor.d.ts" />
import bpmnlint, { type LintConfig, type LintReport, type LintResolver } from 'bpmnlint';
import recommended from 'bpmnlint/config/recommended.js';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process.js';
import conditionalEvent from 'bpmnlint/rules/conditional-event.js';
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import global from 'bpmnlint/rules/global.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import linkEvent from 'bpmnlint/rules/link-event.js';
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start.js';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway.js';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js';
import standardSize from 'bpmnlint/rules/standard-size.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';
import superfluousLabel from 'bpmnlint/rules/superfluous-label.js';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js';
import type { ProcessGraph } from '@leanflow/model';
import { z } from 'zod';
import { defineRule, notApplicable, scoreLowerIsBetter, type BpmnlintReport, type Finding, type FindingSeverity } from '../scoring.ts';
import { docsUrl } from './shared.ts';

const RULES: Readonly<Record<string, unknown>> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-event': conditionalEvent,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  'global': global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'standard-size': standardSize,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination,
};

/** The names of the bpmnlint rules this build can run. */
export const BPMNLINT_RULE_NAMES: readonly string[] = Object.keys(RULES);

const staticResolver: LintResolver = {
  resolveRule(pkg, ruleName) {
    const rule = pkg === 'bpmnlint' ? RULES[ruleName] : undefined;
    if (!rule) throw new Error(`Unknown bpmnlint rule ${pkg}/${ruleName}`);
    return rule;
  },
  resolveConfig(pkg, configName) {
    if (pkg === 'bpmnlint' && configName === 'recommended') return recommended;
    throw new Error(`Unknown bpmnlint configuration ${pkg}:${configName}`);
  },
};

/** One bpmnlint report, flattened. */
export interface BpmnLintIssue {
  readonly rule: string;
  readonly elementId?: string;
  readonly message: string;
  readonly category: LintReport['category'];
}

interface ModdleNode {
  readonly $descriptor: { readonly isGeneric?: boolean; readonly properties: readonly { name: string; type: string; isAttr?: boolean; isReference?: boolean; isMany?: boolean }[] };
  readonly [property: string]: unknown;
}
type Check = (node: ModdleNode, reporter: LintReporter) => boolean | void;
interface LintReporter {
  report(id: string, message: string, path?: unknown): void;
}
interface ActiveRule {
  readonly name: string;
  readonly category: LintReport['category'];
  readonly enter?: Check;
  readonly leave?: Check;
  readonly reporter: LintReporter;
  readonly reports: LintReport[];
  failed: boolean;
}

const SIMPLE_TYPES = new Set(['String', 'Boolean', 'Integer', 'Real']);
const containedCache = new WeakMap<object, ModdleNode['$descriptor']['properties']>();
const containedProperties = (descriptor: ModdleNode['$descriptor']) => {
  let list = containedCache.get(descriptor);
  if (!list) containedCache.set(descriptor, (list = descriptor.properties.filter((p) => !p.isAttr && !p.isReference && !SIMPLE_TYPES.has(p.type))));
  return list;
};

/**
 * Walks the moddle tree once for all rules (bpmnlint's Linter walks it once per rule, ~25 times). Same semantics
 * as bpmnlint's traverse/testRule: `enter` returning false skips the subtree for that rule only; a rule that
 * throws yields one 'rule-error' report and stops.
 */
function runRules(root: ModdleNode, rules: ActiveRule[]): void {
  const call = (rule: ActiveRule, fn: Check, node: ModdleNode): boolean | void => {
    try {
      return fn(node, rule.reporter);
    } catch (error) {
      rule.failed = true;
      rule.reports.length = 0;
      rule.reports.push({ message: error instanceof Error ? error.message : String(error), category: 'rule-error' });
      return false;
    }
  };
  const visit = (node: ModdleNode, active: ActiveRule[]) => {
    const descend: ActiveRule[] = [];
    for (const rule of active) {
      if (rule.failed) continue;
      if (!rule.enter || call(rule, rule.enter, node) !== false) descend.push(rule);
    }
    if (descend.length > 0 && !node.$descriptor.isGeneric) {
      for (const property of containedProperties(node.$descriptor)) {
        if (!(property.name in node)) continue;
        const value = node[property.name];
        if (property.isMany) for (const child of value as ModdleNode[]) visit(child, descend);
        else if (value) visit(value as ModdleNode, descend);
      }
    }
    for (const rule of active) if (rule.leave && !rule.failed) call(rule, rule.leave, node);
  };
  visit(root, rules);
}

/**
 * Lints a bpmn-moddle root (`parseBpmn(xml).definitions`) with bpmnlint's recommended rules plus `overrides`.
 * bpmnlint's Linter resolves the configuration and rules (static resolver); the rules then run in one walk.
 *
 * @example
 * const issues = await lintBpmn(parsed.definitions, { 'no-bpmndi': 'off' });
 */
export async function lintBpmn(definitions: unknown, overrides: Readonly<Record<string, 'off' | 'warn' | 'error' | 'info'>> = {}): Promise<BpmnLintIssue[]> {
  const config: LintConfig = { extends: 'bpmnlint:recommended', rules: overrides };
  const linter = new bpmnlint.Linter({ resolver: staticResolver, config });
  const resolved = await linter.resolveRules(config);
  const rules: ActiveRule[] = resolved.map(({ name, category, rule }) => {
    const reports: LintReport[] = [];
    const check = (rule as { check?: unknown }).check;
    const enter = typeof check === 'function' ? check : (check as { enter?: Check } | undefined)?.enter;
    const leave = typeof check === 'function' ? undefined : (check as { leave?: Check } | undefined)?.leave;
    if (!enter && !leave) throw new Error(`bpmnlint rule ${name} implements no check`);
    return {
      name,
      category,
      reports,
      failed: false,
      ...(enter ? { enter: enter as Check } : {}),
      ...(leave ? { leave } : {}),
      reporter: {
        report(id: string, message: string, path?: unknown) {
          const extra = Array.isArray(path) ? { path } : path && typeof path === 'object' ? path : {};
          reports.push({ id, message, category, ...extra });
        },
      },
    };
  });
  runRules(definitions as ModdleNode, rules);
  const issues: BpmnLintIssue[] = [];
  for (const rule of rules) {
    for (const r of rule.reports) issues.push({ rule: rule.name, message: r.message, category: r.category, ...(r.id !== undefined ? { elementId: r.id } : {}) });
  }
  return issues;
}

const bpmnlintConfigSchema = z.object({
  /** Per bpmnlint rule: 'off' | 'info' | 'warn' | 'error', on top of the recommended configuration. */
  rules: z
    .record(z.string(), z.enum(['off', 'warn', 'error', 'info']))
    .default({})
    .refine((r) => Object.keys(r).every((name) => name in RULES), { message: `Unknown bpmnlint rule; known: ${Object.keys(RULES).join(', ')}.` }),
  /** Weighted report count (errors 1, warnings `warningWeight`) at which the score reaches 0. */
  bound: z.number().finite().positive().default(10),
  warningWeight: z.number().min(0).max(1).default(0.5),
  /**
   * no-overlapping-elements compares every pair of shapes (quadratic: ~50 ms at 300 elements, over 1 s at
   * 2,000), so above this many flow nodes it is off unless `rules` names it explicitly.
   */
  overlapCheckLimit: z.number().int().min(0).default(100),
});

type BpmnlintConfig = z.infer<typeof bpmnlintConfigSchema>;

async function lintWithConfig(definitions: unknown, flowNodes: number, config: BpmnlintConfig): Promise<BpmnlintReport> {
  const skipOverlap = flowNodes > config.overlapCheckLimit && !('no-overlapping-elements' in config.rules);
  const issues = await lintBpmn(definitions, skipOverlap ? { ...config.rules, 'no-overlapping-elements': 'off' } : config.rules);
  return { issues, ...(skipOverlap ? { overlapCheckSkippedAbove: config.overlapCheckLimit } : {}) };
}

/**
 * Lints a parsed file for the bpmnlint scoring rule with a profile's bpmnlint thresholds (`profile.thresholds.bpmnlint`),
 * exactly as the rule would: what a host that holds the parse passes on as `ScoringInput.bpmnlint`. Undefined when
 * the thresholds are invalid (the rule then reports them).
 *
 * @example
 * const report = await lintForScoring(doc.definitions, doc.graph, profile.thresholds['bpmnlint']);
 */
export async function lintForScoring(definitions: unknown, graph: ProcessGraph, thresholds: unknown = {}): Promise<BpmnlintReport | undefined> {
  const config = bpmnlintConfigSchema.safeParse(thresholds ?? {});
  return config.success ? lintWithConfig(definitions, graph.nodes.length, config.data) : undefined;
}

const SEVERITY: Readonly<Record<LintReport['category'], FindingSeverity>> = { error: 'error', 'rule-error': 'error', warn: 'warning', info: 'info' };

export const bpmnlintRule = defineRule({
  id: 'bpmnlint',
  title: 'bpmnlint recommended rules',
  category: 'modelQuality',
  kind: 'static',
  defaultWeight: 1,
  configSchema: bpmnlintConfigSchema,
  docsUrl: docsUrl('bpmnlint'),
  rationale: 'bpmnlint checks BPMN modelling conventions that other tools and readers rely on (https://github.com/bpmn-io/bpmnlint).',
  async evaluate({ graph, definitions, bpmnlint, config }) {
    // A host that parsed the file linted it there (one parse per version); else lint the tree given here.
    const report = bpmnlint ?? (definitions !== undefined ? await lintWithConfig(definitions, graph.nodes.length, config) : undefined);
    if (report === undefined) return notApplicable('bpmnlint needs the BPMN file itself (the parsed XML model).');
    const { issues } = report;
    let weighted = 0;
    const findings: Finding[] = issues.map((issue) => {
      const severity = SEVERITY[issue.category];
      weighted += severity === 'error' ? 1 : severity === 'warning' ? config.warningWeight : 0;
      return {
        severity,
        message: `${issue.message} (bpmnlint ${issue.rule})`,
        elementIds: issue.elementId !== undefined ? [issue.elementId] : [],
        docsUrl: `https://github.com/bpmn-io/bpmnlint/blob/main/docs/rules/${issue.rule}.md`,
      };
    });
    if (report.overlapCheckSkippedAbove !== undefined) {
      findings.push({ severity: 'info', message: `The overlap check (bpmnlint no-overlapping-elements) is skipped above ${report.overlapCheckSkippedAbove} elements to keep scoring fast; switch it on in the scoring profile.`, elementIds: [] });
    }
    return { score: scoreLowerIsBetter(weighted, 0, config.bound), findings, metrics: { lintErrors: findings.filter((f) => f.severity === 'error').length, lintWarnings: findings.filter((f) => f.severity === 'warning').length } };
  },
});
