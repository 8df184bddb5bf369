// The Workbench: creates the services, registers the built-in commands, keybindings and settings, and runs
// documents through editors and storage. Components render it; plugins will contribute through its registries.
import { Emitter, type Event } from './base/lifecycle.ts';
import { ServiceCollection } from './base/service-keys.ts';
import { SLICED_CHECK_MIN_CHARS, blankProcessXml, checkBpmnText, checkBpmnTextInSlices } from './editor/bpmn-file.ts';
import { chunkedImportOff, nextTask } from './editor/chunked-import.ts';
import { withLayout } from './editor/auto-layout.ts';
import { saveBlob, saveToHandle, svgToPng, withExtension } from './editor/file-io.ts';
import { describeImportedScenario } from './editor/imported-scenario.ts';
// Side effect: defines <lf-bpmn-editor>, which createEditor instantiates.
import './editor/lf-bpmn-editor.ts';
import type { ImportOutcome, LfBpmnEditor } from './editor/lf-bpmn-editor.ts';
import type { XmlParseResult } from '@leanflow/model';
import { I18nService, languageFor, type Language } from './i18n/i18n.ts';
import type { MessageKey } from './i18n/messages-en.ts';
import { Autosaver, createMemoryDocumentStore, type DocumentStore, type StoredDocument } from './persistence/document-store.ts';
import type { EditJournal } from './persistence/journal.ts';
import type { DocumentOwnership } from './persistence/document-ownership.ts';
import { CommandRegistry } from './services/commands.ts';
import { ContextKeyService } from './services/context-keys.ts';
import { StatusBarRegistry, ViewRegistry } from './services/contributions.ts';
import { DialogService } from './services/dialogs.ts';
import { DocumentService, type StudioDocument } from './services/documents.ts';
import { EditorTabService } from './services/editor-tabs.ts';
import { KeybindingRegistry } from './services/keybindings.ts';
import { LayoutService, type KeyValueStorage } from './services/layout.ts';
import { NotificationService, OutputService, ProblemsService } from './services/notifications.ts';
import { SettingsRegistry, createMemorySettingsStorage, type SettingsStorage } from './services/settings.ts';
import { VariantGroupService } from './services/variant-groups.ts';

export interface WorkbenchOptions {
  /** Document storage; IndexedDB in the studio, memory by default. */
  readonly documentStore?: DocumentStore;
  readonly settingsStorage?: SettingsStorage;
  readonly layoutStorage?: KeyValueStorage;
  readonly isMac?: boolean;
  /** Browser language tag for the `auto` language setting. */
  readonly browserLanguage?: string;
  /** XML opened on the very first run. */
  readonly sampleXml?: string;
  /** Journals every edit at once (localStorage in the studio), so a reload or crash right after an edit keeps it. */
  readonly journal?: EditJournal;
}

/** Built-in setting ids. */
export const SETTING = {
  language: 'workbench.language',
  theme: 'workbench.colorTheme',
  autosaveDelay: 'files.autosaveDelay',
  statusBar: 'workbench.statusBar.visible',
  zoomOnOpen: 'editor.fitOnOpen',
} as const;

/** The palette modes a command can open. */
export type PaletteMode = 'commands' | 'documents';

/**
 * Everything the studio is made of. One instance per page.
 * @example
 * const workbench = new Workbench({ documentStore: createIndexedDbDocumentStore(), sampleXml });
 * await workbench.start();
 * await workbench.commands.execute('view.zoomFit');
 */
export class Workbench {
  readonly contextKeys = new ContextKeyService();
  readonly commands = new CommandRegistry(this.contextKeys);
  readonly keybindings: KeybindingRegistry;
  readonly settings: SettingsRegistry;
  readonly i18n: I18nService;
  readonly notifications = new NotificationService();
  readonly problems = new ProblemsService();
  readonly output = new OutputService();
  readonly documents = new DocumentService();
  readonly views = new ViewRegistry();
  readonly statusBar = new StatusBarRegistry();
  readonly dialogs = new DialogService();
  /** Tabs that are not BPMN documents (the plugin authoring editor). */
  readonly editorTabs = new EditorTabService(this.documents);
  readonly layout: LayoutService;
  readonly autosaver: Autosaver;
  /** Which documents this browser tab may edit (the others are open for editing in another tab); set by bootStudio. */
  ownership: DocumentOwnership | undefined;
  /** Documents grouped by process with their variants (as-is, to-be A...), saved with the workspace. */
  readonly variantGroups = new VariantGroupService(this.documents);
  /** What features offer each other (the plugin platform, the simulation), by typed key (base/service-keys.ts). */
  readonly services = new ServiceCollection();

  private readonly editors = new Map<string, { element: LfBpmnEditor; loading: Promise<ImportOutcome> }>();
  private editorHost: HTMLElement | undefined;
  private untitledCount = 0;
  private restoring = false;
  private readonly store: DocumentStore;
  private readonly sampleXml: string | undefined;
  private readonly browserLanguage: string | undefined;

  private readonly paletteRequested = new Emitter<PaletteMode>();
  private readonly openFileRequested = new Emitter<void>();
  private readonly zoomChanged = new Emitter<number>();
  private readonly selectionChanged = new Emitter<{ documentId: string; elementIds: string[] }>();
  private readonly editorLoaded = new Emitter<{ documentId: string; editor: LfBpmnEditor }>();
  private readonly restored = new Emitter<Readonly<Record<string, unknown>>>();
  /** The command palette should open in this mode. */
  readonly onDidRequestPalette: Event<PaletteMode> = this.paletteRequested.event;
  /** The file picker should open (the studio owns the `<input type=file>`). */
  readonly onDidRequestOpenFile: Event<void> = this.openFileRequested.event;
  /** Zoom of the active editor changed (scale, 1 = 100%). */
  readonly onDidChangeZoom: Event<number> = this.zoomChanged.event;
  /** Selection in an editor changed: the hook for a properties panel. */
  readonly onDidChangeSelection: Event<{ documentId: string; elementIds: string[] }> = this.selectionChanged.event;
  /** An editor finished importing its document (bpmn-js modeler ready): the hook for overlays and heat-maps. */
  readonly onDidLoadEditor: Event<{ documentId: string; editor: LfBpmnEditor }> = this.editorLoaded.event;
  /**
   * Fires once the stored documents reopened, with the workspace state features stored through
   * `autosaver.contribute(key, …)` (`features[key]`), so a feature restores its part (the Compare tab, the latest runs).
   */
  readonly onDidRestore: Event<Readonly<Record<string, unknown>>> = this.restored.event;
  /** Current zoom of the active editor. */
  zoom = 1;
  /** Applied to the diagram's SVG before an SVG/PNG export (the heat-map adds its colours and badges). */
  readonly svgExportFilters: ((svg: string, editor: LfBpmnEditor) => string)[] = [];
  /** True after `start()` found empty storage (the very first run): the studio shows its welcome page. */
  firstRun = false;

  constructor(options: WorkbenchOptions = {}) {
    this.store = options.documentStore ?? createMemoryDocumentStore();
    this.sampleXml = options.sampleXml;
    this.browserLanguage = options.browserLanguage;
    this.keybindings = new KeybindingRegistry(this.contextKeys, options.isMac ?? false);
    this.settings = new SettingsRegistry(options.settingsStorage ?? createMemorySettingsStorage());
    this.layout = new LayoutService(options.layoutStorage);
    this.registerSettings();
    this.i18n = new I18nService(this.resolveLanguage());
    this.settings.onDidChange((id) => {
      if (id === SETTING.language) this.i18n.setLanguage(this.resolveLanguage());
    });
    this.i18n.onDidChangeLanguage((language) => this.reloadEditors(language));
    this.autosaver = new Autosaver(
      this.documents,
      this.store,
      () => this.settings.get<number>(SETTING.autosaveDelay),
      (error) => this.output.append(this.t('output.autosaveFailed', { detail: error instanceof Error ? error.message : String(error) }), 'error'),
      options.journal,
      (problem, file) => this.output.append(this.t(problem === 'tooLarge' ? 'output.journalTooLarge' : 'output.journalFailed', { file }), 'warning'),
    );
    this.documents.onDidChange(() => this.onDocumentsChanged());
    this.autosaver.contribute('variantGroups', () => this.variantGroups.toJSON());
    this.variantGroups.onDidChange(() => this.autosaver.schedule());
    this.registerCommands();
    this.registerKeybindings();
  }

  /** Shorthand for `i18n.t`. */
  t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.i18n.t(key, params);
  }

  private resolveLanguage(): Language {
    const value = this.settings.get<string>(SETTING.language);
    return value === 'auto' ? languageFor(this.browserLanguage) : (value as Language);
  }

  /** Restores the documents of the last session, or opens the sample on the very first run. */
  async start(): Promise<void> {
    let state;
    let stored: StoredDocument[] | undefined;
    try {
      state = await this.store.loadState();
      stored = await this.store.loadDocuments();
    } catch {
      this.notifications.notify({ severity: 'warning', title: this.t('error.storageUnavailable'), code: 'storage.unavailable' });
    }
    // Edits journalled after the last snapshot (a reload or crash within the autosave delay) win over it.
    const journalled = this.autosaver.journal?.entries() ?? [];
    if (!state && journalled.length > 0) state = { order: [], activeId: journalled.at(-1)!.id };
    if (!state) {
      this.firstRun = true;
      if (this.sampleXml) {
        const name = this.t('document.sampleName');
        await this.openText(name, this.sampleXml);
        this.output.append(this.t('output.firstRun', { file: name }));
      }
      return;
    }
    const byId = new Map((stored ?? []).map((d) => [d.id, d]));
    this.autosaver.setKnown(byId.keys());
    // Stored documents missing from the tab order (two tabs wrote the order) are restored too, after the others.
    const order = [...new Set([...state.order, ...byId.keys(), ...journalled.map((e) => e.id)])];
    const fromJournal = new Map(journalled.map((e) => [e.id, e]));
    const restored = order
      .map((id): StoredDocument | undefined => {
        const entry = fromJournal.get(id);
        const snapshot = byId.get(id);
        if (!entry) return snapshot;
        return { ...snapshot, id, name: entry.name, xml: entry.xml, dirty: entry.dirty };
      })
      .filter((d) => d !== undefined);
    // Import only the tab that will be shown; the others are imported when first activated.
    this.restoring = true;
    for (const d of restored) {
      const init = { id: d.id, name: d.name, xml: d.xml, dirty: d.dirty, ready: true };
      const doc = this.documents.open(d.fileHandle === undefined ? init : { ...init, fileHandle: d.fileHandle }, false);
      // A journalled document is newer than its snapshot: the next autosave stores it (and drops the entry).
      doc.unpersisted = fromJournal.has(d.id);
    }
    const untitled = restored.map((d) => /-(\d+)\.bpmn$/.exec(d.name)?.[1]).map(Number).filter(Number.isFinite);
    this.untitledCount = Math.max(0, ...untitled);
    if (state.activeId && this.documents.get(state.activeId)) this.documents.setActive(state.activeId);
    this.restoring = false;
    this.variantGroups.restore(state.features?.['variantGroups']);
    if (restored.length) this.output.append(this.t('output.restored', { count: restored.length }));
    if (fromJournal.size > 0) {
      this.output.append(this.t('output.journalRestored', { count: fromJournal.size }));
      this.autosaver.schedule();
    }
    this.onDocumentsChanged();
    const active = this.documents.active;
    if (active) await this.editors.get(active.id)?.loading;
    this.restored.fire(state.features ?? {});
  }

  /** The element that hosts editors; set once by the editor area. */
  attachEditorHost(host: HTMLElement): void {
    this.editorHost = host;
    for (const { element } of this.editors.values()) host.append(element);
    this.onDocumentsChanged();
  }

  /** The editor of the active document, if it is loaded. Gives plugins the bpmn-js modeler (`editor.modeler`). */
  get activeEditor(): LfBpmnEditor | undefined {
    const id = this.documents.active?.id;
    const entry = id ? this.editors.get(id) : undefined;
    return entry?.element.modeler ? entry.element : undefined;
  }

  /** The editor of a document (loading it if needed); resolves when its diagram is imported. */
  async editorFor(documentId: string): Promise<LfBpmnEditor | undefined> {
    const entry = this.editors.get(documentId);
    if (!entry) return undefined;
    const outcome = await entry.loading;
    return outcome.ok ? entry.element : undefined;
  }

  private onDocumentsChanged(): void {
    const active = this.documents.active;
    this.contextKeys.set('documentOpen', !!active);
    this.contextKeys.set('activeDocumentDirty', !!active?.dirty);
    if (!this.editorHost || this.restoring) return;
    if (active?.ready && !this.editors.has(active.id)) this.createEditor(active);
    for (const [id, { element }] of this.editors) {
      const visible = id === active?.id;
      if (element.hidden === visible) element.hidden = !visible;
    }
    // Closed documents lose their editors.
    for (const id of [...this.editors.keys()]) {
      if (!this.documents.get(id)) this.disposeEditor(id);
    }
    const activeEditor = active ? this.editors.get(active.id)?.element : undefined;
    if (activeEditor?.modeler) {
      this.zoom = activeEditor.get<{ zoom(): number }>('canvas').zoom();
      this.zoomChanged.fire(this.zoom);
    }
  }

  private createEditor(doc: StudioDocument, tree?: XmlParseResult): Promise<ImportOutcome> {
    const element = document.createElement('lf-bpmn-editor');
    element.setAttribute('data-document-id', doc.id);
    element.setAttribute('role', 'region');
    element.setAttribute('aria-label', this.t('editor.canvas', { name: doc.name }));
    element.hidden = this.documents.active?.id !== doc.id;
    element.onChange = () => this.documents.markChanged(doc.id, !element.isAtSavedState());
    element.onZoom = (zoom) => {
      if (this.documents.active?.id !== doc.id) return;
      this.zoom = zoom;
      this.zoomChanged.fire(zoom);
    };
    element.onSelection = (elementIds) => this.selectionChanged.fire({ documentId: doc.id, elementIds });
    element.progressLabel = (done, total, phase) =>
      phase === 'reading'
        ? this.t('editor.reading', { name: doc.name, percent: String(total > 0 ? Math.floor((done / total) * 100) : 0) })
        : this.t('editor.drawing', { name: doc.name, done: done.toLocaleString(this.i18n.language), total: total.toLocaleString(this.i18n.language) });
    this.editorHost?.append(element);
    const loading = element.load(doc.xml, this.i18n.language, this.settings.get<boolean>(SETTING.zoomOnOpen), tree ? { tree } : {}).then((outcome) => {
      if (outcome.ok) {
        if (!doc.dirty) element.markSavedState();
        this.documents.setXmlProvider(doc.id, () => element.getXml());
        this.problems.set(
          doc.id,
          'bpmn-js',
          outcome.warnings.map((w) => ({ severity: 'warning' as const, source: 'bpmn-js', message: w.message, ...(w.elementId ? { elementId: w.elementId } : {}) })),
        );
        this.zoom = element.get<{ zoom(): number }>('canvas').zoom();
        this.zoomChanged.fire(this.zoom);
        this.editorLoaded.fire({ documentId: doc.id, editor: element });
      } else if (doc.ready) {
        // A restored document that no longer imports: keep its text in storage, say why in the tab.
        const detail = this.t('error.importFailed', { detail: outcome.detail });
        element.showError(this.t('error.openFailed', { file: doc.name }), detail);
        this.notifications.notify({ severity: 'error', title: this.t('error.restoreFailed', { detail }), code: 'document.restoreFailed' });
      }
      return outcome;
    });
    this.editors.set(doc.id, { element, loading });
    return loading;
  }

  private disposeEditor(id: string): void {
    const entry = this.editors.get(id);
    if (!entry) return;
    entry.element.destroy();
    entry.element.remove();
    this.editors.delete(id);
    this.documents.setXmlProvider(id, undefined);
    this.problems.clearDocument(id);
  }

  /** bpmn-js's own texts follow the language in place (the diagrams and their undo histories stay). */
  private reloadEditors(language: Language): void {
    for (const { element } of this.editors.values()) element.setLanguage(language);
  }

  /**
   * Opens BPMN text as a new tab. Bad input is refused with a notification naming the file and the problem;
   * nothing else changes. Resolves true when the document opened.
   */
  async openText(name: string, original: string, options: { dirty?: boolean } = {}): Promise<boolean> {
    // A large file is checked in slices (the browser's parser held the thread ~0.5 s for 3.9 MB); what it read is
    // handed to the editor, which would read the same text again.
    const sliced = original.length >= SLICED_CHECK_MIN_CHARS && !chunkedImportOff() ? await checkBpmnTextInSlices(original, { now: () => performance.now(), pause: nextTask }) : undefined;
    let issue = sliced ? sliced.issue : checkBpmnText(original);
    // A file without diagram layout opens laid out (and unsaved: the layout is new content); refused only when that fails.
    const layout = issue?.code === 'file.noDiagram' ? await withLayout(original) : { text: original, laidOut: false };
    const text = layout.text;
    if (layout.laidOut) issue = checkBpmnText(text);
    if ('error' in layout && layout.error) this.output.append(this.t('output.layoutFailed', { file: name, detail: layout.error }), 'warning');
    if (issue) {
      this.refuse(name, this.t(issue.message, issue.params), issue.code);
      return false;
    }
    const previous = this.documents.active?.id;
    const doc = this.documents.open({ name, xml: text, dirty: (options.dirty ?? false) || layout.laidOut, ready: false });
    const outcome = await this.createEditor(doc, layout.laidOut ? undefined : sliced?.tree);
    if (!outcome.ok) {
      this.disposeEditor(doc.id);
      this.documents.close(doc.id);
      if (previous && this.documents.get(previous)) this.documents.setActive(previous);
      this.refuse(name, this.t('error.importFailed', { detail: outcome.detail }), 'file.importFailed');
      return false;
    }
    this.documents.markReady(doc.id);
    this.onDocumentsChanged();
    const elements = outcome.elementCount;
    this.output.append(this.t('output.opened', { file: name, elements, ms: Math.round(outcome.milliseconds) }));
    if (layout.laidOut) {
      this.output.append(this.t('output.laidOut', { file: name }));
      this.notifications.notify({ severity: 'info', title: this.t('info.laidOut', { file: name }), code: 'file.laidOut' });
    }
    if (outcome.warnings.length) {
      this.notifications.notify({ severity: 'warning', title: outcome.warnings.length === 1 ? this.t('info.openedWithWarning', { file: name }) : this.t('info.openedWithWarnings', { file: name, count: outcome.warnings.length }), code: 'file.importWarnings' });
    }
    this.reportInterchange(name, text, outcome);
    return true;
  }

  /** Says what of another tool's file is kept, and which simulation scenario will be used (editor/imported-scenario.ts). */
  private reportInterchange(name: string, text: string, outcome: Extract<ImportOutcome, { ok: true }>): void {
    if (outcome.foreign.kept.length) this.output.append(this.t('output.foreignKept', { file: name, elements: outcome.foreign.kept.map((e) => `<${e}>`).join(', ') }));
    if (outcome.foreign.keptReferences.length) this.output.append(this.t('output.referencesKept', { file: name, count: outcome.foreign.keptReferences.length }));
    if (outcome.flowReferencesAdded) this.output.append(this.t('output.flowReferencesAdded', { file: name, count: outcome.flowReferencesAdded }));
    if (outcome.undrawnDiKept) this.output.append(this.t('output.undrawnDiKept', { file: name, count: outcome.undrawnDiKept }));
    void describeImportedScenario(text).then((summary) => {
      if (!summary) return;
      const tool = this.t(summary.foreign === 'qbp' ? 'tool.qbp' : 'tool.bpsim');
      if (summary.source === 'leanflow') {
        this.notifications.notify({ severity: 'info', title: this.t('info.foreignScenarioIgnored', { file: name, tool, scenario: summary.scenarioName }), code: 'file.foreignScenarioKept' });
        return;
      }
      const details = this.t('info.importedScenario.details', { resources: summary.resources, calendars: summary.calendars, tasks: summary.tasks, gateways: summary.gateways, arrivals: summary.arrivals });
      const title = this.t('info.importedScenario', { file: name, tool, details });
      const unmapped = summary.unmapped ? ` ${this.t('info.importedScenario.unmapped', { count: summary.unmapped })}` : '';
      this.notifications.notify({ severity: 'info', title, detail: this.t('info.importedScenario.detail', { tool }) + unmapped, code: 'file.importedScenario' });
      this.output.append(title);
      for (const line of summary.unmappedMessages) this.output.append(`  ${line}`, 'warning');
    });
  }

  private refuse(file: string, detail: string, code: string): void {
    this.notifications.notify({ severity: 'error', title: this.t('error.openFailed', { file }), detail, code });
    this.output.append(this.t('output.refused', { file, detail }), 'error');
  }

  /** Other kinds of files a feature opens (an event log goes to the Event Log view): true when taken. */
  readonly fileOpeners: ((file: File) => boolean)[] = [];

  /** Opens files from the picker or a drop, one after another. */
  async openFiles(files: readonly File[]): Promise<number> {
    let opened = 0;
    for (const file of files) {
      if (this.fileOpeners.some((open) => open(file))) {
        opened++;
        continue;
      }
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        this.refuse(file.name, this.t('error.readFailed', { detail: error instanceof Error ? error.message : String(error) }), 'file.readFailed');
        continue;
      }
      if (await this.openText(file.name, text)) opened++;
    }
    return opened;
  }

  /** A blank process with a start event, in a new tab. */
  async newProcess(): Promise<void> {
    this.untitledCount++;
    const name = this.t('document.untitled', { n: this.untitledCount });
    const names = { process: this.t('document.new.process'), start: this.t('document.new.start'), task: this.t('document.new.task'), end: this.t('document.new.end') };
    await this.openText(name, blankProcessXml(Date.now().toString(36), names), { dirty: true });
  }

  /**
   * Closes a document (the tab); its stored copy is removed by the next autosave. A document with unsaved changes
   * asks first (Save / Don't Save / Cancel), because closing is the one way work can be lost. Resolves true when closed.
   */
  async closeDocument(id: string): Promise<boolean> {
    const doc = this.documents.get(id);
    if (!doc) return false;
    // A read-only view of another tab's document: closing it here loses nothing (the owner keeps editing).
    if (doc.dirty && doc.ready && !doc.readOnly) {
      const choice = await this.dialogs.ask({
        title: this.t('dialog.saveChanges.title', { file: doc.name }),
        detail: this.t('dialog.saveChanges.detail'),
        buttons: [this.t('dialog.save'), this.t('dialog.dontSave'), this.t('dialog.cancel')],
      });
      if (choice === 2) return false;
      if (choice === 0) {
        await this.save(id);
        if (this.documents.get(id)?.dirty) return false;
      }
    }
    this.documents.close(id);
    return true;
  }

  private requireActive(): StudioDocument | undefined {
    const doc = this.documents.active;
    if (!doc) this.notifications.notify({ severity: 'info', title: this.t('error.noDocument'), code: 'document.none' });
    return doc;
  }

  /** Saves to the file it came from when the browser allows it, else asks where (Save As). */
  async save(id = this.documents.active?.id): Promise<void> {
    const doc = id ? this.documents.get(id) : this.requireActive();
    if (!doc) return;
    this.editors.get(doc.id)?.element.completeEditing();
    if (doc.fileHandle !== undefined) {
      try {
        const xml = await this.documents.getXml(doc.id);
        if (await saveToHandle(doc.fileHandle, new Blob([xml], { type: 'application/xml' }))) {
          this.afterSave(doc, doc.name);
          return;
        }
      } catch (error) {
        this.saveFailed(doc, error);
        return;
      }
    }
    await this.saveAs(doc.id);
  }

  async saveAs(id = this.documents.active?.id): Promise<void> {
    const doc = id ? this.documents.get(id) : this.requireActive();
    if (!doc) return;
    this.editors.get(doc.id)?.element.completeEditing();
    try {
      const xml = await this.documents.getXml(doc.id);
      const saved = await saveBlob(withExtension(doc.name, '.bpmn'), new Blob([xml], { type: 'application/xml' }), 'bpmn');
      if (!saved) return;
      this.documents.markSaved(doc.id, saved.handle === undefined ? { name: saved.name } : { name: saved.name, fileHandle: saved.handle });
      this.afterSave(doc, saved.name);
    } catch (error) {
      this.saveFailed(doc, error);
    }
  }

  private afterSave(doc: StudioDocument, name: string): void {
    this.editors.get(doc.id)?.element.markSavedState();
    this.documents.markSaved(doc.id);
    this.notifications.notify({ severity: 'info', title: this.t('info.saved', { file: name }), code: 'file.saved' });
    this.output.append(this.t('output.saved', { file: name }));
  }

  private saveFailed(doc: StudioDocument, error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    this.notifications.notify({ severity: 'error', title: this.t('error.saveFailed', { file: doc.name, detail }), code: 'file.saveFailed' });
  }

  /** Exports the active diagram as SVG or PNG. */
  async exportImage(kind: 'svg' | 'png'): Promise<void> {
    const doc = this.requireActive();
    const editor = doc ? await this.editorFor(doc.id) : undefined;
    if (!doc || !editor) return;
    const name = withExtension(doc.name, `.${kind}`);
    try {
      const svg = this.svgExportFilters.reduce((text, filter) => filter(text, editor), await editor.getSvg());
      const blob = kind === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg);
      const saved = await saveBlob(name, blob, kind);
      if (!saved) return;
      this.notifications.notify({ severity: 'info', title: this.t('info.exported', { file: saved.name }), code: 'file.exported' });
      this.output.append(this.t('output.exported', { file: saved.name }));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.notifications.notify({ severity: 'error', title: this.t('error.exportFailed', { file: name, detail }), code: 'file.exportFailed' });
    }
  }

  private registerSettings(): void {
    const s = this.settings;
    s.register({
      id: SETTING.language, type: 'string', default: 'auto', enum: ['auto', 'en', 'zh-CN'],
      enumLabels: ['%setting.language.auto%', '%setting.language.en%', '%setting.language.zh%'],
      title: '%setting.language.title%', description: '%setting.language.description%', category: '%category.preferences%',
    });
    s.register({
      id: SETTING.theme, type: 'string', default: 'system', enum: ['system', 'light', 'dark'],
      enumLabels: ['%setting.theme.system%', '%setting.theme.light%', '%setting.theme.dark%'],
      title: '%setting.theme.title%', description: '%setting.theme.description%', category: '%category.preferences%',
    });
    s.register({
      id: SETTING.zoomOnOpen, type: 'boolean', default: true,
      title: '%setting.zoomOnOpen.title%', description: '%setting.zoomOnOpen.description%', category: '%category.view%',
    });
    s.register({
      id: SETTING.statusBar, type: 'boolean', default: true,
      title: '%setting.statusBar.title%', description: '%setting.statusBar.description%', category: '%category.view%',
    });
    s.register({
      id: SETTING.autosaveDelay, type: 'number', default: 500, minimum: 100, maximum: 10_000,
      title: '%setting.autosave.title%', description: '%setting.autosave.description%', category: '%category.file%',
    });
  }

  private editorAction(action: string, options?: Record<string, unknown>): void {
    this.activeEditor?.trigger(action, options);
  }

  private registerCommands(): void {
    const c = (id: string, title: MessageKey, category: MessageKey, handler: () => unknown, when?: string) =>
      this.commands.register({ id, title: `%${title}%`, category: `%${category}%`, handler, ...(when ? { when } : {}) });
    const doc = 'documentOpen';
    c('file.newProcess', 'command.newProcess', 'category.file', () => this.newProcess());
    c('file.open', 'command.openFile', 'category.file', () => this.openFileRequested.fire());
    c('file.save', 'command.save', 'category.file', () => this.save(), doc);
    c('file.saveAs', 'command.saveAs', 'category.file', () => this.saveAs(), doc);
    c('file.exportSvg', 'command.exportSvg', 'category.file', () => this.exportImage('svg'), doc);
    c('file.exportPng', 'command.exportPng', 'category.file', () => this.exportImage('png'), doc);
    c('file.close', 'command.closeEditor', 'category.file', () => this.documents.active && this.closeDocument(this.documents.active.id), doc);
    c('workbench.showCommands', 'command.showCommands', 'category.view', () => this.paletteRequested.fire('commands'));
    c('workbench.quickOpen', 'command.quickOpen', 'category.go', () => this.paletteRequested.fire('documents'));
    c('workbench.nextEditor', 'command.nextEditor', 'category.go', () => this.documents.cycle(1), doc);
    c('workbench.previousEditor', 'command.previousEditor', 'category.go', () => this.documents.cycle(-1), doc);
    c('workbench.toggleSidebar', 'command.toggleSidebar', 'category.view', () => this.layout.update({ sidebarVisible: !this.layout.value.sidebarVisible }));
    c('workbench.togglePanel', 'command.togglePanel', 'category.view', () => this.layout.update({ panelVisible: !this.layout.value.panelVisible }));
    c('workbench.showExplorer', 'command.showExplorer', 'category.view', () => this.layout.update({ sidebarVisible: true, activeView: 'explorer' }));
    c('workbench.openSettings', 'command.openSettings', 'category.preferences', () => this.layout.update({ sidebarVisible: true, activeView: 'settings' }));
    c('workbench.showProblems', 'command.showProblems', 'category.view', () => this.layout.update({ panelVisible: true, panelTab: 'problems' }));
    c('workbench.showOutput', 'command.showOutput', 'category.view', () => this.layout.update({ panelVisible: true, panelTab: 'output' }));
    c('workbench.toggleTheme', 'command.toggleTheme', 'category.preferences', () => {
      const dark = document.documentElement.dataset['theme'] === 'dark';
      this.settings.set(SETTING.theme, dark ? 'light' : 'dark');
    });
    c('workbench.switchLanguage', 'command.switchLanguage', 'category.preferences', () =>
      this.settings.set(SETTING.language, this.i18n.language === 'en' ? 'zh-CN' : 'en'),
    );
    if (this.sampleXml) {
      const sample = this.sampleXml;
      c('help.openSample', 'command.openSample', 'category.help', () => this.openText(this.t('document.sampleName'), sample));
    }
    c('notifications.clearAll', 'command.clearNotifications', 'category.notifications', () => this.notifications.clear());
    c('edit.undo', 'command.undo', 'category.edit', () => this.editorAction('undo'), doc);
    c('edit.redo', 'command.redo', 'category.edit', () => this.editorAction('redo'), doc);
    c('edit.copy', 'command.copy', 'category.edit', () => this.editorAction('copy'), doc);
    c('edit.paste', 'command.paste', 'category.edit', () => this.editorAction('paste'), doc);
    c('edit.selectAll', 'command.selectAll', 'category.edit', () => this.editorAction('selectElements'), doc);
    c('edit.deleteSelection', 'command.deleteSelection', 'category.edit', () => this.editorAction('removeSelection'), doc);
    c('edit.renameElement', 'command.renameElement', 'category.edit', () => this.editorAction('directEditing'), doc);
    c('view.zoomIn', 'command.zoomIn', 'category.view', () => this.activeEditor?.zoom('in'), doc);
    c('view.zoomOut', 'command.zoomOut', 'category.view', () => this.activeEditor?.zoom('out'), doc);
    c('view.zoomFit', 'command.zoomFit', 'category.view', () => this.activeEditor?.zoom('fit'), doc);
    c('view.zoomReset', 'command.zoomReset', 'category.view', () => this.activeEditor?.zoom('reset'), doc);
  }

  private registerKeybindings(): void {
    const k = (command: string, key: string, extra: { mac?: string; when?: string } = {}) => this.keybindings.register({ command, key, ...extra });
    const canvas = 'documentOpen && !inputFocus';
    k('workbench.showCommands', 'F1');
    k('workbench.showCommands', 'Ctrl+Shift+P');
    k('workbench.quickOpen', 'Ctrl+P');
    k('workbench.toggleSidebar', 'Ctrl+B');
    k('workbench.togglePanel', 'Ctrl+J');
    k('workbench.showExplorer', 'Ctrl+Shift+E');
    k('workbench.openSettings', 'Ctrl+,');
    // Browsers reserve Ctrl+N and Ctrl+Tab outside installed apps, so each has a second chord that always works
    // (registered last, so it is the one shown in the palette).
    k('file.newProcess', 'Ctrl+N');
    k('file.newProcess', 'Alt+N');
    k('file.open', 'Ctrl+O');
    k('file.save', 'Ctrl+S');
    k('file.saveAs', 'Ctrl+Shift+S');
    k('file.close', 'Alt+W');
    k('workbench.nextEditor', 'Ctrl+Tab', { mac: 'Ctrl+Tab' });
    k('workbench.nextEditor', 'Alt+PageDown');
    k('workbench.previousEditor', 'Ctrl+Shift+Tab', { mac: 'Ctrl+Shift+Tab' });
    k('workbench.previousEditor', 'Alt+PageUp');
    k('edit.undo', 'Ctrl+Z', { when: canvas });
    k('edit.redo', 'Ctrl+Shift+Z', { when: canvas });
    k('edit.redo', 'Ctrl+Y', { when: canvas });
    k('edit.copy', 'Ctrl+C', { when: canvas });
    k('edit.paste', 'Ctrl+V', { when: canvas });
    k('edit.selectAll', 'Ctrl+A', { when: canvas });
    k('edit.deleteSelection', 'Delete', { when: canvas });
    k('edit.renameElement', 'F2', { when: canvas });
    k('view.zoomIn', 'Ctrl+=', { when: 'documentOpen' });
    k('view.zoomOut', 'Ctrl+-', { when: 'documentOpen' });
    k('view.zoomReset', 'Ctrl+0', { when: 'documentOpen' });
    k('view.zoomFit', 'Shift+1', { when: canvas });
  }

  dispose(): void {
    this.autosaver.dispose();
    for (const id of [...this.editors.keys()]) this.disposeEditor(id);
  }
}
