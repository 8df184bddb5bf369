// The plugin manifest (`leanflow-plugin.json`, or the `leanflow` field of package.json): what a plugin is, what it
// may do and what it contributes. Validated with zod; every problem comes back as an issue naming the field.
import { z } from 'zod';
import { API_VERSION, PERMISSIONS } from './api.ts';
import { DocsLinkSchema } from './schemas.ts';
import { reservedKeybinding } from './keybindings.ts';
import { isValidRange, parseVersion, satisfies } from './semver.ts';

/**
 * How big a manifest may be. The studio renders every contribution and keeps the manifest in storage, so an
 * unbounded one (a 20 MB description, 10,000 commands) stalls it; each limit is far above what a real plugin needs.
 *
 * @example
 * if (text.length > MANIFEST_LIMITS.bytes) refuse();
 */
export const MANIFEST_LIMITS = {
  /** The manifest's JSON text. */
  bytes: 1024 * 1024,
  description: 2_000,
  /** Names, titles, categories, ids and other short texts. */
  text: 200,
  /** `when` and `enablement` clauses. */
  when: 1_000,
  commands: 500,
  /** Items in each menu. */
  menuItems: 500,
  keybindings: 500,
  views: 50,
  scoringRules: 200,
  suggestionProviders: 100,
  diagnosticsSources: 50,
  processTemplates: 100,
  settings: 500,
  languages: 20,
  /** Translations per language. */
  translations: 5_000,
} as const;

const L = MANIFEST_LIMITS;
const atMost = (count: number) => ({ message: `at most ${count} per plugin` });
const chars = (count: number) => ({ message: `at most ${count} characters` });

const identifier = (what: string) =>
  z
    .string()
    .max(L.text, chars(L.text))
    .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/i, { message: `${what} may use only letters, digits, ".", "-" and "_" (e.g. "acme.unnamed-tasks")` });

const text = (what: string) => z.string().max(L.text, chars(L.text)).trim().min(1, { message: `${what} must not be empty` });
const shortText = z.string().max(L.text, chars(L.text));
const longText = z.string().max(L.description, chars(L.description));
const when = z.string().max(L.when, chars(L.when)).optional();

const CommandContribution = z.strictObject({
  command: identifier('a command id'),
  title: text('the title'),
  category: shortText.optional(),
  icon: shortText.optional(),
  enablement: when,
});

const MenuItem = z.strictObject({ command: identifier('a command id'), when, group: shortText.optional() });

const KeybindingContribution = z.strictObject({
  command: identifier('a command id'),
  key: z.string().regex(/^((ctrl|shift|alt|meta|cmd)\+)*[^+\s]+$/i, { message: 'use a key like "ctrl+shift+k"' }),
  mac: shortText.optional(),
  when,
});

const SettingType = z.enum(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const JsonLike: z.ZodType<unknown> = z.unknown();

const SettingSchema = z
  .strictObject({
    type: SettingType,
    default: JsonLike.optional(),
    description: longText.optional(),
    enum: z.array(z.union([shortText, z.number()])).max(1_000).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    items: z.strictObject({ type: SettingType }).optional(),
  })
  .refine((s) => s.minimum === undefined || s.maximum === undefined || s.minimum <= s.maximum, {
    message: 'minimum must not be greater than maximum',
    path: ['minimum'],
  });

const ConfigurationContribution = z.strictObject({
  title: shortText.optional(),
  properties: z.record(identifier('a setting key'), SettingSchema).refine((p) => Object.keys(p).length <= L.settings, atMost(L.settings)),
});

export const VIEW_KINDS = ['tree', 'table', 'markdown', 'chart', 'keyFigures', 'sections'] as const;

const ViewContribution = z.strictObject({
  id: identifier('a view id'),
  name: text('the view name'),
  kind: z.enum(VIEW_KINDS),
  location: z.enum(['sidebar', 'panel']).default('sidebar'),
  when,
  /** Where the view sits in the activity bar (smaller first; plugins default to after the studio's views). */
  order: z.number().int().min(0).max(10_000).optional(),
  /** The side-bar width (pixels) the view needs; the side bar widens to it when the view opens. */
  minWidth: z.number().int().min(100).max(1_200).optional(),
});

const ScoringRuleContribution = z.strictObject({
  id: identifier('a rule id'),
  title: text('the title'),
  description: longText.optional(),
  category: shortText.optional(),
  /** Weight of the rule in the overall score. */
  weight: z.number().min(0, { message: 'a weight cannot be negative' }).max(10, { message: 'a weight cannot be above 10' }).default(1),
  /** `static` reads the model (and scenario); `dynamic` also needs a simulation result. Default static. */
  kind: z.enum(['static', 'dynamic']).optional(),
  /** Where the rule's formula and defaults are explained: a URL or a docs path (findings link here unless they give their own). */
  docsUrl: DocsLinkSchema.optional(),
});

const SuggestionProviderContribution = z.strictObject({ id: identifier('a provider id'), title: text('the title'), description: longText.optional() });
const DiagnosticsSourceContribution = z.strictObject({ id: identifier('a source id'), name: text('the name') });
const ProcessTemplateContribution = z.strictObject({
  id: identifier('a template id'),
  name: text('the name'),
  description: longText.optional(),
  file: shortText.regex(/^(?!\/)(?!.*\.\.)[^\\]+\.bpmn$/, { message: 'use a relative path to a .bpmn file inside the plugin' }),
});

const ContributesSchema = z.strictObject({
  commands: z.array(CommandContribution).max(L.commands, atMost(L.commands)).default([]),
  menus: z
    .strictObject({
      commandPalette: z.array(MenuItem).max(L.menuItems, atMost(L.menuItems)).default([]),
      'diagram/context': z.array(MenuItem).max(L.menuItems, atMost(L.menuItems)).default([]),
      toolbar: z.array(MenuItem).max(L.menuItems, atMost(L.menuItems)).default([]),
    })
    .default({ commandPalette: [], 'diagram/context': [], toolbar: [] }),
  keybindings: z.array(KeybindingContribution).max(L.keybindings, atMost(L.keybindings)).default([]),
  configuration: ConfigurationContribution.optional(),
  views: z.array(ViewContribution).max(L.views, atMost(L.views)).default([]),
  scoringRules: z.array(ScoringRuleContribution).max(L.scoringRules, atMost(L.scoringRules)).default([]),
  suggestionProviders: z.array(SuggestionProviderContribution).max(L.suggestionProviders, atMost(L.suggestionProviders)).default([]),
  diagnosticsSources: z.array(DiagnosticsSourceContribution).max(L.diagnosticsSources, atMost(L.diagnosticsSources)).default([]),
  processTemplates: z.array(ProcessTemplateContribution).max(L.processTemplates, atMost(L.processTemplates)).default([]),
});

const EMPTY_CONTRIBUTES = {
  commands: [],
  menus: { commandPalette: [], 'diagram/context': [], toolbar: [] },
  keybindings: [],
  views: [],
  scoringRules: [],
  suggestionProviders: [],
  diagnosticsSources: [],
  processTemplates: [],
};

/** The manifest schema (zod). Prefer `validateManifest`, which also checks cross-references and the engine range. */
export const PluginManifestSchema = z.strictObject({
  id: identifier('the plugin id'),
  name: text('the name'),
  version: z.string().refine((v) => parseVersion(v) !== undefined, { message: 'must be a semantic version like 1.0.0' }),
  publisher: identifier('the publisher'),
  description: longText.default(''),
  engines: z.strictObject({
    leanflow: z.string().refine(isValidRange, { message: 'must be a semver range of the Leanflow plugin API, like ^1.0.0' }),
  }),
  main: shortText
    .regex(/^(?!\/)(?!.*\.\.)[^\\]+\.(m?js|ts)$/, { message: 'must be a relative path to the plugin bundle (.js or .mjs; .ts is bundled by the dev tools)' }),
  permissions: z.array(z.enum(PERMISSIONS as readonly [string, ...string[]] as readonly ['readModel', 'proposeEdits', 'runSimulation', 'storage'])).default([]),
  /** Extra activation events on top of those derived from the contributions. */
  activationEvents: z.array(z.string().max(L.text, chars(L.text)).regex(/^(onStartupFinished|onScoring|onSuggestions|onCommand:.+|onView:.+|\*)$/, { message: 'unknown activation event' })).max(L.commands + L.views, atMost(L.commands + L.views)).default([]),
  contributes: ContributesSchema.default(EMPTY_CONTRIBUTES),
  /**
   * Translations of the manifest's own texts (command titles and categories, view names, the plugin name) by
   * language, keyed by the English text: `{ "zh-CN": { "Simulate": "运行仿真" } }`. Untranslated texts stay English.
   */
  l10n: z
    .record(
      z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'use a language tag like "zh-CN"' }),
      z.record(longText, longText).refine((t) => Object.keys(t).length <= L.translations, { message: `at most ${L.translations} translations per language` }),
    )
    .refine((l) => Object.keys(l).length <= L.languages, { message: `at most ${L.languages} languages` })
    .optional(),
});

/**
 * A validated manifest with defaults filled in.
 *
 * @example
 * const result = validateManifest(JSON.parse(text));
 * if (result.ok) console.log(result.manifest.contributes.commands.length);
 */
export type PluginManifest = z.output<typeof PluginManifestSchema>;
/** The contribution points of a manifest. */
export type PluginContributions = PluginManifest['contributes'];
/** A command contribution. */
export type CommandContribution = PluginContributions['commands'][number];
/** A view contribution. */
export type ViewContribution = PluginContributions['views'][number];
/** A scoring rule contribution. */
export type ScoringRuleContribution = PluginContributions['scoringRules'][number];
/** A setting declared under `contributes.configuration.properties`. */
export type SettingContribution = NonNullable<PluginContributions['configuration']>['properties'][string];
/** The menus plugins can add commands to. */
export type MenuLocation = keyof PluginContributions['menus'];

/**
 * A problem with a manifest: `field` is the dotted path (e.g. `contributes.commands.0.title`) and `message`
 * starts with it.
 *
 * @example
 * const issue: ManifestIssue = { code: 'manifest.invalid', severity: 'error', field: 'version', message: 'version: must be a semantic version like 1.0.0' };
 */
export interface ManifestIssue {
  readonly code:
    | 'manifest.invalid'
    | 'manifest.unknownField'
    | 'manifest.reference'
    | 'manifest.duplicate'
    | 'manifest.permission'
    | 'manifest.engine.incompatible'
    | 'manifest.notJson'
    /** A keybinding takes one of the studio's core chords (a warning: the plugin installs, that keybinding is refused). */
    | 'manifest.keybinding.reserved'
    | 'manifest.category.unknown';
  readonly severity: 'error' | 'warning';
  readonly field: string;
  readonly message: string;
}

/**
 * The result of `validateManifest`.
 *
 * @example
 * const result: ManifestValidation = validateManifest({});
 * if (!result.ok) result.issues.forEach((i) => console.error(i.message));
 */
export type ManifestValidation =
  | { readonly ok: true; readonly manifest: PluginManifest; readonly issues: readonly ManifestIssue[] }
  | { readonly ok: false; readonly issues: readonly ManifestIssue[] };

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(manifest)';
}

function toIssues(error: z.ZodError): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = fieldOf([...issue.path, key]);
        issues.push({ code: 'manifest.unknownField', severity: 'error', field, message: `${field}: unknown field (check the spelling)` });
      }
      continue;
    }
    const field = fieldOf(issue.path);
    let reason = issue.message;
    if (issue.code === 'invalid_type') {
      reason = /received undefined/.test(issue.message) ? `is required (${issue.expected})` : `must be of type ${issue.expected}`;
    } else if (issue.code === 'invalid_value' && 'values' in issue) {
      reason = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    issues.push({ code: 'manifest.invalid', severity: 'error', field, message: `${field}: ${reason}` });
  }
  return issues;
}

function crossCheck(manifest: PluginManifest): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const c = manifest.contributes;
  const commandIds = new Set<string>();
  c.commands.forEach((command, i) => {
    if (commandIds.has(command.command)) {
      issues.push({ code: 'manifest.duplicate', severity: 'error', field: `contributes.commands.${i}.command`, message: `contributes.commands.${i}.command: "${command.command}" is declared twice` });
    }
    commandIds.add(command.command);
  });
  const checkReference = (field: string, id: string) => {
    if (!commandIds.has(id)) {
      issues.push({ code: 'manifest.reference', severity: 'error', field, message: `${field}: command "${id}" is not declared in contributes.commands` });
    }
  };
  for (const location of ['commandPalette', 'diagram/context', 'toolbar'] as const) {
    c.menus[location].forEach((item, i) => checkReference(`contributes.menus.${location}.${i}.command`, item.command));
  }
  c.keybindings.forEach((binding, i) => {
    checkReference(`contributes.keybindings.${i}.command`, binding.command);
    for (const part of ['key', 'mac'] as const) {
      const chord = binding[part];
      const reserved = chord === undefined ? undefined : reservedKeybinding(chord);
      if (reserved) issues.push(reservedKeybindingIssue(`contributes.keybindings.${i}.${part}`, chord!, reserved.title, reserved.key));
    }
  });
  for (const [list, name] of [
    [c.views, 'views'],
    [c.scoringRules, 'scoringRules'],
    [c.suggestionProviders, 'suggestionProviders'],
    [c.diagnosticsSources, 'diagnosticsSources'],
    [c.processTemplates, 'processTemplates'],
  ] as const) {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      if (seen.has(entry.id)) {
        issues.push({ code: 'manifest.duplicate', severity: 'error', field: `contributes.${name}.${i}.id`, message: `contributes.${name}.${i}.id: "${entry.id}" is declared twice` });
      }
      seen.add(entry.id);
    });
  }
  // An unknown category used to pass silently and count under Simplicity; say so (a warning: it still installs).
  c.scoringRules.forEach((rule, i) => {
    if (rule.category === undefined) return;
    const key = rule.category.toLowerCase().replace(/[^a-z]/g, '');
    if (SCORECARD_CATEGORIES.some((name) => name.toLowerCase().replace(/[^a-z]/g, '') === key)) return;
    const field = `contributes.scoringRules.${i}.category`;
    issues.push({
      code: 'manifest.category.unknown',
      severity: 'warning',
      field,
      message: `${field}: "${rule.category}" is not a scorecard category (${SCORECARD_CATEGORIES.join(', ')}); the rule counts under Simplicity`,
    });
  });
  const needsModel = c.scoringRules.length > 0 || c.suggestionProviders.length > 0;
  if (needsModel && !manifest.permissions.includes('readModel')) {
    issues.push({
      code: 'manifest.permission',
      severity: 'error',
      field: 'permissions',
      message: 'permissions: scoring rules and suggestion providers read the model; add "readModel"',
    });
  }
  for (const [key, setting] of Object.entries(c.configuration?.properties ?? {})) {
    if (setting.enum && setting.default !== undefined && !setting.enum.includes(setting.default as string | number)) {
      const field = `contributes.configuration.properties.${key}.default`;
      issues.push({ code: 'manifest.invalid', severity: 'error', field, message: `${field}: the default is not one of the enum values` });
    }
  }
  return issues;
}

/** The scorecard categories a scoring rule's `category` may name, by title or id in any case (docs/scoring.md). */
const SCORECARD_CATEGORIES = ['Speed', 'Cost', 'Simplicity', 'Customer experience', 'Model quality'] as const;

function reservedKeybindingIssue(field: string, chord: string, title: string, key: string): ManifestIssue {
  return {
    code: 'manifest.keybinding.reserved',
    severity: 'warning',
    field,
    message: `${field}: "${chord}" is the studio's ${title} (${key}); plugins cannot take core keybindings, so the studio refuses this one. Choose another key (a user can still bind it on purpose in Keyboard Shortcuts).`,
  };
}

/**
 * Whether a manifest's `engines.leanflow` range accepts the given API version; an issue explaining why not otherwise.
 *
 * @example
 * checkEngine({ engines: { leanflow: '^2.0.0' } }, '1.0.0')?.message;
 * // 'engines.leanflow: this plugin needs the Leanflow plugin API ^2.0.0, but this Leanflow provides 1.1.0'
 */
export function checkEngine(manifest: { readonly engines: { readonly leanflow: string } }, apiVersion: string = API_VERSION): ManifestIssue | undefined {
  if (satisfies(apiVersion, manifest.engines.leanflow)) return undefined;
  return {
    code: 'manifest.engine.incompatible',
    severity: 'error',
    field: 'engines.leanflow',
    message: `engines.leanflow: this plugin needs the Leanflow plugin API ${manifest.engines.leanflow}, but this Leanflow provides ${apiVersion}`,
  };
}

/**
 * Validates a parsed manifest: the schema, references between contributions, permissions, and the engine range.
 * Never throws for bad input.
 *
 * @example
 * const result = validateManifest({ id: 'acme.demo', name: 'Demo', version: '1.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'index.js' });
 * // result.ok === false; result.issues[0].message === 'version: must be a semantic version like 1.0.0'
 */
export function validateManifest(input: unknown, options: { readonly apiVersion?: string } = {}): ManifestValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ code: 'manifest.invalid', severity: 'error', field: '(manifest)', message: '(manifest): must be a JSON object' }] };
  }
  const parsed = PluginManifestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const issues = crossCheck(parsed.data);
  const engine = checkEngine(parsed.data, options.apiVersion ?? API_VERSION);
  if (engine) issues.push(engine);
  if (issues.some((issue) => issue.severity === 'error')) return { ok: false, issues };
  return { ok: true, manifest: parsed.data, issues };
}

/**
 * Parses manifest text (JSON) and validates it.
 *
 * @example
 * const result = parseManifest(await readFile('leanflow-plugin.json', 'utf8'));
 */
export function parseManifest(json: string, options: { readonly apiVersion?: string } = {}): ManifestValidation {
  if (json.length > MANIFEST_LIMITS.bytes) {
    const size = `${(json.length / 1024 / 1024).toFixed(1)} MB`;
    return { ok: false, issues: [{ code: 'manifest.invalid', severity: 'error', field: '(manifest)', message: `(manifest): the manifest is ${size}; it may be at most ${MANIFEST_LIMITS.bytes / 1024 / 1024} MB` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, issues: [{ code: 'manifest.notJson', severity: 'error', field: '(manifest)', message: `(manifest): not valid JSON (${(error as Error).message})` }] };
  }
  return validateManifest(value, options);
}

/**
 * An event that activates a plugin: `onCommand:<id>`, `onView:<id>`, `onScoring`, `onSuggestions`,
 * `onStartupFinished`, or `*` (at once).
 *
 * @example
 * const event: ActivationEvent = 'onCommand:acme.count';
 */
export type ActivationEvent = 'onStartupFinished' | 'onScoring' | 'onSuggestions' | '*' | `onCommand:${string}` | `onView:${string}`;

/**
 * The events that activate a plugin, derived from what it contributes (plus any listed in `activationEvents`):
 * a command -> `onCommand:<id>`, a view -> `onView:<id>`, a scoring rule -> `onScoring`, a suggestion provider ->
 * `onSuggestions`, a diagnostics source -> `onStartupFinished` (diagnostics show without user action).
 *
 * @example
 * deriveActivationEvents(manifest); // ['onCommand:acme.count', 'onView:acme.summary', 'onScoring']
 */
export function deriveActivationEvents(manifest: PluginManifest): ActivationEvent[] {
  const events = new Set<ActivationEvent>();
  const c = manifest.contributes;
  for (const command of c.commands) events.add(`onCommand:${command.command}`);
  for (const view of c.views) events.add(`onView:${view.id}`);
  if (c.scoringRules.length > 0) events.add('onScoring');
  if (c.suggestionProviders.length > 0) events.add('onSuggestions');
  if (c.diagnosticsSources.length > 0) events.add('onStartupFinished');
  for (const event of manifest.activationEvents) events.add(event as ActivationEvent);
  return [...events];
}
