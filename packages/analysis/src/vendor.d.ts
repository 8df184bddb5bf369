// Minimal typings for bpmnlint 11 (CommonJS, no type entry for its rules). Only what this package uses.

declare module 'bpmnlint' {
  /** A lint report of one rule on one element. `category` 'rule-error' means the rule itself crashed. */
  export interface LintReport {
    readonly id?: string;
    readonly message: string;
    readonly category: 'error' | 'warn' | 'info' | 'rule-error';
    readonly path?: readonly string[];
  }
  export type LintRuleValue = 'off' | 'warn' | 'error' | 'info';
  export interface LintConfig {
    readonly extends?: string | readonly string[];
    readonly rules?: Readonly<Record<string, LintRuleValue>>;
  }
  export interface LintResolver {
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
  export class Linter {
    constructor(options: { resolver: LintResolver; config?: LintConfig });
    lint(moddleRoot: unknown, config?: LintConfig): Promise<Record<string, LintReport[]>>;
    /** The enabled rules of a configuration, resolved and instantiated (rule = the factory's result). */
    resolveRules(config: LintConfig): Promise<{ name: string; category: 'error' | 'warn' | 'info'; config: unknown; rule: unknown }[]>;
  }
  const bpmnlint: { Linter: typeof Linter };
  export default bpmnlint;
}

declare module 'bpmnlint/rules/*' {
  const ruleFactory: (options?: unknown) => unknown;
  export default ruleFactory;
}

declare module 'bpmnlint/config/recommended.js' {
  const config: { rules: Record<string, 'off' | 'warn' | 'error' | 'info'> };
  export default config;
}

declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  import type { LintResolver } from 'bpmnlint';
  /** Resolves rules with require() (Node only); tests compare our single-walk linting against it. */
  const NodeResolver: new (options?: Record<string, unknown>) => LintResolver;
  export default NodeResolver;
}
