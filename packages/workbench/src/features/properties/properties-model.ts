// What the Properties view shows for the active document: the process graph (re-read 300 ms after diagram
// edits), where the scenarios come from, and the scenario list — live from bpmn-js's definitions when the file has
// `lf:scenarios`, else the imported (BPSim/QBP) or default scenario that the first edit stores in the file.
import { loadDocument, type ModelIssue, type ProcessGraph, type ScenarioSource } from '@leanflow/model';
import { analysisModelClient } from '../analysis/analysis-client.ts';
import type { DocumentOutline } from '../analysis/protocol.ts';
import { mayCarryForeignScenario, type ForeignScenarioSource } from '../../editor/imported-scenario.ts';
import { DisposableStore, Emitter, type Disposable, type Event } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import { localizeDefaultScenario } from './default-data.ts';
import { readLiveScenarios, writeLiveScenarios } from './scenario-command.ts';
import {
  activateScenario,
  activeScenario,
  addScenario,
  checkActive,
  deleteScenario,
  duplicateScenario,
  renameScenario,
  type ScenarioSet,
} from './scenario-ops.ts';

export interface DocumentProperties {
  graph: ProcessGraph | undefined;
  /** Where the scenarios shown come from ('leanflow' once the file has ours). */
  source: ScenarioSource;
  /** Imported or default scenarios, used until the first edit writes them into the file. */
  fallback: ScenarioSet | undefined;
  /** Simulation data of another tool in the file (kept unchanged; used only while the file has no scenario of ours). */
  foreign: ForeignScenarioSource | undefined;
}

const REFRESH_DELAY = 300;

let analysis: ReturnType<typeof analysisModelClient> | undefined;

/**
 * The outline of a version from the analysis worker (the same parse the scorecard and suggestions read); on this
 * thread only when no worker can start (blocked by the page's policy).
 */
async function readOutline(xml: string): Promise<DocumentOutline> {
  try {
    return (await (analysis ??= analysisModelClient()).call({ type: 'outline', xml })) as DocumentOutline;
  } catch {
    return loadDocument(xml);
  }
}

export class PropertiesModel implements Disposable {
  private readonly store = new DisposableStore();
  private readonly documents = new Map<string, DocumentProperties>();
  private readonly changed = new Emitter<void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loading = 0;
  readonly onDidChange: Event<void> = this.changed.event;
  /** Whether the Resources section is expanded (kept while the view is hidden). */
  resourcesOpen = false;

  constructor(private readonly workbench: Workbench) {
    this.store.add(workbench.documents.onDidChangeContent((id) => this.schedule(id)));
    this.store.add(
      workbench.onDidLoadEditor(({ documentId }) => {
        if (this.viewCount > 0) void this.refresh(documentId);
        else this.documents.delete(documentId);
      }),
    );
    this.store.add(
      workbench.documents.onDidChange(() => {
        const active = workbench.documents.active;
        if (active && this.viewCount > 0) this.ensure(active.id);
        for (const id of [...this.documents.keys()]) if (!workbench.documents.all().some((d) => d.id === id)) this.documents.delete(id);
      }),
    );
    // The made-up default scenario follows the language until the first edit stores it.
    this.store.add(workbench.i18n.onDidChangeLanguage(() => {
      for (const id of [...this.documents.keys()]) if (this.documents.get(id)?.source === 'default') void this.refresh(id);
    }));
  }

  /** Open Properties views; while none is shown, edits only mark the graph stale (no XML is read). */
  viewCount = 0;
  private readonly pending = new Set<string>();

  private schedule(documentId: string): void {
    clearTimeout(this.timer);
    if (this.viewCount === 0) {
      this.documents.delete(documentId);
      return;
    }
    this.timer = setTimeout(() => void this.refresh(documentId), REFRESH_DELAY);
  }

  /** Starts reading a document's graph when it is not known yet (the view calls this while rendering). */
  ensure(documentId: string): void {
    if (this.documents.has(documentId) || this.pending.has(documentId)) return;
    this.pending.add(documentId);
    void this.refresh(documentId).finally(() => this.pending.delete(documentId));
  }

  /** Re-reads the graph (and the fallback scenarios) of a document from its current XML. */
  async refresh(documentId: string): Promise<void> {
    const ticket = ++this.loading;
    let xml: string;
    try {
      xml = await this.workbench.documents.getXml(documentId);
    } catch {
      return; // not imported yet: onDidLoadEditor brings us back
    }
    const loaded = await readOutline(xml);
    if (ticket !== this.loading && this.documents.has(documentId)) return; // a newer refresh wins
    this.documents.set(documentId, {
      graph: loaded.graph,
      source: loaded.scenarioSource,
      // Leanflow's made-up default is shown (and stored by the first edit) in the studio's language.
      fallback: loaded.scenarios.length
        ? { scenarios: loaded.scenarioSource === 'default' ? loaded.scenarios.map((s) => localizeDefaultScenario(s, this.workbench.i18n.language)) : loaded.scenarios, activeScenarioId: loaded.activeScenarioId }
        : undefined,
      foreign: mayCarryForeignScenario(xml),
    });
    this.changed.fire();
  }

  state(documentId: string): DocumentProperties | undefined {
    const state = this.documents.get(documentId);
    if (!state) return undefined;
    const modeler = this.modeler();
    if (modeler && this.workbench.documents.active?.id === documentId && readLiveScenarios(modeler).scenarios.length) return { ...state, source: 'leanflow' };
    return state;
  }

  private modeler() {
    return this.workbench.activeEditor?.modeler as unknown as Parameters<typeof readLiveScenarios>[0] | undefined;
  }

  /** The active document's scenarios: those in the file, else the fallback the first edit will store. */
  scenarioSet(): ScenarioSet | undefined {
    const modeler = this.modeler();
    const doc = this.workbench.documents.active;
    if (!modeler || !doc) return undefined;
    const live = readLiveScenarios(modeler);
    if (live.scenarios.length) return live;
    return this.documents.get(doc.id)?.fallback;
  }

  /** Cross-checks of the active scenario against the diagram (shown next to the fields they concern). */
  issues(): ModelIssue[] {
    const set = this.scenarioSet();
    const doc = this.workbench.documents.active;
    return set && doc ? checkActive(set, this.documents.get(doc.id)?.graph) : [];
  }

  /** Writes a scenario set into the active document as one undoable command. */
  write(set: ScenarioSet): void {
    const modeler = this.modeler();
    if (!modeler) return;
    writeLiveScenarios(modeler, set);
    this.changed.fire();
  }

  activate(scenarioId: string): void {
    const set = this.scenarioSet();
    if (set && set.activeScenarioId !== scenarioId) this.write(activateScenario(set, scenarioId));
  }

  /** Renames a scenario; returns false (with the reason through `onIssues`) for an empty name. */
  rename(scenarioId: string, name: string, onIssues: (issues: ModelIssue[]) => void): boolean {
    const set = this.scenarioSet();
    if (!set) return false;
    const result = renameScenario(set, scenarioId, name);
    if (!result.ok) {
      onIssues(result.issues);
      return false;
    }
    if (set.scenarios.find((s) => s.id === scenarioId)?.name !== name.trim()) this.write(result.set);
    return true;
  }

  newScenario(name: string): void {
    const set = this.scenarioSet() ?? { scenarios: [], activeScenarioId: undefined };
    const graph = this.currentGraph();
    if (graph) {
      const added = addScenario(set, graph, name);
      this.write({ ...added, scenarios: added.scenarios.map((s) => (s.id === added.activeScenarioId ? localizeDefaultScenario(s, this.workbench.i18n.language) : s)) });
    }
  }

  duplicate(copyOf: (name: string) => string): void {
    const set = this.scenarioSet();
    const current = set && activeScenario(set);
    if (set && current) this.write(duplicateScenario(set, current.id, copyOf(current.name)));
  }

  /** Deletes the active scenario after asking; the last scenario stays. */
  async deleteActive(question: (name: string) => { title: string; detail: string; buttons: string[] }): Promise<void> {
    const set = this.scenarioSet();
    const current = set && activeScenario(set);
    if (!set || !current || set.scenarios.length < 2) return;
    const choice = await this.workbench.dialogs.ask(question(current.name));
    if (choice !== 0) return;
    const now = this.scenarioSet();
    if (now) this.write(deleteScenario(now, current.id));
  }

  /** Renames a diagram element through bpmn-js (one undoable step, like direct editing). */
  renameElement(elementId: string, name: string): void {
    const editor = this.workbench.activeEditor;
    if (!editor?.modeler) return;
    const element = editor.get<{ get(id: string): unknown }>('elementRegistry').get(elementId);
    if (element) editor.get<{ updateLabel(e: unknown, text: string): void }>('modeling').updateLabel(element, name);
  }

  private currentGraph(): ProcessGraph | undefined {
    const doc = this.workbench.documents.active;
    return doc ? this.documents.get(doc.id)?.graph : undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.store.dispose();
    this.changed.dispose();
  }
}
