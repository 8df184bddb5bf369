// Maps what plugins contribute (host.contributions: data plus change events) onto the workbench's registries:
// commands (palette, category = the command's, else the plugin name), keybindings, settings, side-bar views, Problems (source
// `plugin:<id>`) with diagram markers, status-bar items, the Output log and context keys. Everything a plugin
// registered is disposed when it crashes, is disabled or uninstalled (the host removes its contributions).
import { reservedKeybinding, type JsonValue, type PluginManifest, type ReservedKeybinding, type SettingContribution } from '@leanflow/plugin-api';
import type { ContributionChange } from '@leanflow/plugin-host';
import { DisposableStore, toDisposable, type Disposable } from '../../base/lifecycle.ts';
import type { SettingSchema } from '../../services/settings.ts';
import type { PluginHost, PluginState } from '@leanflow/plugin-host';
import { DecorationPainter, type DecoratedEditor } from './decorations.ts';
import type { ExtensionsMessageKey } from './messages.ts';
import type { PluginInstallIssue, PluginWorkbench } from './types.ts';

/** What the bridge needs from the plugin service. */
export interface BridgeOwner {
  readonly host: PluginHost;
  m(key: ExtensionsMessageKey, params?: Record<string, string | number>): string;
  manifest(id: string): PluginManifest | undefined;
  info(id: string): { readonly state: PluginState } | undefined;
  readonly activeModel: { readonly documentId: string | undefined };
  /** Resolves when the model plugins see has caught up with the active document. */
  whenModelUpdated(): Promise<void>;
}

/** Activity-bar icons of contributed views, by kind. */
export const VIEW_ICONS: Record<string, string> = {
  table: '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M4 5h16v14H4zM4 10h16M4 14.5h16M10 10v9"/></svg>',
  keyFigures: '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M4 5h7v6H4zM13 5h7v6h-7zM4 13h7v6H4zM13 13h7v6h-7z"/></svg>',
  chart: '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M4 20h16M6 17l4-5 3 3 5-7"/></svg>',
  markdown: '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M5 4h10l4 4v12H5zM8 11h8M8 14.5h8M8 18h5"/></svg>',
  tree: '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M5 4v14h5M5 9h5M12 7h7M12 12h7M12 17h7"/></svg>',
  sections: '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M4 20V10M9.3 20V4M14.6 20v-7M20 20V7M3 20.5h18"/></svg>',
};

const MARKER = { error: 'lf-plugin-marker-error', warning: 'lf-plugin-marker-warning', info: 'lf-plugin-marker-info' } as const;

function humanize(key: string): string {
  const last = key.split('.').pop() ?? key;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A plugin setting as a workbench setting schema (only string, number/integer and boolean are shown). */
export function toSettingSchema(id: string, setting: SettingContribution, category: string): SettingSchema | undefined {
  const type = setting.type === 'integer' ? 'number' : setting.type;
  if (type !== 'string' && type !== 'number' && type !== 'boolean') return undefined;
  const fallback = type === 'string' ? '' : type === 'number' ? (setting.minimum ?? 0) : false;
  const value = typeof setting.default === type ? (setting.default as string | number | boolean) : fallback;
  const enumValues = setting.enum?.filter((v): v is string | number => typeof v === type);
  return {
    id,
    type,
    default: enumValues && enumValues.length > 0 && !enumValues.includes(value as string | number) ? enumValues[0]! : value,
    title: humanize(id),
    description: setting.description ?? '',
    category,
    ...(enumValues && enumValues.length > 0 ? { enum: enumValues } : {}),
    ...(setting.minimum !== undefined ? { minimum: setting.minimum } : {}),
    ...(setting.maximum !== undefined ? { maximum: setting.maximum } : {}),
  };
}

/** A keybinding of a plugin that takes one of the studio's core chords (see RESERVED_KEYBINDINGS), so it is not registered. */
export interface RefusedKeybinding {
  readonly command: string;
  /** The chord as the manifest spells it. */
  readonly key: string;
  readonly reserved: ReservedKeybinding;
}

/** The manifest's keybindings that the studio refuses (the same check as `validateManifest`'s warnings). */
export function refusedKeybindings(manifest: PluginManifest): RefusedKeybinding[] {
  const refused: RefusedKeybinding[] = [];
  for (const binding of manifest.contributes.keybindings) {
    for (const key of [binding.key, binding.mac]) {
      const reserved = key === undefined ? undefined : reservedKeybinding(key);
      if (reserved && key !== undefined) {
        refused.push({ command: binding.command, key, reserved });
        break;
      }
    }
  }
  return refused;
}

export class ContributionBridge implements Disposable {
  private readonly disposables = new DisposableStore();
  /** Static registrations (commands, keys, settings, views) per plugin. */
  private readonly staticByPlugin = new Map<string, DisposableStore>();
  private readonly statusItems = new Map<string, Map<string, Disposable>>();
  private readonly outputSeen = new Map<string, number>();
  private readonly contextKeysByPlugin = new Map<string, Set<string>>();
  private readonly settingOwner = new Map<string, string>();
  private readonly diagnosticsDocument = new Map<string, string>();
  private markers: { canvas: { removeMarker(id: string, marker: string): void }; elementId: string; marker: string }[] = [];
  private painter: DecorationPainter | undefined;

  constructor(
    private readonly service: BridgeOwner,
    private readonly workbench: PluginWorkbench,
    private readonly renderView?: (container: HTMLElement, viewId: string) => Disposable,
  ) {
    const contributions = service.host.contributions;
    this.disposables.add(contributions.onDidChange((change) => this.onChange(change)));
    // Decorations follow the active editor, and come back after a re-import (a language switch re-creates bpmn-js).
    if (workbench.onDidLoadEditor) this.disposables.add(workbench.onDidLoadEditor(() => this.syncDecorations(true)));
    this.disposables.add(workbench.documents.onDidChange(() => this.syncDecorations()));
    this.disposables.add(
      workbench.settings.onDidChange((id) => {
        const owner = this.settingOwner.get(id);
        if (owner) service.host.configurationChanged(owner, [id]);
      }),
    );
  }

  /** Ids the manifest would take that the studio or another plugin already uses. */
  conflicts(manifest: PluginManifest): PluginInstallIssue[] {
    const issues: PluginInstallIssue[] = [];
    const owner = (pluginId: string | undefined) => (pluginId === undefined ? this.service.m('extensions.theStudio') : (this.service.manifest(pluginId)?.name ?? pluginId));
    const contributions = this.service.host.contributions;
    const check = (field: string, id: string, ownerId: string | undefined, takenByStudio: boolean) => {
      if (ownerId === manifest.id) return;
      if (ownerId !== undefined || takenByStudio) issues.push({ code: 'plugin.conflict', severity: 'error', field, message: this.service.m('extensions.conflict', { field, id, owner: owner(ownerId) }) });
    };
    const pluginOf = (pluginId: string) => (this.service.manifest(pluginId) ? pluginId : undefined);
    manifest.contributes.commands.forEach((c, i) => {
      const ownerId = contributions.commandOwner(c.command) ?? this.commandOwnerOf(c.command);
      check(`contributes.commands.${i}.command`, c.command, ownerId && pluginOf(ownerId), !ownerId && this.workbench.commands.get(c.command) !== undefined);
    });
    manifest.contributes.views.forEach((v, i) => {
      const ownerId = contributions.viewOwner(v.id);
      check(`contributes.views.${i}.id`, v.id, ownerId, !ownerId && this.workbench.views.get(v.id) !== undefined);
    });
    for (const key of Object.keys(manifest.contributes.configuration?.properties ?? {})) {
      const ownerId = this.settingOwner.get(key);
      check(`contributes.configuration.properties.${key}`, key, ownerId, !ownerId && this.workbench.settings.schema(key) !== undefined);
    }
    return issues;
  }

  /** The user's values of a plugin's settings (the host adds the defaults underneath). */
  configurationOf(pluginId: string): Record<string, JsonValue> {
    const values: Record<string, JsonValue> = {};
    for (const [id, owner] of this.settingOwner) {
      if (owner === pluginId && this.workbench.settings.schema(id) && this.workbench.settings.isModified(id)) values[id] = this.workbench.settings.get(id);
    }
    return values;
  }

  dispose(): void {
    this.painter?.clear();
    this.disposables.dispose();
    for (const store of this.staticByPlugin.values()) store.dispose();
    this.staticByPlugin.clear();
  }

  private commandOwnerOf(command: string): string | undefined {
    for (const [pluginId] of this.staticByPlugin) if (this.service.manifest(pluginId)?.contributes.commands.some((c) => c.command === command)) return pluginId;
    return undefined;
  }

  private onChange(change: ContributionChange): void {
    switch (change.kind) {
      case 'manifest':
        this.syncStatic(change.pluginId);
        this.syncRuntime(change.pluginId);
        return;
      case 'registration':
        if (change.id === undefined) this.syncRuntime(change.pluginId);
        return;
      case 'statusBar':
        return this.syncStatusBar(change.pluginId);
      case 'diagnostics':
        return this.syncDiagnostics(change.pluginId);
      case 'output':
        return this.syncOutput(change.pluginId);
      case 'contextKeys':
        return this.syncContextKeys(change.pluginId, change.id);
      case 'decorations':
        return this.syncDecorations();
      default:
        return;
    }
  }

  /** Paints every plugin's decorations on the active editor (the last legend given wins). */
  private syncDecorations(reloaded = false): void {
    const editor = this.workbench.activeEditor as DecoratedEditor | undefined;
    if (this.painter && (this.painter.editor !== editor || reloaded)) {
      this.painter.clear();
      this.painter = undefined;
    }
    const entries = this.service.host.contributions.decorations();
    if (!editor?.modeler || entries.length === 0) {
      this.painter?.clear();
      return;
    }
    this.painter ??= new DecorationPainter(editor);
    const legend = entries.map((e) => e.legend).filter((l) => l !== undefined).at(-1);
    this.painter.paint(
      entries.flatMap((e) => e.decorations),
      legend,
    );
  }

  private syncRuntime(pluginId: string): void {
    this.syncStatusBar(pluginId);
    this.syncDiagnostics(pluginId);
    this.syncOutput(pluginId);
    this.syncContextKeys(pluginId);
  }

  private syncStatic(pluginId: string): void {
    this.staticByPlugin.get(pluginId)?.dispose();
    this.staticByPlugin.delete(pluginId);
    for (const [id, owner] of [...this.settingOwner]) if (owner === pluginId) this.settingOwner.delete(id);
    const host = this.service.host;
    if (!host.contributions.hasPlugin(pluginId)) return;
    const manifest = this.service.manifest(pluginId);
    if (!manifest) return;
    const store = new DisposableStore();
    this.staticByPlugin.set(pluginId, store);
    const { commands, keybindings, settings, views, output } = this.workbench;
    const c = manifest.contributes;
    const text = this.localizer(manifest);
    const report = (what: string, error: unknown) => output.append(`[${manifest.name}] ${what}: ${error instanceof Error ? error.message : String(error)}`, 'warning');
    for (const command of c.commands) {
      const palette = c.menus.commandPalette.find((m) => m.command === command.command);
      try {
        store.add(
          commands.register({
            id: command.command,
            title: text(command.title),
            // The command's own category when it declares one (it was ignored), else the plugin's name.
            category: text(command.category ?? manifest.name),
            ...(palette?.when !== undefined ? { when: palette.when } : {}),
            ...(command.enablement !== undefined ? { enablement: command.enablement } : {}),
            handler: async (...args: unknown[]) => {
              const json = JSON.parse(JSON.stringify(args.filter((a) => a !== undefined))) as JsonValue[];
              // A command acts on what the user sees: an edit still in its debounce must reach the plugin first.
              await this.service.whenModelUpdated();
              const outcome = await host.executeCommand(command.command, ...json);
              // A crash has its own notification (with the reason); do not add a second one.
              if (!outcome.ok && this.service.info(pluginId)?.state !== 'crashed') {
                this.workbench.notifications.notify({ severity: 'error', title: this.service.m('extensions.commandFailed', { name: manifest.name, detail: outcome.location ? `${outcome.error} (${outcome.location})` : outcome.error }), code: 'plugin.commandFailed' });
                return undefined;
              }
              return outcome.ok ? outcome.value : undefined;
            },
          }),
        );
      } catch (error) {
        report(command.command, error);
      }
    }
    // Core chords (save, undo, the palette...) stay the studio's: such a binding is refused, the rest still works.
    const refused = refusedKeybindings(manifest);
    for (const r of refused) output.append(`[${manifest.name}] ${this.service.m('extensions.keybindingRefused', { key: r.key, title: r.reserved.title, reserved: r.reserved.key })}`, 'warning');
    for (const binding of c.keybindings) {
      if (refused.some((r) => r.command === binding.command && (r.key === binding.key || r.key === binding.mac))) continue;
      try {
        store.add(
          keybindings.register({
            command: binding.command,
            key: binding.key,
            source: manifest.name,
            ...(binding.mac ? { mac: binding.mac } : {}),
            ...(binding.when ? { when: binding.when } : {}),
          }),
        );
      } catch (error) {
        report(binding.key, error);
      }
    }
    const category = c.configuration?.title ?? manifest.name;
    for (const [id, setting] of Object.entries(c.configuration?.properties ?? {})) {
      const english = toSettingSchema(id, setting, category);
      if (!english) continue;
      // Titles, descriptions and the category follow the language like the plugin's commands (its `l10n`).
      const schema = { ...english, title: text(english.title), description: text(english.description), category: text(category) };
      try {
        store.add(settings.register(schema));
        this.settingOwner.set(id, pluginId);
      } catch (error) {
        report(id, error);
      }
    }
    c.views.forEach((view, index) => {
      try {
        store.add(
          views.register({
            id: view.id,
            // The plugin's name too: two plugins may both have a "Summary" view (not twice when they are the same).
            title: view.name === manifest.name ? text(view.name) : `${this.workbench.i18n.localize(text(view.name))} · ${this.workbench.i18n.localize(text(manifest.name))}`,
            icon: VIEW_ICONS[view.kind] ?? VIEW_ICONS['markdown']!,
            order: view.order ?? 910 + index,
            render: (container) => {
              // A view that needs room widens the side bar when it opens.
              const layout = this.workbench.layout;
              if (view.minWidth !== undefined && layout.value.sidebarWidth < view.minWidth) layout.update({ sidebarWidth: view.minWidth });
              return this.renderView ? this.renderView(container, view.id) : toDisposable(() => {});
            },
          }),
        );
      } catch (error) {
        report(view.id, error);
      }
    });
  }

  /**
   * The manifest's texts as `%key%` messages of the workbench catalogue (English and every language of its `l10n`),
   * so titles follow a language switch like the studio's own; without `l10n` texts pass through unchanged.
   */
  private localizer(manifest: PluginManifest): (english: string) => string {
    const l10n = manifest.l10n;
    if (!l10n) return (english) => english;
    const keys = new Map<string, string>();
    return (english) => {
      let key = keys.get(english);
      if (key === undefined) {
        key = `plugin.${manifest.id.replace(/[^\w.-]/g, '_')}.text${keys.size}`;
        keys.set(english, key);
        this.workbench.i18n.addMessages('en', { [key]: english });
        for (const [language, texts] of Object.entries(l10n)) {
          if (language === 'zh-CN') this.workbench.i18n.addMessages(language, { [key]: texts[english] ?? english });
        }
      }
      return `%${key}%`;
    };
  }

  private syncStatusBar(pluginId: string): void {
    const mine = this.statusItems.get(pluginId) ?? new Map<string, Disposable>();
    this.statusItems.set(pluginId, mine);
    for (const item of mine.values()) item.dispose();
    mine.clear();
    for (const entry of this.service.host.contributions.statusBarItems()) {
      if (entry.pluginId !== pluginId) continue;
      mine.set(
        entry.id,
        this.workbench.statusBar.set({
          id: `plugin:${pluginId}:${entry.id}`,
          text: entry.text,
          ...(entry.tooltip !== undefined ? { tooltip: entry.tooltip } : {}),
          ...(entry.command !== undefined && this.workbench.commands.get(entry.command) ? { command: entry.command } : {}),
          alignment: entry.alignment,
          priority: entry.priority,
        }),
      );
    }
  }

  private syncDiagnostics(pluginId: string): void {
    const source = `plugin:${pluginId}`;
    const name = this.service.manifest(pluginId)?.name ?? pluginId;
    const documentId = this.service.activeModel.documentId;
    const previous = this.diagnosticsDocument.get(pluginId);
    if (previous !== undefined && previous !== documentId) this.workbench.problems.set(previous, source, []);
    if (documentId === undefined) return;
    const entries = this.service.host.contributions.diagnostics().filter((d) => d.pluginId === pluginId);
    const problems = entries.flatMap((entry) =>
      Object.entries(entry.byElement).flatMap(([elementId, items]) =>
        items.map((item) => ({ severity: item.severity, message: item.message, source: name, elementId, ...(item.code !== undefined ? { code: item.code } : {}) })),
      ),
    );
    this.workbench.problems.set(documentId, source, problems);
    this.diagnosticsDocument.set(pluginId, documentId);
    this.syncMarkers();
  }

  /** Marks elements with plugin diagnostics on the diagram (worst severity wins). */
  private syncMarkers(): void {
    for (const m of this.markers) m.canvas.removeMarker(m.elementId, m.marker);
    this.markers = [];
    const modeler = this.workbench.activeEditor?.modeler as { get<T>(name: string): T } | undefined;
    if (!modeler) return;
    const canvas = modeler.get<{ addMarker(id: string, marker: string): void; removeMarker(id: string, marker: string): void }>('canvas');
    const registry = modeler.get<{ get(id: string): unknown }>('elementRegistry');
    const worst = new Map<string, 'error' | 'warning' | 'info'>();
    const rank = { error: 3, warning: 2, info: 1 } as const;
    for (const entry of this.service.host.contributions.diagnostics()) {
      for (const [elementId, items] of Object.entries(entry.byElement)) {
        for (const item of items) if (!worst.has(elementId) || rank[item.severity] > rank[worst.get(elementId)!]) worst.set(elementId, item.severity);
      }
    }
    for (const [elementId, severity] of worst) {
      if (!registry.get(elementId)) continue;
      canvas.addMarker(elementId, MARKER[severity]);
      this.markers.push({ canvas, elementId, marker: MARKER[severity] });
    }
  }

  private syncOutput(pluginId: string): void {
    const name = this.service.manifest(pluginId)?.name ?? pluginId;
    const channels = this.service.host.contributions.outputChannels().filter((c) => c.pluginId === pluginId);
    for (const channel of channels) {
      const key = `${pluginId}\u0000${channel.name}`;
      const seen = this.outputSeen.get(key) ?? 0;
      const from = channel.text.length < seen ? 0 : seen;
      const added = channel.text.slice(from);
      this.outputSeen.set(key, channel.text.length);
      const label = channel.name === 'console' ? name : `${name} · ${channel.name}`;
      for (const line of added.split('\n').filter((l) => l.trim() !== '')) this.workbench.output.append(this.service.m('extensions.output', { name: label, text: line }));
    }
    for (const key of [...this.outputSeen.keys()]) {
      if (key.startsWith(`${pluginId}\u0000`) && !channels.some((c) => key === `${pluginId}\u0000${c.name}`)) this.outputSeen.delete(key);
    }
  }

  private syncContextKeys(pluginId: string, key?: string): void {
    const values = this.service.host.contributions.contextKeys();
    const mine = this.contextKeysByPlugin.get(pluginId) ?? new Set<string>();
    this.contextKeysByPlugin.set(pluginId, mine);
    const ownedByOthers = (k: string) => [...this.contextKeysByPlugin].some(([other, keys]) => other !== pluginId && keys.has(k));
    // A plugin never changes the studio's own keys (documentOpen...) or another plugin's.
    if (key !== undefined && key in values && (mine.has(key) || (this.workbench.contextKeys.get(key) === undefined && !ownedByOthers(key)))) {
      mine.add(key);
      this.workbench.contextKeys.set(key, values[key] ?? undefined);
    }
    for (const k of [...mine]) {
      if (!(k in values)) {
        this.workbench.contextKeys.set(k, undefined);
        mine.delete(k);
      }
    }
  }
}
