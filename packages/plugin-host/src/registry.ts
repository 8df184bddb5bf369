// Everything plugins contribute, as data the workbench renders: the static contributions of their manifests
// (commands, menus, keybindings, settings, views...) and what they publish at run time (view contents,
// diagnostics, status bar items, output, context keys). Fires a change event for each update.
import type {
  DecorationLegend,
  DiagramDecoration,
  DiagnosticItem,
  JsonValue,
  MenuLocation,
  PluginContributions,
  PluginManifest,
  ScoringRuleContribution,
  SettingContribution,
  TreeItem,
  ViewContent,
  ViewContribution,
} from '@leanflow/plugin-api';
import type { Disposable, Event } from '@leanflow/plugin-api';
import { createEmitter } from './emitter.ts';
import type { RegistrationKind } from './protocol.ts';

/** What changed in the registry. */
export type ContributionKind =
  | 'manifest'
  | 'registration'
  | 'viewContent'
  | 'treeData'
  | 'diagnostics'
  | 'statusBar'
  | 'output'
  | 'contextKeys'
  | 'decorations';

/**
 * One change, for listeners that refresh a part of the UI.
 *
 * @example
 * registry.onDidChange((change) => { if (change.kind === 'viewContent') rerender(change.id); });
 */
export interface ContributionChange {
  readonly kind: ContributionKind;
  readonly pluginId: string;
  /** The view, diagnostics source, status bar item or channel concerned, when there is one. */
  readonly id?: string;
  /** `treeData`: the tree row whose children changed (`TreeRow.handle`); absent when the whole tree did. */
  readonly handle?: number;
}

/** A contributed command with the plugin behind it and whether its handler is registered yet. */
export interface RegisteredCommand {
  readonly pluginId: string;
  readonly command: string;
  readonly title: string;
  readonly category?: string;
  readonly enablement?: string;
  readonly registered: boolean;
}

/** A status bar item as the workbench shows it. */
export interface StatusBarEntry {
  readonly pluginId: string;
  readonly id: string;
  readonly text: string;
  readonly tooltip?: string;
  readonly command?: string;
  readonly alignment: 'left' | 'right';
  readonly priority: number;
  readonly visible: boolean;
}

/** Diagnostics of one source. */
export interface DiagnosticsEntry {
  readonly pluginId: string;
  readonly source: string;
  readonly byElement: Readonly<Record<string, readonly DiagnosticItem[]>>;
}

/** Lines a plugin wrote to an output channel (or its console). */
export interface OutputEntry {
  readonly pluginId: string;
  readonly name: string;
  readonly text: string;
}

/** The decorations one plugin painted on the open diagram. */
export interface DecorationsEntry {
  readonly pluginId: string;
  readonly decorations: readonly DiagramDecoration[];
  readonly legend?: DecorationLegend;
}

/** A row of a lazy tree view, with the handle to ask for its children. */
export interface TreeRow {
  readonly handle: number;
  readonly item: TreeItem;
}

const MAX_OUTPUT_CHARS = 1_000_000;

/**
 * The contribution registry. The plugin host writes to it; the workbench reads it and listens to `onDidChange`.
 *
 * @example
 * const palette = host.contributions.menuItems('commandPalette');
 * host.contributions.onDidChange(() => render(host.contributions.commands()));
 */
export class ContributionRegistry {
  private readonly manifests = new Map<string, PluginManifest>();
  private readonly registrations = new Map<string, Set<string>>();
  private readonly contents = new Map<string, { pluginId: string; content: ViewContent }>();
  private readonly diagnosticsBySource = new Map<string, DiagnosticsEntry>();
  private readonly statusBar = new Map<string, StatusBarEntry>();
  private readonly output = new Map<string, OutputEntry>();
  private readonly contextKeyValues = new Map<string, { pluginId: string; value: string | number | boolean | null }>();
  private readonly decorationsByPlugin = new Map<string, DecorationsEntry>();
  private readonly changes = createEmitter<ContributionChange>();

  /** Fires after every change. */
  readonly onDidChange: Event<ContributionChange> = this.changes.event;

  /** Adds a plugin's static contributions (on install or enable). */
  addPlugin(manifest: PluginManifest): void {
    this.manifests.set(manifest.id, manifest);
    this.changes.fire({ kind: 'manifest', pluginId: manifest.id });
  }

  /** Removes everything a plugin contributed (on crash, disable or uninstall). */
  removePlugin(pluginId: string): void {
    this.manifests.delete(pluginId);
    this.clearRuntime(pluginId);
    this.changes.fire({ kind: 'manifest', pluginId });
  }

  /** Removes what a plugin published at run time, keeping its manifest contributions (on deactivate). */
  clearRuntime(pluginId: string): void {
    this.registrations.delete(pluginId);
    for (const map of [this.contents, this.diagnosticsBySource, this.statusBar, this.output, this.contextKeyValues] as Map<string, { pluginId: string }>[]) {
      for (const [key, value] of map) if (value.pluginId === pluginId) map.delete(key);
    }
    if (this.decorationsByPlugin.delete(pluginId)) this.changes.fire({ kind: 'decorations', pluginId });
    this.changes.fire({ kind: 'registration', pluginId });
  }

  hasPlugin(pluginId: string): boolean {
    return this.manifests.has(pluginId);
  }

  // ----- static contributions

  private all<T>(pick: (c: PluginContributions, manifest: PluginManifest) => readonly T[]): (T & { readonly pluginId: string })[] {
    return [...this.manifests.values()].flatMap((m) => pick(m.contributes, m).map((entry) => ({ ...entry, pluginId: m.id })));
  }

  commands(): RegisteredCommand[] {
    return this.all((c) => c.commands).map((c) => ({
      pluginId: c.pluginId,
      command: c.command,
      title: c.title,
      ...(c.category !== undefined ? { category: c.category } : {}),
      ...(c.enablement !== undefined ? { enablement: c.enablement } : {}),
      registered: this.isRegistered(c.pluginId, 'command', c.command),
    }));
  }

  /** The plugin that contributes a command, if any. */
  commandOwner(command: string): string | undefined {
    return this.all((c) => c.commands).find((c) => c.command === command)?.pluginId;
  }

  menuItems(location: MenuLocation): { pluginId: string; command: string; when?: string | undefined; group?: string | undefined }[] {
    return this.all((c) => c.menus[location]);
  }

  keybindings(): { pluginId: string; command: string; key: string; mac?: string | undefined; when?: string | undefined }[] {
    return this.all((c) => c.keybindings);
  }

  /** Settings schemas, one entry per plugin that declares settings. */
  configurations(): { pluginId: string; title: string; properties: Readonly<Record<string, SettingContribution>> }[] {
    return [...this.manifests.values()]
      .filter((m) => m.contributes.configuration)
      .map((m) => ({ pluginId: m.id, title: m.contributes.configuration!.title ?? m.name, properties: m.contributes.configuration!.properties }));
  }

  /** Default values of a plugin's settings. */
  configurationDefaults(pluginId: string): Record<string, JsonValue> {
    const properties = this.manifests.get(pluginId)?.contributes.configuration?.properties ?? {};
    const defaults: Record<string, JsonValue> = {};
    for (const [key, setting] of Object.entries(properties)) if (setting.default !== undefined) defaults[key] = setting.default as JsonValue;
    return defaults;
  }

  views(): (ViewContribution & { pluginId: string })[] {
    return this.all((c) => c.views);
  }

  viewOwner(viewId: string): string | undefined {
    return this.views().find((v) => v.id === viewId)?.pluginId;
  }

  scoringRules(): (ScoringRuleContribution & { pluginId: string; registered: boolean })[] {
    return this.all((c) => c.scoringRules).map((r) => ({ ...r, registered: this.isRegistered(r.pluginId, 'scoringRule', r.id) }));
  }

  suggestionProviders(): { pluginId: string; id: string; title: string; description?: string | undefined; registered: boolean }[] {
    return this.all((c) => c.suggestionProviders).map((p) => ({ ...p, registered: this.isRegistered(p.pluginId, 'suggestionProvider', p.id) }));
  }

  diagnosticsSources(): { pluginId: string; id: string; name: string }[] {
    return this.all((c) => c.diagnosticsSources);
  }

  processTemplates(): { pluginId: string; id: string; name: string; description?: string | undefined; file: string }[] {
    return this.all((c) => c.processTemplates);
  }

  // ----- run-time registrations and published data

  setRegistered(pluginId: string, kind: RegistrationKind, id: string, registered: boolean): void {
    let set = this.registrations.get(pluginId);
    if (!set) this.registrations.set(pluginId, (set = new Set()));
    if (registered) set.add(`${kind}:${id}`);
    else set.delete(`${kind}:${id}`);
    this.changes.fire({ kind: 'registration', pluginId, id });
  }

  isRegistered(pluginId: string, kind: RegistrationKind, id: string): boolean {
    return this.registrations.get(pluginId)?.has(`${kind}:${id}`) ?? false;
  }

  setViewContent(pluginId: string, viewId: string, content: ViewContent): void {
    this.contents.set(viewId, { pluginId, content });
    this.changes.fire({ kind: 'viewContent', pluginId, id: viewId });
  }

  /** A lazy tree's data changed (`onDidChangeTreeData`): views showing it ask for its rows again. */
  treeDataChanged(pluginId: string, viewId: string, handle?: number): void {
    this.changes.fire({ kind: 'treeData', pluginId, id: viewId, ...(handle !== undefined ? { handle } : {}) });
  }

  viewContent(viewId: string): ViewContent | undefined {
    return this.contents.get(viewId)?.content;
  }

  /** Replaces a plugin's diagram decorations; an empty list without a legend removes them. */
  setDecorations(pluginId: string, decorations: readonly DiagramDecoration[], legend?: DecorationLegend): void {
    if (decorations.length === 0 && !legend) this.decorationsByPlugin.delete(pluginId);
    else this.decorationsByPlugin.set(pluginId, { pluginId, decorations, ...(legend ? { legend } : {}) });
    this.changes.fire({ kind: 'decorations', pluginId });
  }

  /** Every plugin's decorations. */
  decorations(): DecorationsEntry[] {
    return [...this.decorationsByPlugin.values()];
  }

  setDiagnostics(pluginId: string, source: string, byElement: Readonly<Record<string, readonly DiagnosticItem[]>>): void {
    this.diagnosticsBySource.set(`${pluginId}\u0000${source}`, { pluginId, source, byElement });
    this.changes.fire({ kind: 'diagnostics', pluginId, id: source });
  }

  clearDiagnostics(pluginId: string, source: string): void {
    this.diagnosticsBySource.delete(`${pluginId}\u0000${source}`);
    this.changes.fire({ kind: 'diagnostics', pluginId, id: source });
  }

  diagnostics(): DiagnosticsEntry[] {
    return [...this.diagnosticsBySource.values()];
  }

  /** Every diagnostic on one element, across plugins and sources. */
  diagnosticsFor(elementId: string): (DiagnosticItem & { pluginId: string; source: string })[] {
    return this.diagnostics().flatMap((entry) => (entry.byElement[elementId] ?? []).map((item) => ({ ...item, pluginId: entry.pluginId, source: entry.source })));
  }

  setStatusBarItem(entry: StatusBarEntry): void {
    this.statusBar.set(`${entry.pluginId}\u0000${entry.id}`, entry);
    this.changes.fire({ kind: 'statusBar', pluginId: entry.pluginId, id: entry.id });
  }

  removeStatusBarItem(pluginId: string, id: string): void {
    this.statusBar.delete(`${pluginId}\u0000${id}`);
    this.changes.fire({ kind: 'statusBar', pluginId, id });
  }

  /** Visible status bar items, highest priority first. */
  statusBarItems(): StatusBarEntry[] {
    return [...this.statusBar.values()].filter((e) => e.visible).sort((a, b) => b.priority - a.priority);
  }

  appendOutput(pluginId: string, name: string, text: string): void {
    const key = `${pluginId}\u0000${name}`;
    const previous = this.output.get(key)?.text ?? '';
    const combined = previous + text;
    this.output.set(key, { pluginId, name, text: combined.length > MAX_OUTPUT_CHARS ? combined.slice(-MAX_OUTPUT_CHARS) : combined });
    this.changes.fire({ kind: 'output', pluginId, id: name });
  }

  clearOutput(pluginId: string, name: string, remove = false): void {
    const key = `${pluginId}\u0000${name}`;
    if (remove) this.output.delete(key);
    else if (this.output.has(key)) this.output.set(key, { pluginId, name, text: '' });
    this.changes.fire({ kind: 'output', pluginId, id: name });
  }

  outputChannels(): OutputEntry[] {
    return [...this.output.values()];
  }

  setContextKey(pluginId: string, key: string, value: string | number | boolean | null): void {
    this.contextKeyValues.set(key, { pluginId, value });
    this.changes.fire({ kind: 'contextKeys', pluginId, id: key });
  }

  /** Context keys set by plugins, for evaluating `when` clauses. */
  contextKeys(): Record<string, string | number | boolean | null> {
    return Object.fromEntries([...this.contextKeyValues].map(([key, entry]) => [key, entry.value]));
  }
}

/** A Disposable that does nothing (for listeners that may not be installed). */
export const NO_DISPOSABLE: Disposable = { dispose() {} };
