// <lf-authoring-editor>: one plugin being written in the studio. Monaco (loaded on first use with import()) edits
// the TypeScript code and the manifest; Run compiles in Monaco's TypeScript worker and hot-loads the result as a
// development plugin against the open process; Save installs it; Export downloads an installable .zip.
import { html, nothing } from 'lit';
import { validateManifest } from '@leanflow/plugin-api';
import type { Finding, PluginManifest } from '@leanflow/plugin-api';
import type { PluginStatus, RuleOutcome } from '@leanflow/plugin-host';
import type { Event } from '../../base/lifecycle.ts';
import { PLUGIN_SERVICE } from '../../services/feature-services.ts';
import type { Problem } from '../../services/notifications.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import type { AuthoringMessageKey } from './messages.ts';
import { createPluginPackage } from './package.ts';
import { BUNDLE_FILE, findRuntimeImports, type PluginScaffold } from './scaffold.ts';
import type * as MonacoSetup from './monaco-setup.ts';
import './authoring.css';

/** Pause in typing after which the authoring editor runs the plugin again (once it has been run). */
const LIVE_RUN_DELAY_MS = 800;

type Monaco = typeof MonacoSetup;
type CodeEditor = ReturnType<Monaco['monaco']['editor']['create']>;
type TextModel = ReturnType<Monaco['monaco']['editor']['createModel']>;

/** The part of `workbench.plugins` (features/extensions PluginService) the authoring editor uses. */
export interface AuthoringPluginService {
  installFromSource(source: { readonly manifest: unknown; readonly code: string; readonly development?: boolean }): Promise<
    { readonly ok: true; readonly plugin: PluginStatus & { readonly lastError?: string } } | { readonly ok: false; readonly issues: readonly { readonly message: string }[] }
  >;
  runScoring(documentId: string): Promise<{ readonly rules: readonly RuleOutcome[] }>;
  info(id: string): (PluginStatus & { readonly lastError?: string; readonly development: boolean }) | undefined;
  uninstall(id: string): Promise<void>;
  readonly onDidChange: Event<void>;
}

type OutputLine = { readonly severity: 'error' | 'warning' | 'info'; readonly text: string; readonly line?: number };
type Output =
  | { readonly kind: 'empty' }
  | { readonly kind: 'running' }
  | { readonly kind: 'lines'; readonly title?: string; readonly lines: readonly OutputLine[] }
  | { readonly kind: 'result'; readonly document: string; readonly time: string; readonly rules: readonly RuleOutcome[]; readonly lines: readonly OutputLine[] };

type Compiled = { readonly ok: true; readonly manifest: PluginManifest; readonly code: string } | { readonly ok: false };

let monacoLoading: Promise<Monaco> | undefined;
/** Loads Monaco once, the first time an authoring tab opens. */
export function loadMonaco(): Promise<Monaco> {
  monacoLoading ??= import('./monaco-setup.ts');
  return monacoLoading;
}

export class LfAuthoringEditor extends WorkbenchElement {
  static override properties = { state: { state: true }, output: { state: true }, file: { state: true } };
  /** The editor tab id (`authoring:N`), also the Problems key. */
  tabId!: string;
  initial!: PluginScaffold;
  /** Called when the title (the manifest's name) or the unsaved flag changes. */
  onDidChangeTab?: (change: { title: string; dirty: boolean }) => void;

  protected state: { kind: 'loading' } | { kind: 'failed'; detail: string } | { kind: 'ready' } = { kind: 'loading' };
  protected output: Output = { kind: 'empty' };
  protected file: 'code' | 'manifest' = 'code';
  dirty = false;
  private monaco: Monaco | undefined;
  private editor: CodeEditor | undefined;
  private codeModel: TextModel | undefined;
  private manifestModel: TextModel | undefined;
  private readonly disposables: { dispose(): void }[] = [];
  private manifestTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** Live re-run: once the plugin has been run, every edit runs it again after a pause in typing (issue 16). */
  private liveRunTimer: ReturnType<typeof setTimeout> | undefined;
  private runAgain = false;
  /** The id of the development instance the last Run installed. */
  private developmentId: string | undefined;

  private m(key: AuthoringMessageKey, params?: Record<string, string | number>): string {
    return this.workbench.i18n.localize(`%${key}%`, params);
  }

  private get plugins(): AuthoringPluginService | undefined {
    return this.workbench.services.find(PLUGIN_SERVICE);
  }

  /** The editor's code and manifest text as they are now. */
  get sources(): { code: string; manifest: string } {
    return { code: this.codeModel?.getValue() ?? this.initial.code, manifest: this.manifestModel?.getValue() ?? this.initial.manifest };
  }

  protected override firstUpdated(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.monaco = await loadMonaco();
    } catch (error) {
      this.state = { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
      return;
    }
    const { monaco } = this.monaco;
    const base = `file:///plugins/${this.tabId.replace(/[^\w-]/g, '-')}`;
    this.codeModel = monaco.editor.createModel(this.initial.code, 'typescript', monaco.Uri.parse(`${base}/index.ts`));
    this.manifestModel = monaco.editor.createModel(this.initial.manifest, 'plaintext', monaco.Uri.parse(`${base}/leanflow-plugin.json`));
    this.state = { kind: 'ready' };
    await this.updateComplete;
    const host = this.querySelector<HTMLElement>('.lf-authoring-code')!;
    this.editor = monaco.editor.create(host, {
      model: this.codeModel,
      theme: this.theme(),
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      tabSize: 2,
      ariaLabel: 'index.ts',
    });
    const { KeyCode, KeyMod } = monaco;
    this.editor.addCommand(KeyCode.F5, () => void this.run());
    this.editor.addCommand(KeyMod.CtrlCmd | KeyCode.Enter, () => void this.run());
    this.editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyS, () => void this.save());
    const changed = () => {
      if (!this.dirty) {
        this.dirty = true;
      }
      this.notifyTab();
      this.scheduleLiveRun();
    };
    this.disposables.push(this.codeModel.onDidChangeContent(changed));
    this.disposables.push(
      this.manifestModel.onDidChangeContent(() => {
        changed();
        if (this.manifestTimer !== undefined) clearTimeout(this.manifestTimer);
    if (this.liveRunTimer !== undefined) clearTimeout(this.liveRunTimer);
        this.manifestTimer = setTimeout(() => this.checkManifest(), 300);
      }),
    );
    this.disposables.push(monaco.editor.onDidChangeMarkers((uris) => uris.some((u) => u.toString() === this.codeModel?.uri.toString() || u.toString() === this.manifestModel?.uri.toString()) && this.publishProblems()));
    // Follow the studio's light/dark theme.
    const observer = new MutationObserver(() => monaco.editor.setTheme(this.theme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.disposables.push({ dispose: () => observer.disconnect() });
    this.checkManifest();
    this.editor.focus();
  }

  private theme(): string {
    return document.documentElement.dataset['theme'] === 'dark' ? 'vs-dark' : 'vs';
  }

  focusEditor(): void {
    this.editor?.focus();
  }

  /** Disposes Monaco's editor and models (the tab was closed) and removes the development instance it ran. */
  async disposeEditor(): Promise<void> {
    const development = this.developmentId;
    this.developmentId = undefined;
    if (this.manifestTimer !== undefined) clearTimeout(this.manifestTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.editor?.dispose();
    this.codeModel?.dispose();
    this.manifestModel?.dispose();
    this.workbench.problems.clearDocument(this.tabId);
    if (development && this.plugins?.info(development)?.development) await this.plugins.uninstall(development);
  }

  private notifyTab(): void {
    this.onDidChangeTab?.({ title: this.title, dirty: this.dirty });
  }

  override get title(): string {
    try {
      const name = (JSON.parse(this.sources.manifest) as { name?: unknown }).name;
      if (typeof name === 'string' && name.trim()) return name.trim();
    } catch {
      // A manifest being typed: keep the generic title.
    }
    return 'index.ts';
  }

  private showFile(file: 'code' | 'manifest'): void {
    this.file = file;
    const model = file === 'code' ? this.codeModel : this.manifestModel;
    if (model && this.editor) {
      this.editor.setModel(model);
      this.editor.updateOptions({ ariaLabel: file === 'code' ? 'index.ts' : 'leanflow-plugin.json' });
      this.editor.focus();
    }
  }

  // ----- checking

  /** Validates the manifest and marks the problems in its model. Returns the manifest when it is valid. */
  private checkManifest(): PluginManifest | OutputLine[] {
    const text = this.sources.manifest;
    let lines: OutputLine[];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      lines = [{ severity: 'error', text: `leanflow-plugin.json: ${(error as Error).message}` }];
      this.setManifestMarkers(lines.map((l) => ({ ...l, line: lineOfJsonError(text, (error as Error).message) })));
      return lines;
    }
    const result = validateManifest(parsed);
    if (result.ok) {
      this.setManifestMarkers([]);
      return result.manifest;
    }
    lines = result.issues.map((issue) => ({ severity: issue.severity === 'warning' ? 'warning' : 'error', text: issue.message, line: lineOfField(text, issue.field) }));
    this.setManifestMarkers(lines);
    return lines.filter((l) => l.severity === 'error').length > 0 ? lines : (result as unknown as { manifest: PluginManifest }).manifest;
  }

  private setManifestMarkers(lines: readonly OutputLine[]): void {
    if (!this.monaco || !this.manifestModel) return;
    const { monaco } = this.monaco;
    const model = this.manifestModel;
    monaco.editor.setModelMarkers(
      model,
      'authoring',
      lines.map((l) => {
        const line = Math.min(Math.max(1, l.line ?? 1), model.getLineCount());
        return {
          severity: l.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          message: l.text,
          startLineNumber: line,
          startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        };
      }),
    );
  }

  /** Copies the editor's error and warning markers to the Problems panel (source "authoring"). */
  private publishProblems(): void {
    if (!this.monaco) return;
    const { monaco } = this.monaco;
    const problems: Problem[] = [];
    for (const [model, name] of [
      [this.codeModel, 'index.ts'],
      [this.manifestModel, 'leanflow-plugin.json'],
    ] as const) {
      if (!model) continue;
      for (const marker of monaco.editor.getModelMarkers({ resource: model.uri })) {
        if (marker.severity < monaco.MarkerSeverity.Warning) continue;
        problems.push({
          severity: marker.severity === monaco.MarkerSeverity.Error ? 'error' : 'warning',
          message: `${name} (${marker.startLineNumber},${marker.startColumn}): ${marker.message}`,
          source: 'authoring',
          ...(marker.code ? { code: typeof marker.code === 'string' ? marker.code : marker.code.value } : {}),
        });
      }
    }
    this.workbench.problems.set(this.tabId, 'authoring', problems);
  }

  /** Validates the manifest and compiles the code in Monaco's TypeScript worker; shows what is wrong. */
  private async compile(): Promise<Compiled> {
    if (!this.monaco || !this.codeModel) return { ok: false };
    const manifest = this.checkManifest();
    if (Array.isArray(manifest)) {
      this.output = { kind: 'lines', title: this.m('authoring.manifestErrors', { count: manifest.length }), lines: manifest };
      return { ok: false };
    }
    const { typescript } = this.monaco;
    const getWorker = await typescript.getTypeScriptWorker();
    const worker = await getWorker(this.codeModel.uri);
    const fileName = this.codeModel.uri.toString();
    const diagnostics = [...(await worker.getSyntacticDiagnostics(fileName)), ...(await worker.getSemanticDiagnostics(fileName))].filter((d) => d.category === 1);
    if (diagnostics.length > 0) {
      const model = this.codeModel;
      const lines = diagnostics.map((d) => {
        const line = d.start === undefined ? undefined : model.getPositionAt(d.start).lineNumber;
        return { severity: 'error' as const, text: `${line !== undefined ? `index.ts:${line} ` : ''}${flattenMessage(d.messageText)}`, ...(line !== undefined ? { line } : {}) };
      });
      this.output = { kind: 'lines', title: this.m('authoring.compileErrors', { count: diagnostics.length }), lines };
      return { ok: false };
    }
    const emitted = await worker.getEmitOutput(fileName);
    const code = emitted.outputFiles.find((f) => /\.m?js$/.test(f.name))?.text ?? '';
    const imports = findRuntimeImports(code);
    if (imports.length > 0) {
      this.output = { kind: 'lines', lines: imports.map((line) => ({ severity: 'error', text: this.m('authoring.importNotAllowed', { line }) })) };
      return { ok: false };
    }
    return { ok: true, manifest: { ...manifest, main: /\.m?js$/.test(manifest.main) ? manifest.main : BUNDLE_FILE }, code };
  }

  // ----- actions

  /** After the first Run, an edit runs the plugin again once typing pauses; an edit during a run queues one more. */
  private scheduleLiveRun(): void {
    if (this.developmentId === undefined) return;
    if (this.liveRunTimer !== undefined) clearTimeout(this.liveRunTimer);
    this.liveRunTimer = setTimeout(() => {
      this.liveRunTimer = undefined;
      if (this.running) this.runAgain = true;
      else void this.run();
    }, LIVE_RUN_DELAY_MS);
  }

  /** Run: hot-loads the plugin as a development plugin and scores the open process with its rules. */
  async run(): Promise<void> {
    if (this.running || this.state.kind !== 'ready') return;
    const plugins = this.plugins;
    if (!plugins) {
      this.output = { kind: 'lines', lines: [{ severity: 'error', text: this.m('authoring.noPlatform') }] };
      return;
    }
    const doc = this.workbench.documents.active;
    if (!doc) {
      this.output = { kind: 'lines', lines: [{ severity: 'error', text: this.m('authoring.noDocument') }] };
      return;
    }
    this.running = true;
    this.output = { kind: 'running' };
    try {
      const compiled = await this.compile();
      if (!compiled.ok) return;
      // Installing under the same id replaces the previous development instance (its worker is stopped).
      const installed = await plugins.installFromSource({ manifest: compiled.manifest, code: compiled.code, development: true });
      if (!installed.ok) {
        this.output = { kind: 'lines', title: this.m('authoring.refused'), lines: installed.issues.map((i) => ({ severity: 'error', text: i.message })) };
        return;
      }
      const id = compiled.manifest.id;
      this.developmentId = id;
      const report = await plugins.runScoring(doc.id);
      const rules = report.rules.filter((r) => r.pluginId === id);
      const lines: OutputLine[] = [];
      const info = plugins.info(id);
      if (info?.state === 'crashed') lines.push({ severity: 'error', text: this.m('authoring.crashed', { reason: info.reason ?? '' }) });
      else if (info?.lastError && rules.every((r) => r.ok)) lines.push({ severity: 'error', text: this.m('authoring.pluginError', { message: info.lastError }) });
      if (compiled.manifest.contributes.scoringRules.length === 0) lines.push({ severity: 'info', text: this.m('authoring.output.noRules') });
      this.output = { kind: 'result', document: doc.name, time: new Date().toLocaleTimeString(), rules, lines };
    } catch (error) {
      this.output = { kind: 'lines', lines: [{ severity: 'error', text: error instanceof Error ? error.message : String(error) }] };
    } finally {
      this.running = false;
      if (this.runAgain) {
        this.runAgain = false;
        void this.run();
      }
    }
  }

  /** Save: installs the plugin for good (stored; listed in Extensions). */
  async save(): Promise<boolean> {
    const plugins = this.plugins;
    if (!plugins) {
      this.output = { kind: 'lines', lines: [{ severity: 'error', text: this.m('authoring.noPlatform') }] };
      return false;
    }
    const compiled = await this.compile();
    if (!compiled.ok) return false;
    const installed = await plugins.installFromSource({ manifest: compiled.manifest, code: compiled.code });
    if (!installed.ok) {
      this.output = { kind: 'lines', title: this.m('authoring.refused'), lines: installed.issues.map((i) => ({ severity: 'error', text: i.message })) };
      return false;
    }
    this.developmentId = undefined;
    this.output = { kind: 'lines', lines: [{ severity: 'info', text: this.m('authoring.saved', { name: compiled.manifest.name, version: compiled.manifest.version }) }] };
    this.dirty = false;
    this.notifyTab();
    return true;
  }

  /** Export: downloads `<id>-<version>.zip` (manifest + compiled bundle), installable from the Extensions view. */
  async exportPackage(): Promise<boolean> {
    const compiled = await this.compile();
    if (!compiled.ok) return false;
    const { fileName, bytes } = createPluginPackage(compiled.manifest, compiled.code);
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.output = { kind: 'lines', lines: [{ severity: 'info', text: this.m('authoring.exported', { file: fileName }) }] };
    this.dirty = false;
    this.notifyTab();
    return true;
  }

  // ----- rendering

  private reveal(line: number | undefined): void {
    if (line === undefined || !this.editor) return;
    this.showFile(this.file);
    this.editor.revealLineInCenter(line);
    this.editor.setPosition({ lineNumber: line, column: 1 });
    this.editor.focus();
  }

  /** Shows the diagram the plugin ran against and selects the element a finding names. */
  private showElement(elementId: string): void {
    this.workbench.editorTabs.activate(undefined);
    requestAnimationFrame(() => this.workbench.activeEditor?.reveal(elementId));
  }

  private renderLines(lines: readonly OutputLine[]) {
    return html`<ul class="lf-authoring-lines">
      ${lines.map(
        (l) => html`<li class="lf-authoring-line ${l.severity}" @click=${() => this.reveal(l.line)}>${l.text}</li>`,
      )}
    </ul>`;
  }

  private renderRule(rule: RuleOutcome) {
    if (!rule.ok) {
      // Where in index.ts it threw (the host maps the stack through the compiled code's source map): a click shows it.
      const at = rule.location ? sourceLine(rule.location) : undefined;
      return html`<article class="lf-authoring-rule failed" data-rule=${rule.ruleId}>
        <header><span class="lf-authoring-rule-title">${rule.title}</span></header>
        <p class="lf-authoring-line error" data-location=${at?.text ?? ''} @click=${() => this.reveal(at?.line)}>${this.m('authoring.ruleFailed', { message: at ? `${rule.error} (${at.text})` : rule.error })}</p>
      </article>`;
    }
    const band = rule.score >= 80 ? 'good' : rule.score >= 50 ? 'fair' : 'poor';
    return html`<article class="lf-authoring-rule" data-rule=${rule.ruleId}>
      <header>
        <span class="lf-authoring-score ${band}" data-score=${rule.score} title=${this.m('authoring.output.score')}>${Math.round(rule.score)}</span>
        <span class="lf-authoring-rule-title">${rule.title}</span>
        ${rule.summary ? html`<span class="lf-authoring-summary">${rule.summary}</span>` : nothing}
      </header>
      ${rule.findings.length === 0
        ? html`<p class="lf-muted">${this.m('authoring.output.noFindings')}</p>`
        : html`<ul class="lf-authoring-findings">
            ${rule.findings.map(
              (f: Finding) => html`<li class="lf-authoring-line ${f.severity}">
                <span>${f.message}</span>
                ${f.why ? html`<span class="lf-authoring-why">${f.why}</span>` : nothing}
                ${f.elementIds.length > 0 ? html`<button class="lf-link" @click=${() => this.showElement(f.elementIds[0]!)}>${this.m('authoring.output.elements', { ids: f.elementIds.slice(0, 6).join(', ') + (f.elementIds.length > 6 ? ' …' : '') })}</button>` : nothing}
              </li>`,
            )}
          </ul>`}
    </article>`;
  }

  private renderOutput() {
    const output = this.output;
    switch (output.kind) {
      case 'empty':
        return html`<p class="lf-muted">${this.m('authoring.output.empty')}</p>`;
      case 'running':
        return html`<p class="lf-muted">${this.m('authoring.running')}</p>`;
      case 'lines':
        return html`${output.title ? html`<p class="lf-authoring-output-title">${output.title}</p>` : nothing}${this.renderLines(output.lines)}`;
      case 'result':
        return html`<p class="lf-muted">${this.m('authoring.output.against', { document: output.document, time: output.time })}</p>
          ${this.renderLines(output.lines)} ${output.rules.map((r) => this.renderRule(r))}`;
    }
  }

  protected override render() {
    if (this.state.kind === 'failed') return html`<div class="lf-editor-error"><p>${this.m('authoring.loadFailed', { detail: this.state.detail })}</p></div>`;
    const keys = this.workbench.keybindings.lookup('authoring.run') ?? 'F5';
    const tab = (file: 'code' | 'manifest', label: string, name: string) =>
      html`<button class="lf-authoring-file ${this.file === file ? 'active' : ''}" data-file=${file} aria-pressed=${this.file === file} @click=${() => this.showFile(file)}>
        ${label} <span class="lf-muted">${name}</span>
      </button>`;
    return html`<div class="lf-authoring">
      <div class="lf-authoring-toolbar" role="toolbar">
        ${tab('code', this.m('authoring.file.code'), 'index.ts')} ${tab('manifest', this.m('authoring.file.manifest'), 'leanflow-plugin.json')}
        <span class="lf-authoring-spacer"></span>
        <button class="lf-button" data-action="run" title=${this.m('authoring.runHint', { keys })} @click=${() => void this.run()}>▶ ${this.m('authoring.run')} <kbd>${keys}</kbd></button>
        <button class="lf-button secondary" data-action="save" @click=${() => void this.save()}>${this.m('authoring.save')}</button>
        <button class="lf-button secondary" data-action="export" @click=${() => void this.exportPackage()}>${this.m('authoring.export')}</button>
      </div>
      <div class="lf-authoring-code">${this.state.kind === 'loading' ? html`<p class="lf-muted lf-authoring-loading">${this.m('authoring.loading')}</p>` : nothing}</div>
      <section class="lf-authoring-output" aria-live="polite" aria-label=${this.m('authoring.output')}>
        <h2>${this.m('authoring.output')}</h2>
        ${this.renderOutput()}
      </section>
    </div>`;
  }
}

function flattenMessage(message: string | { messageText: string; next?: readonly unknown[] }): string {
  if (typeof message === 'string') return message;
  const parts = [message.messageText];
  for (const next of message.next ?? []) parts.push(flattenMessage(next as { messageText: string }));
  return parts.join(' ');
}

/** The line of a manifest field like `contributes.scoringRules.0.id` (its last key), or 1. */
export function lineOfField(text: string, field: string | undefined): number {
  if (!field) return 1;
  const keys = field.split('.').filter((k) => !/^\d+$/.test(k));
  const lines = text.split('\n');
  for (let k = keys.length - 1; k >= 0; k--) {
    const index = lines.findIndex((l) => l.includes(`"${keys[k]}"`));
    if (index >= 0) return index + 1;
  }
  return 1;
}

/** JSON.parse messages name a position ("at position 42" or "line 3 column 5"). */
function lineOfJsonError(text: string, message: string): number {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  return position ? text.slice(0, Number(position[1])).split('\n').length : 1;
}

/** `file:///plugins/x/index.ts:12:5` or `index.ts:12:5` -> the editor's file, line and column. */
function sourceLine(location: string): { readonly text: string; readonly line: number } | undefined {
  const match = /([^/\s]+\.tsx?):(\d+):(\d+)$/.exec(location);
  return match ? { text: `${match[1]}:${match[2]}:${match[3]}`, line: Number(match[2]) } : undefined;
}

customElements.define('lf-authoring-editor', LfAuthoringEditor);
