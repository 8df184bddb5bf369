// The plugin platform inside the studio: one plugin host (one Web Worker per plugin), the HostServices that
// connect it to the workbench (model, edits, simulation, notifications, quick picks, storage, settings), the
// install/uninstall/enable/disable life cycle with persistence, and the refusal of bad packages with messages
// that name the field. Contributions reach the workbench's registries through ContributionBridge.
import { API_VERSION, validateManifest } from '@leanflow/plugin-api';
import type { ActiveModel, EditResult, JsonValue, ManifestIssue, PluginManifest, SimulationOptions, SimulationOutcome, SimulationProgress, SimulationRunEvent, SimulationSummary } from '@leanflow/plugin-api';
import {
  createPluginHost,
  modelFromBpmn,
  downloadPackage,
  NPM_REGISTRY,
  readPluginFiles,
  readPluginZip,
  RegistryError,
  searchPlugins,
  type HostServices,
  type RegistryPackage,
  type PluginBundle,
  type PluginErrorReport,
  type PluginHost,
  type PluginLimits,
  type PluginStatus,
  type QuickPickRequest,
  type ScoringReport,
  type TransportFactory,
} from '@leanflow/plugin-host';
import { DisposableStore, Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import { applyEditProposal } from './apply-edits.ts';
import { ContributionBridge } from './contribution-bridge.ts';
import { readPluginFolder, watchPluginFolder, type DirectoryLike } from './dev-folder.ts';
import type { ExtensionsMessageKey } from './messages.ts';
import type { PluginStore, StoredPlugin } from './plugin-store.ts';
import type { PluginInstallIssue, PluginWorkbench } from './types.ts';

export type { PluginInstallIssue, PluginWorkbench } from './types.ts';

/** What the Extensions view shows about one plugin. */
export interface PluginInfo extends PluginStatus {
  readonly description?: string;
  readonly builtIn: boolean;
  /** Installed by the authoring view's Run: not stored, gone after a reload. */
  readonly development: boolean;
  readonly source?: string;
  readonly lastError?: string;
  /** A development plugin loaded from a folder: the folder's name, while its files are watched. */
  readonly watchedFolder?: string;
}

export type PluginInstallResult = { readonly ok: true; readonly plugin: PluginInfo } | { readonly ok: false; readonly issues: readonly PluginInstallIssue[] };

/** Options of the service; everything the browser provides is injectable so Node tests run the real host. */
export interface PluginServiceOptions {
  readonly workbench: PluginWorkbench;
  readonly createTransport: TransportFactory;
  readonly store: PluginStore;
  /**
   * The plugins shipped with the studio (installed first, cannot be uninstalled), or a function that loads them:
   * the studio fetches their bundled code as a separate chunk so it does not weigh on the first paint.
   */
  readonly builtIns?: readonly PluginBundle[] | (() => Promise<readonly PluginBundle[]>);
  /** Renders a contributed view into a side-bar container (the lit renderers; absent in Node tests). */
  readonly renderView?: (container: HTMLElement, viewId: string, service: PluginService) => Disposable;
  readonly showQuickPick?: (request: QuickPickRequest) => Promise<number | undefined>;
  /** Reads BPMN XML into the model plugins see; the studio does it in a worker (default: on this thread). */
  readonly parseModel?: (xml: string, uri: string) => Promise<ActiveModel | undefined>;
  /** Runs the engine off the UI thread (a Web Worker in the studio). */
  readonly runSimulation?: (model: ActiveModel, options: SimulationOptions) => Promise<SimulationSummary>;
  /**
   * The studio's own simulation of the active document (its controller), with progress and cancellation. When
   * given, every plugin run goes through it (`runSimulation` is not used).
   */
  readonly simulate?: (
    options: SimulationOptions,
    control: { readonly signal: AbortSignal; readonly onProgress: (progress: SimulationProgress) => void },
  ) => Promise<SimulationOutcome>;
  /** Finished simulations of open documents, whoever started them (plugins hear of them: `onDidFinishRun`). */
  readonly onDidFinishSimulation?: (listener: (run: SimulationRunEvent) => void) => Disposable;
  readonly fetch?: (url: string) => Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }>;
  /** Delay between a document change and the plugins hearing of it. */
  readonly modelDebounceMs?: number;
  readonly limits?: Partial<PluginLimits>;
}

interface Installed {
  readonly manifest: PluginManifest;
  readonly builtIn: boolean;
  readonly development: boolean;
  readonly source?: string;
}

/** The setting that names the npm-compatible registry of the Extensions view's search and install. */
export const REGISTRY_SETTING = 'extensions.registry';

const textDecoder = new TextDecoder();
const toIssue = (issue: ManifestIssue | PluginInstallIssue): PluginInstallIssue => ({
  code: issue.code,
  severity: issue.severity === 'warning' ? 'warning' : 'error',
  ...(issue.field !== undefined ? { field: issue.field } : {}),
  message: issue.message,
});

/**
 * The plugin platform (`workbench.services.get(PLUGIN_SERVICE)`): install, remove and run plugins.
 *
 * @example
 * const plugins = workbench.services.get(PLUGIN_SERVICE);
 * const result = await plugins.installFromSource({ manifest, code, development: true });
 * if (!result.ok) showIssues(result.issues);
 * const report = await plugins.runScoring(workbench.documents.active!.id);
 */
export class PluginService implements Disposable {
  readonly host: PluginHost;
  private readonly workbench: PluginWorkbench;
  private readonly store: PluginStore;
  private readonly options: PluginServiceOptions;
  private readonly installed = new Map<string, Installed>();
  /** Development plugins loaded from a folder, by plugin id: the folder's name and its watcher. */
  private readonly folderWatchers = new Map<string, { readonly folder: string; readonly watcher: { dispose(): void } }>();
  private readonly disposables = new DisposableStore();
  private readonly changed = new Emitter<void>();
  private readonly modelListeners = new Set<(model: ActiveModel | undefined) => void>();
  private readonly bridge: ContributionBridge;
  private model: ActiveModel | undefined;
  private modelDocumentId: string | undefined;
  private modelVersion = 0;
  private modelTimer: ReturnType<typeof setTimeout> | undefined;
  private modelUpdate: Promise<void> = Promise.resolve();
  private started = false;
  private finishStartup: () => void = () => {};
  private readonly startup = new Promise<void>((resolve) => (this.finishStartup = resolve));
  private starting = false;
  /** Fires when a plugin is installed, removed or changes state. */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(options: PluginServiceOptions) {
    this.options = options;
    this.workbench = options.workbench;
    this.store = options.store;
    this.host = createPluginHost({ services: this.createHostServices(), createTransport: options.createTransport, ...(options.limits ? { limits: options.limits } : {}) });
    const renderView = options.renderView;
    this.bridge = this.disposables.add(new ContributionBridge(this, this.workbench, renderView ? (container, viewId) => renderView(container, viewId, this) : undefined));
    this.disposables.add(
      this.host.onDidChangeStatus((status) => {
        if (status.state === 'crashed' && status.reason) {
          this.workbench.notifications.notify({
            severity: 'error',
            title: this.m('extensions.crashed', { name: status.name, reason: status.reason }),
            detail: this.m('extensions.crashed.detail'),
            code: 'plugin.crashed',
          });
          this.workbench.output.append(this.m('extensions.crashed', { name: status.name, reason: status.reason }), 'error');
        }
        this.changed.fire();
      }),
    );
    this.disposables.add(this.workbench.i18n.onDidChangeLanguage(() => this.host.languageChanged(this.workbench.i18n.language)));
    const documents = this.workbench.documents;
    this.disposables.add(documents.onDidChange(() => documents.active?.id !== this.modelDocumentId && this.scheduleModelUpdate(0)));
    this.disposables.add(documents.onDidChangeContent((id) => id === documents.active?.id && this.scheduleModelUpdate(this.options.modelDebounceMs ?? 300)));
  }

  /** A workbench message of this feature. */
  m(key: ExtensionsMessageKey, params?: Record<string, string | number>): string {
    return this.workbench.i18n.localize(`%${key}%`, params);
  }

  /** Installs the built-ins and the stored plugins, then fires `onStartupFinished`. */
  async start(): Promise<void> {
    if (this.started || this.starting) return;
    this.starting = true;
    // Built-ins first, before storage or the model: their commands and key bindings (F5 of the Simulation plugin)
    // exist from the first moment the studio can be used (their chunk is fetched as the studio boots).
    const builtInIds: string[] = [];
    const builtIns = typeof this.options.builtIns === 'function' ? await this.loadBuiltIns(this.options.builtIns) : (this.options.builtIns ?? []);
    for (const bundle of builtIns) {
      const result = await this.installBundle(bundle, { builtIn: true, development: false, persist: false, notify: true });
      if (result.ok) builtInIds.push(result.plugin.id);
    }
    await this.updateModel();
    let stored: StoredPlugin[] = [];
    try {
      stored = await this.store.loadPlugins();
    } catch (error) {
      this.workbench.output.append(`plugins: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
    const flags = new Map(stored.map((p) => [p.id, p]));
    for (const id of builtInIds) if (flags.get(id)?.enabled === false) await this.host.disable(id);
    this.started = true;
    for (const plugin of stored) {
      if (plugin.builtIn || plugin.code === undefined) continue;
      const bundle: PluginBundle = { manifest: plugin.manifest, code: plugin.code, ...(plugin.files ? { files: plugin.files } : {}), ...(plugin.source ? { source: plugin.source } : {}), ...(plugin.sourceMap !== undefined ? { sourceMap: plugin.sourceMap } : {}) };
      const result = await this.installBundle(bundle, { builtIn: false, development: false, persist: false, notify: true });
      if (result.ok && !plugin.enabled) await this.host.disable(result.plugin.id);
    }
    await this.host.startupFinished();
    this.finishStartup();
    this.changed.fire();
  }

  private async loadBuiltIns(load: () => Promise<readonly PluginBundle[]>): Promise<readonly PluginBundle[]> {
    try {
      return await load();
    } catch (error) {
      // Offline after an update, or a blocked chunk: the studio still works, without its built-in plugins.
      const detail = error instanceof Error ? error.message : String(error);
      this.workbench.output.append(`plugins: the built-in plugins could not be loaded: ${detail}`, 'error');
      this.workbench.notifications.notify({ severity: 'error', title: this.m('extensions.builtInsFailed', { detail }), code: 'plugin.builtInsFailed' });
      return [];
    }
  }

  /** Resolves once the built-in and stored plugins are installed and started (asking them earlier races their install). */
  whenStarted(): Promise<void> {
    return this.startup;
  }

  // ----- installing

  /** A .zip, or a manifest (leanflow-plugin.json) together with its bundle (.js). Refusals are shown as notifications. */
  async installFromFiles(files: readonly File[]): Promise<PluginInstallResult[]> {
    const results: PluginInstallResult[] = [];
    const zips = files.filter((f) => /\.zip$/i.test(f.name));
    const manifests = files.filter((f) => /\.json$/i.test(f.name));
    const scripts = files.filter((f) => /\.(m?js)$/i.test(f.name));
    for (const other of files.filter((f) => !zips.includes(f) && !manifests.includes(f) && !scripts.includes(f))) {
      results.push(this.refuse(other.name, [{ code: 'plugin.file', severity: 'error', message: this.m('extensions.unsupportedFile', { file: other.name }) }]));
    }
    for (const zip of zips) {
      const loaded = readPluginZip(new Uint8Array(await zip.arrayBuffer()), zip.name);
      results.push(loaded.ok ? await this.installBundle({ ...loaded.bundle, source: zip.name }, { notify: true }) : this.refuse(zip.name, loaded.issues));
    }
    if (manifests.length === 0 && scripts.length > 0) {
      results.push(this.refuse(scripts.map((s) => s.name).join(', '), [{ code: 'manifest.missing', severity: 'error', message: this.m('extensions.noManifest') }]));
    }
    for (const manifestFile of manifests) {
      let manifest: unknown;
      try {
        manifest = JSON.parse(await manifestFile.text());
      } catch (error) {
        results.push(this.refuse(manifestFile.name, [{ code: 'manifest.notJson', severity: 'error', message: this.m('extensions.notJson', { detail: (error as Error).message }) }]));
        continue;
      }
      const main = typeof (manifest as { main?: unknown })?.main === 'string' ? (manifest as { main: string }).main : '';
      const baseName = main.split('/').pop() ?? '';
      const script = scripts.find((s) => s.name === baseName) ?? (scripts.length === 1 && manifests.length === 1 ? scripts[0] : undefined);
      if (!script) {
        const checked = this.check({ manifest, code: ' ' });
        results.push(this.refuse(manifestFile.name, checked.length > 0 ? checked : [{ code: 'plugin.main.missing', severity: 'error', field: 'main', message: this.m('extensions.noBundle', { main: main || 'plugin.js' }) }]));
        continue;
      }
      results.push(await this.installBundle({ manifest, code: await script.text(), source: `${manifestFile.name} + ${script.name}` }, { notify: true }));
    }
    return results;
  }

  /** Downloads a .zip or a manifest (its `main` is fetched next to it) and installs it. */
  async installFromUrl(url: string): Promise<PluginInstallResult> {
    const get = this.options.fetch ?? ((u: string) => fetch(u));
    const download = async (target: string): Promise<Uint8Array> => {
      const response = await get(target);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`.trim());
      return new Uint8Array(await response.arrayBuffer());
    };
    let bytes: Uint8Array;
    try {
      bytes = await download(url);
    } catch (error) {
      return this.refuse(url, [{ code: 'plugin.download', severity: 'error', message: this.m('extensions.download', { url, detail: (error as Error).message }) }]);
    }
    // A zip starts with "PK".
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      const loaded = readPluginZip(bytes, url);
      return loaded.ok ? this.installBundle({ ...loaded.bundle, source: url }, { notify: true }) : this.refuse(url, loaded.issues);
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(textDecoder.decode(bytes));
    } catch (error) {
      return this.refuse(url, [{ code: 'manifest.notJson', severity: 'error', message: this.m('extensions.notJson', { detail: (error as Error).message }) }]);
    }
    const issues = this.check({ manifest, code: ' ' });
    if (issues.length > 0) return this.refuse(url, issues);
    const mainUrl = new URL((manifest as { main: string }).main, url).href;
    try {
      return await this.installBundle({ manifest, code: textDecoder.decode(await download(mainUrl)), source: url }, { notify: true });
    } catch (error) {
      return this.refuse(url, [{ code: 'plugin.download', severity: 'error', field: 'main', message: `main: ${this.m('extensions.download', { url: mainUrl, detail: (error as Error).message })}` }]);
    }
  }

  /** The npm-compatible registry plugins are searched and installed from (the `extensions.registry` setting). */
  registry(): string {
    const configured = this.workbench.settings.get<string>(REGISTRY_SETTING);
    return typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : NPM_REGISTRY;
  }

  /** Packages with the `leanflow-plugin` keyword matching `text` in the registry; a failure is said, not thrown. */
  async searchRegistry(text: string): Promise<{ ok: true; packages: RegistryPackage[] } | { ok: false; message: string }> {
    try {
      return { ok: true, packages: await searchPlugins(this.registry(), text, this.registryFetch()) };
    } catch (error) {
      return { ok: false, message: error instanceof RegistryError ? error.message : this.m('extensions.registry.failed', { detail: (error as Error).message }) };
    }
  }

  /**
   * Downloads `spec` (`name[@range]`) from the registry, checks its integrity hash, and installs the plugin in it
   * (stored, like an installed .zip). Refusals are shown as notifications, and nothing is installed.
   */
  async installFromRegistry(spec: string): Promise<PluginInstallResult> {
    let downloaded;
    try {
      downloaded = await downloadPackage(this.registry(), spec, this.registryFetch());
    } catch (error) {
      const code = error instanceof RegistryError ? error.code : 'registry.failed';
      return this.refuse(spec, [{ code, severity: 'error', message: (error as Error).message }]);
    }
    const source = `${downloaded.name}@${downloaded.version}`;
    const loaded = readPluginFiles(Object.fromEntries(downloaded.files), source);
    if (!loaded.ok) {
      // A package of TypeScript source (what `plugin init` publishes) needs bundling, which only the CLI can do here.
      const typescriptOnly = loaded.issues.some((i) => i.code === 'plugin.main.source');
      return this.refuse(source, typescriptOnly ? [{ code: 'plugin.main.source', severity: 'error', message: this.m('extensions.registry.typescript', { name: downloaded.name }) }] : loaded.issues);
    }
    if (!downloaded.hasKeyword) this.workbench.output.append(this.m('extensions.registry.noKeyword', { name: downloaded.name }), 'warning');
    return this.installBundle({ ...loaded.bundle, source }, { notify: true });
  }

  private registryFetch(): { fetch?: (url: string, init?: { readonly headers?: Record<string, string> }) => Promise<Response> } {
    const custom = this.options.fetch;
    return custom ? { fetch: (url) => custom(url) as Promise<Response> } : {};
  }

  /**
   * Loads a development plugin from a folder (not stored; gone after a reload) and reloads it whenever its files
   * change (polled: the File System Access API has no change events). The folder holds the manifest and the built
   * `main` (the author's `npm run build -- --watch` or similar keeps it current).
   */
  async loadDevelopmentFolder(folder: DirectoryLike, pollMs = 1000): Promise<PluginInstallResult> {
    const first = await readPluginFolder(folder);
    if (!first.loaded.ok) return this.refuse(folder.name, first.loaded.issues);
    const installed = await this.installBundle({ ...first.loaded.bundle, source: folder.name }, { development: true, persist: false, notify: true });
    if (!installed.ok) return installed;
    const id = installed.plugin.id;
    this.folderWatchers.get(id)?.watcher.dispose();
    const watcher = watchPluginFolder(
      folder,
      first.fingerprint,
      async (read) => {
        if (!read.loaded.ok) {
          this.workbench.output.append(this.m('extensions.folder.unreadable', { folder: folder.name, detail: read.loaded.issues.map((i) => i.message).join('; ') }), 'error');
          return;
        }
        const again = await this.installBundle({ ...read.loaded.bundle, source: folder.name }, { development: true, persist: false, notify: false });
        if (again.ok) this.workbench.output.append(this.m('extensions.folder.reloaded', { name: again.plugin.name, folder: folder.name }));
      },
      pollMs,
    );
    this.folderWatchers.set(id, { folder: folder.name, watcher });
    this.changed.fire();
    return { ok: true, plugin: this.info(id)! };
  }

  /** Stops reloading a folder plugin on changes (it stays installed until the page is reloaded or it is uninstalled). */
  stopWatching(id: string): void {
    this.folderWatchers.get(id)?.watcher.dispose();
    if (this.folderWatchers.delete(id)) this.changed.fire();
  }

  /**
   * Installs a manifest and its bundled code (the authoring view's Run and Save). `development: true` replaces the
   * plugin for this session only (not stored) and does not notify: the caller shows the issues.
   */
  async installFromSource(source: { readonly manifest: unknown; readonly code: string; readonly development?: boolean }): Promise<PluginInstallResult> {
    let manifest = source.manifest;
    if (typeof manifest === 'string') {
      try {
        manifest = JSON.parse(manifest);
      } catch (error) {
        return this.refuse('manifest', [{ code: 'manifest.notJson', severity: 'error', message: this.m('extensions.notJson', { detail: (error as Error).message }) }], !source.development);
      }
    }
    const development = source.development ?? false;
    const named = manifest as { name?: unknown; id?: unknown } | null;
    const label = typeof named?.name === 'string' ? named.name : typeof named?.id === 'string' ? named.id : 'plugin';
    return this.installBundle({ manifest, code: source.code, source: label }, { development, persist: !development, notify: !development });
  }

  /** Removes a plugin and its data. Built-in plugins cannot be uninstalled (disable them). */
  async uninstall(id: string): Promise<void> {
    const entry = this.installed.get(id);
    if (!entry) return;
    if (entry.builtIn) {
      this.workbench.notifications.notify({ severity: 'info', title: this.m('extensions.cannotUninstallBuiltIn'), code: 'plugin.builtIn' });
      return;
    }
    this.stopWatching(id);
    await this.host.uninstall(id);
    this.installed.delete(id);
    await this.store.deletePlugin(id);
    this.changed.fire();
  }

  async enable(id: string): Promise<PluginInfo | undefined> {
    if (!this.installed.has(id)) return undefined;
    await this.host.enable(id);
    await this.persistEnabled(id, true);
    // Plugins that would have started with the studio start now.
    await this.host.activateByEvent('onStartupFinished');
    return this.info(id);
  }

  async disable(id: string): Promise<PluginInfo | undefined> {
    if (!this.installed.has(id)) return undefined;
    await this.host.disable(id);
    await this.persistEnabled(id, false);
    return this.info(id);
  }

  async restart(id: string): Promise<PluginInfo | undefined> {
    if (!this.installed.has(id)) return undefined;
    if (this.host.status(id)?.state === 'disabled') return this.enable(id);
    await this.host.restart(id);
    return this.info(id);
  }

  list(): PluginInfo[] {
    return this.host
      .list()
      .map((status) => this.info(status.id))
      .filter((info): info is PluginInfo => info !== undefined)
      .sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
  }

  info(id: string): PluginInfo | undefined {
    const status = this.host.status(id);
    const entry = this.installed.get(id);
    if (!status || !entry) return undefined;
    const errors: PluginErrorReport[] = this.host.errors(id);
    const last = errors.filter((e) => e.where !== 'host').at(-1);
    return {
      ...status,
      ...(entry.manifest.description !== undefined ? { description: entry.manifest.description } : {}),
      builtIn: entry.builtIn,
      development: entry.development,
      ...(entry.source !== undefined ? { source: entry.source } : {}),
      ...(this.folderWatchers.has(id) ? { watchedFolder: this.folderWatchers.get(id)!.folder } : {}),
      ...(last ? { lastError: `${last.where}: ${last.message}${last.location ? ` (${last.location})` : ''}` } : {}),
    };
  }

  /**
   * A text of an installed plugin's manifest (name, description, rule titles…) in the studio's language, from the
   * manifests' `l10n` (a plugin's own first when `pluginId` is given); `undefined` when no plugin translates it.
   */
  localizeText(english: string, pluginId?: string): string | undefined {
    const language = this.workbench.i18n.language;
    const entries = pluginId ? [this.installed.get(pluginId), ...this.installed.values()] : [...this.installed.values()];
    for (const entry of entries) {
      const texts = entry?.manifest.l10n?.[language];
      if (texts && Object.hasOwn(texts, english)) return texts[english];
    }
    return undefined;
  }

  manifest(id: string): PluginManifest | undefined {
    return this.installed.get(id)?.manifest;
  }

  /**
   * Whether the studio's runs should stream every task's waits (`taskWaitValues`, ~20% CPU): when an enabled plugin
   * that is not built in contributes scoring rules, which may read `shareWithin(…, 'taskWaitingTime', …)`. Built-in
   * rules do not, so a studio with only those keeps its speed.
   */
  needsTaskWaits(): boolean {
    for (const [id, entry] of this.installed) {
      if (entry.builtIn || entry.manifest.contributes.scoringRules.length === 0) continue;
      if (this.host.status(id)?.state !== 'disabled') return true;
    }
    return false;
  }

  /** Runs every enabled plugin's scoring rules on a document (its current XML, parsed fresh). */
  async runScoring(documentId: string): Promise<ScoringReport> {
    const doc = this.workbench.documents.get(documentId);
    let model: ActiveModel | undefined;
    let error = 'no process is open';
    let xml: string | undefined;
    if (doc) {
      xml = await this.workbench.documents.getXml(documentId);
      if (this.options.parseModel) {
        model = await this.options.parseModel(xml, doc.name).catch(() => undefined);
        error = 'the process could not be read';
      } else {
        const parsed = await modelFromBpmn(xml, doc.name);
        model = parsed.model;
        error = parsed.issues.find((i) => i.severity === 'error')?.message ?? error;
      }
    }
    if (!model) {
      await this.host.activateByEvent('onScoring');
      return { rules: this.host.contributions.scoringRules().map((r) => ({ pluginId: r.pluginId, ruleId: r.id, title: r.title, weight: r.weight ?? 1, ok: false as const, error })) };
    }
    return this.host.runScoring({ graph: model.graph, ...(model.scenario ? { scenario: model.scenario } : {}), ...(xml !== undefined ? { xml } : {}) });
  }

  /** The model plugins see now (the active document, parsed), and the document it belongs to. */
  get activeModel(): { readonly model: ActiveModel | undefined; readonly documentId: string | undefined } {
    return { model: this.model, documentId: this.modelDocumentId };
  }

  /** Resolves when the model plugins see has caught up with the active document. */
  async whenModelUpdated(): Promise<void> {
    if (this.modelTimer !== undefined) {
      clearTimeout(this.modelTimer);
      this.modelTimer = undefined;
      await this.updateModel();
    }
    await this.modelUpdate;
  }

  dispose(): void {
    if (this.modelTimer !== undefined) clearTimeout(this.modelTimer);
    for (const { watcher } of this.folderWatchers.values()) watcher.dispose();
    this.disposables.dispose();
    void this.host.dispose();
  }

  // ----- internals

  private check(bundle: PluginBundle, options: { builtIn?: boolean; development?: boolean } = {}): PluginInstallIssue[] {
    const validation = validateManifest(bundle.manifest, { apiVersion: API_VERSION });
    if (!validation.ok) return validation.issues.map(toIssue);
    const manifest = validation.manifest;
    const existing = this.installed.get(manifest.id);
    if (existing?.builtIn && !options.builtIn) return [{ code: 'plugin.builtIn', severity: 'error', field: 'id', message: this.m('extensions.builtInId', { id: manifest.id }) }];
    return this.bridge.conflicts(manifest);
  }

  private async installBundle(
    bundle: PluginBundle,
    options: { builtIn?: boolean; development?: boolean; persist?: boolean; notify?: boolean },
  ): Promise<PluginInstallResult> {
    const source = bundle.source ?? (bundle.manifest as { id?: string })?.id ?? 'plugin';
    const issues = this.check(bundle, options);
    if (issues.length > 0) return this.refuse(source, issues, options.notify ?? true);
    const validation = validateManifest(bundle.manifest);
    if (!validation.ok) return this.refuse(source, validation.issues, options.notify ?? true);
    const manifest = validation.manifest;
    const previous = this.installed.get(manifest.id);
    // Known before the host announces the contributions, so the bridge can register them.
    this.installed.set(manifest.id, {
      manifest,
      builtIn: options.builtIn ?? false,
      development: options.development ?? false,
      ...(options.builtIn ? {} : { source }),
    });
    const result = await this.host.install(bundle);
    if (!result.ok) {
      if (previous) this.installed.set(manifest.id, previous);
      else this.installed.delete(manifest.id);
      return this.refuse(source, result.issues, options.notify ?? true);
    }
    if (options.persist ?? true) {
      await this.store
        .putPlugin({ id: manifest.id, enabled: true, manifest: bundle.manifest, code: bundle.code, ...(bundle.files ? { files: bundle.files } : {}), ...(bundle.sourceMap !== undefined ? { sourceMap: bundle.sourceMap } : {}), source, installedAt: Date.now() })
        .catch((error: unknown) => this.workbench.output.append(`plugins: ${error instanceof Error ? error.message : String(error)}`, 'error'));
    }
    if (this.started) await this.host.activateByEvent('onStartupFinished');
    if (options.notify && !options.builtIn) {
      this.workbench.notifications.notify({ severity: 'info', title: this.m('extensions.installed', { name: manifest.name, version: manifest.version }), code: 'plugin.installed' });
    }
    this.changed.fire();
    return { ok: true, plugin: this.info(manifest.id)! };
  }

  private refuse(source: string, issues: readonly (ManifestIssue | PluginInstallIssue)[], notify = true): PluginInstallResult {
    const list = issues.map(toIssue);
    if (notify) {
      const shown = list.slice(0, 4).map((i) => i.message);
      if (list.length > 4) shown.push(this.m('extensions.refused.more', { count: list.length - 4 }));
      this.workbench.notifications.notify({ severity: 'error', title: this.m('extensions.refused', { source }), detail: shown.join('\n'), code: list[0]?.code ?? 'plugin.refused' });
      this.workbench.output.append(`${this.m('extensions.refused', { source })}: ${list.map((i) => i.message).join('; ')}`, 'error');
    }
    return { ok: false, issues: list };
  }

  private async persistEnabled(id: string, enabled: boolean): Promise<void> {
    const entry = this.installed.get(id);
    if (!entry || entry.development) return;
    try {
      if (entry.builtIn) {
        await this.store.putPlugin({ id, enabled, builtIn: true });
      } else {
        const stored = (await this.store.loadPlugins()).find((p) => p.id === id);
        if (stored) await this.store.putPlugin({ ...stored, enabled });
      }
    } catch (error) {
      this.workbench.output.append(`plugins: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
    this.changed.fire();
  }

  private scheduleModelUpdate(delayMs: number): void {
    if (this.modelTimer !== undefined) clearTimeout(this.modelTimer);
    this.modelTimer = setTimeout(() => {
      this.modelTimer = undefined;
      void this.updateModel();
    }, delayMs);
  }

  private updateModel(): Promise<void> {
    this.modelUpdate = this.modelUpdate.then(async () => {
      const doc = this.workbench.documents.active;
      let model: ActiveModel | undefined;
      if (doc?.ready) {
        try {
          const xml = await this.workbench.documents.getXml(doc.id);
          const parsed = this.options.parseModel ? await this.options.parseModel(xml, doc.name) : (await modelFromBpmn(xml, doc.name)).model;
          if (parsed) model = { ...parsed, version: ++this.modelVersion, documentId: doc.id };
        } catch {
          model = undefined;
        }
      }
      if (doc && !doc.ready) return;
      this.model = model;
      this.modelDocumentId = doc?.id;
      for (const listener of [...this.modelListeners]) listener(model);
    });
    return this.modelUpdate;
  }

  private createHostServices(): HostServices {
    const workbench = () => this.workbench;
    const service = () => this;
    return {
      getActiveModel: () => this.model,
      onDidChangeModel: (listener) => {
        this.modelListeners.add(listener);
        return { dispose: () => void this.modelListeners.delete(listener) };
      },
      applyEdits: async ({ proposal }): Promise<EditResult> => {
        const modeler = workbench().activeEditor?.modeler as Parameters<typeof applyEditProposal>[0];
        return applyEditProposal(modeler, proposal, {
          noEditor: () => service().m('extensions.edit.noEditor'),
          missing: (id) => service().m('extensions.edit.missing', { id }),
          unsupported: (kind) => service().m('extensions.edit.unsupported', { kind }),
          failed: (detail) => service().m('extensions.edit.failed', { detail }),
        });
      },
      runSimulation: async ({ options }) => {
        const simulate = this.options.simulate;
        if (simulate) {
          const outcome = await simulate(options, { signal: new AbortController().signal, onProgress: () => {} });
          if (!outcome.ok) throw new Error(outcome.message);
          return outcome.summary;
        }
        await this.whenModelUpdated();
        if (!this.model) throw new Error(this.m('extensions.edit.noEditor'));
        if (!this.options.runSimulation) throw new Error('simulation is not available here');
        return this.options.runSimulation(this.model, options);
      },
      ...(this.options.simulate ? { runSimulationDetailed: ({ options, signal, onProgress }) => this.options.simulate!(options, { signal, onProgress }) } : {}),
      ...(this.options.onDidFinishSimulation ? { onDidFinishSimulation: this.options.onDidFinishSimulation } : {}),
      getLanguage: () => this.workbench.i18n.language,
      showNotification: async ({ pluginId, message, severity, actions }) => {
        const name = this.installed.get(pluginId)?.manifest.name ?? pluginId;
        if (actions.length > 0) {
          const choice = await this.workbench.dialogs.ask({ title: name, detail: message, buttons: [...actions, this.m('extensions.dismiss')] });
          return choice >= 0 && choice < actions.length ? actions[choice] : undefined;
        }
        this.workbench.notifications.notify({ severity, title: `${name}: ${message}`, code: `plugin:${pluginId}` });
        return undefined;
      },
      showQuickPick: async (request) => (this.options.showQuickPick ? this.options.showQuickPick(request) : undefined),
      executeCommand: async (id, args) => {
        if (!this.workbench.commands.get(id)) throw new Error(`unknown command "${id}"`);
        const value = await this.workbench.commands.execute(id, ...args);
        try {
          return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as JsonValue);
        } catch {
          return undefined;
        }
      },
      storage: this.store.storage,
      getConfiguration: (pluginId) => this.bridge.configurationOf(pluginId),
    };
  }
}
