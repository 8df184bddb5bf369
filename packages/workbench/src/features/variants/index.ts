// The variants feature: make variants (duplicate, add a file, or `leanflow.variants.createFromXml` for other
// features), rename them, pick the baseline, export a group as .zip, and compare variants in an editor tab (KPIs with
// paired intervals, overlay charts, scorecards, visual diff, report). Registered from boot.ts.
import { renderHtmlReport, renderMarkdownReport, type VariantComparison } from '@leanflow/analysis';
import { DisposableStore, toDisposable, type Disposable } from '../../base/lifecycle.ts';
import { saveBlob } from '../../editor/file-io.ts';
import { processNameOf, type VariantGroup } from '../../services/variant-groups.ts';
import type { Workbench } from '../../workbench.ts';
import { inProcessWorker, WorkerClient, type WorkerLike } from '../../base/worker-client.ts';
import { CompareController } from './compare-controller.ts';
import { renderDiagramSvg } from './diagram.ts';
import { diffMarkers } from './diff-markers.ts';
import { createGroupZip, groupZipName } from './group-zip.ts';
import './lf-variants-compare.ts';
import type { LfVariantsCompare } from './lf-variants-compare.ts';
import { VARIANTS_EN, VARIANTS_ZH } from './messages.ts';
import { reportFileName, withDiagrams } from './report-export.ts';
import { reportLocale } from './units.ts';
import './variants.css';

export { CompareController } from './compare-controller.ts';

/** Arguments of `leanflow.variants.createFromXml` (e.g. the suggestions feature's "Apply as variant"). */
export interface CreateVariantArgs {
  readonly sourceDocumentId: string;
  readonly xml: string;
  readonly name: string;
}

function createBrowserWorker(): WorkerLike {
  return new Worker(new URL('./variants.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-variants' }) as unknown as WorkerLike;
}

/** A variants worker's client (one for comparisons, one for diffs): a Web Worker, or the same handlers in-process. */
export function createVariantsClient(createWorker: () => WorkerLike = createBrowserWorker): WorkerClient {
  return new WorkerClient(createWorker, { name: 'variants', fallback: () => inProcessWorker(import('./variants-job.ts').then((m) => m.VARIANTS_HANDLERS)) });
}

const tabId = (groupId: string) => `variants:compare:${groupId}`;

/**
 * Adds process variants to the studio. Returns what to dispose to remove it again.
 * @example
 * registerVariants(workbench);
 * const id = await workbench.commands.execute('leanflow.variants.createFromXml', { sourceDocumentId, xml, name: 'Fewer approvals' });
 */
/** Where the Compare tabs are stored in the workspace state (`features[...]`). */
const COMPARE_STATE_KEY = 'variantsCompare';

/** The Compare tabs as stored: which groups, which was shown, their choices and latest results. */
interface StoredCompareTabs {
  readonly version: 1;
  readonly active: string | undefined;
  readonly tabs: readonly {
    readonly groupId: string;
    readonly selected: string[];
    readonly settings: { cases: string; replications: string; seed: string };
    readonly diffVariantId: string | undefined;
    readonly comparison?: VariantComparison;
    readonly comparedIds?: string[];
    readonly stale?: boolean;
    readonly milliseconds?: number;
  }[];
}

export function registerVariants(workbench: Workbench, createWorker: () => WorkerLike = createBrowserWorker): Disposable & { controller: CompareController } {
  const store = new DisposableStore();
  const { documents, variantGroups: groups, notifications, commands } = workbench;
  workbench.i18n.addMessages('en', VARIANTS_EN);
  workbench.i18n.addMessages('zh-CN', VARIANTS_ZH);
  const controller = store.add(new CompareController(workbench, createVariantsClient(createWorker), createVariantsClient(createWorker)));
  const t = controller.t;
  const naming = () => groups.setNaming({ baseline: () => t('variants.name.baseline'), variant: (letter) => t('variants.name.variant', { letter }) });
  naming();
  store.add(workbench.i18n.onDidChangeLanguage(naming));

  const info = (title: string, code: string) => notifications.notify({ severity: 'info', title, code });
  const failed = (title: string, code: string) => notifications.notify({ severity: 'error', title, code });
  /** The group named by `{ groupId }`, else the active document's. */
  const groupFor = (args: unknown): VariantGroup | undefined => {
    const id = (args as { groupId?: unknown } | undefined)?.groupId;
    const group = typeof id === 'string' ? groups.get(id) : documents.active ? groups.groupOf(documents.active.id) : undefined;
    if (!group) info(documents.active ? t('variants.noGroup') : t('variants.noDocument'), 'variants.noGroup');
    return group;
  };

  /** Opens XML as a new document in the source's group (created if needed); resolves the new document id. */
  async function createVariant(sourceId: string, xml: string, wanted: string | undefined): Promise<string | undefined> {
    const source = documents.get(sourceId);
    if (!source) {
      failed(t('variants.sourceMissing'), 'variants.sourceMissing');
      return undefined;
    }
    const group = groups.ensureGroup(sourceId);
    const name = wanted?.trim() && !group.members.some((m) => m.name.toLowerCase() === wanted.trim().toLowerCase()) ? wanted.trim() : groups.nextName(group, wanted?.trim() || undefined);
    if (!(await workbench.openText(`${processNameOf(source.name)} (${name}).bpmn`, xml, { dirty: true }))) return undefined;
    const created = documents.active!;
    groups.addMember(group.id, created.id, name);
    info(t('variants.duplicated', { name, process: group.name }), 'variants.created');
    return created.id;
  }

  const c = (id: string, title: string, handler: (...args: unknown[]) => unknown, extra: { when?: string; hidden?: boolean } = {}) =>
    store.add(commands.register({ id, title: `%${title}%`, category: '%variants.category%', handler, ...extra }));

  c('variants.duplicate', 'variants.command.duplicate', async (args) => {
    const id = (args as { documentId?: unknown } | undefined)?.documentId;
    const doc = typeof id === 'string' ? documents.get(id) : documents.active;
    if (!doc) return info(t('variants.noDocument'), 'variants.noDocument');
    if (doc.id === documents.active?.id) workbench.activeEditor?.completeEditing();
    return createVariant(doc.id, await documents.getXml(doc.id), undefined);
  }, { when: 'documentOpen' });

  c('leanflow.variants.createFromXml', 'variants.command.duplicate', async (args) => {
    const { sourceDocumentId, xml, name } = (args ?? {}) as Partial<CreateVariantArgs>;
    if (typeof sourceDocumentId !== 'string' || typeof xml !== 'string') throw new TypeError('leanflow.variants.createFromXml needs { sourceDocumentId, xml, name }');
    return createVariant(sourceDocumentId, xml, typeof name === 'string' ? name : undefined);
  }, { hidden: true });

  // Add File to Group…: our own picker, so the opened files join the group of the document active when asked.
  c('variants.addFile', 'variants.command.addFile', (args) => {
    const groupId = (args as { groupId?: unknown } | undefined)?.groupId;
    const target = typeof groupId === 'string' ? groups.get(groupId) : undefined;
    const doc = target ? documents.get(target.baselineId) : documents.active;
    if (!doc) return info(t('variants.noDocument'), 'variants.noDocument');
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = '.bpmn,.xml,application/xml,text/xml';
    input.id = 'lf-variants-add-file';
    input.hidden = true;
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.remove();
      void (async () => {
        const group = groups.get(target?.id ?? '') ?? groups.ensureGroup(doc.id);
        for (const file of files) {
          let text: string;
          try {
            text = await file.text();
          } catch (error) {
            const detail = workbench.t('error.readFailed', { detail: error instanceof Error ? error.message : String(error) });
            notifications.notify({ severity: 'error', title: workbench.t('error.openFailed', { file: file.name }), detail, code: 'file.readFailed' });
            continue;
          }
          if (!(await workbench.openText(file.name, text))) continue;
          const member = groups.addMember(group.id, documents.active!.id, processNameOf(file.name));
          info(t('variants.added', { file: file.name, process: group.name, name: member.name }), 'variants.added');
        }
      })();
    });
    input.addEventListener('cancel', () => input.remove());
    document.body.append(input);
    input.click();
    return undefined;
  }, { when: 'documentOpen' });

  c('variants.rename', 'variants.command.rename', () => {
    const doc = documents.active;
    if (!doc || !groups.member(doc.id)) return info(doc ? t('variants.noGroup') : t('variants.noDocument'), 'variants.noGroup');
    workbench.layout.update({ sidebarVisible: true, activeView: 'explorer' });
    groups.requestRename(doc.id);
    return undefined;
  }, { when: 'documentOpen' });

  c('variants.renameGroup', 'variants.command.renameGroup', (args) => {
    const group = groupFor(args);
    if (!group) return undefined;
    workbench.layout.update({ sidebarVisible: true, activeView: 'explorer' });
    groups.requestGroupRename(group.id);
    return undefined;
  }, { when: 'documentOpen' });

  c('variants.markBaseline', 'variants.command.markBaseline', () => {
    const doc = documents.active;
    if (!doc || !groups.member(doc.id)) return info(doc ? t('variants.noGroup') : t('variants.noDocument'), 'variants.noGroup');
    groups.setBaseline(doc.id);
    return undefined;
  }, { when: 'documentOpen' });

  c('variants.removeFromGroup', 'variants.command.removeFromGroup', () => {
    const doc = documents.active;
    if (doc) groups.removeMember(doc.id);
  }, { when: 'documentOpen' });

  // The compare tab of a group; one per group, kept while the group exists.
  const tabs = new Map<string, { element: LfVariantsCompare; tab: Disposable }>();
  const openCompare = (group: VariantGroup) => {
    let entry = tabs.get(group.id);
    if (!entry) {
      const element = document.createElement('lf-variants-compare') as LfVariantsCompare;
      element.workbench = workbench;
      element.controller = controller;
      element.groupId = group.id;
      const tab = workbench.editorTabs.open({
        id: tabId(group.id),
        title: t('variants.tab.title', { process: group.name }),
        element,
        showsDocumentProblems: false,
        onDidClose: () => {
          element.destroy();
          tabs.delete(group.id);
        },
      });
      entry = { element, tab };
      tabs.set(group.id, entry);
    }
    workbench.editorTabs.activate(tabId(group.id));
    return entry.element;
  };
  // Tabs follow their group: renamed with it (and with the language), closed when it goes.
  const retitle = () => {
    for (const [groupId, entry] of tabs) {
      const group = groups.get(groupId);
      if (!group) entry.tab.dispose();
      else workbench.editorTabs.update(tabId(groupId), { title: t('variants.tab.title', { process: group.name }) });
    }
  };
  store.add(groups.onDidChange(retitle));
  store.add(workbench.i18n.onDidChangeLanguage(retitle));
  store.add(toDisposable(() => [...tabs.values()].forEach((e) => e.tab.dispose())));

  // Open Compare tabs, the shown one and their latest results survive a reload (stored with the workspace).
  store.add(
    workbench.autosaver.contribute(COMPARE_STATE_KEY, (): StoredCompareTabs => ({
      version: 1,
      active: [...tabs.keys()].find((groupId) => workbench.editorTabs.active?.id === tabId(groupId)),
      tabs: [...tabs.keys()].flatMap((groupId) => {
        const group = groups.get(groupId);
        if (!group) return [];
        const state = controller.state(group);
        const done = state.comparison !== null && state.status !== 'running';
        return [{ groupId, selected: state.selected, settings: state.settings, diffVariantId: state.diffVariantId, ...(done ? { comparison: state.comparison!, comparedIds: state.comparedIds, stale: state.stale, milliseconds: state.milliseconds } : {}) }];
      }),
    })),
  );
  store.add(controller.onDidChange(() => workbench.autosaver.schedule()));
  store.add(workbench.editorTabs.onDidChange(() => workbench.autosaver.schedule()));
  store.add(
    workbench.onDidRestore((features) => {
      const stored = features[COMPARE_STATE_KEY] as StoredCompareTabs | undefined;
      if (stored?.version !== 1 || !Array.isArray(stored.tabs)) return;
      const open = (id: string) => documents.get(id) !== undefined;
      for (const entry of stored.tabs) {
        const group = groups.get(entry.groupId);
        if (!group) continue;
        const state = controller.state(group);
        state.selected = entry.selected.filter(open);
        state.settings = { ...entry.settings };
        if (entry.diffVariantId && open(entry.diffVariantId)) state.diffVariantId = entry.diffVariantId;
        if (entry.comparison && entry.comparedIds?.every(open)) {
          Object.assign(state, { comparison: entry.comparison, comparedIds: entry.comparedIds, stale: entry.stale === true, milliseconds: entry.milliseconds ?? 0, status: 'done' });
        }
        const documentTab = workbench.editorTabs.active === undefined;
        openCompare(group);
        // Only the tab that was shown stays in front; the others wait behind the documents.
        if (entry.groupId !== stored.active && documentTab) workbench.editorTabs.activate(undefined);
      }
      if (stored.active && tabs.has(stored.active)) workbench.editorTabs.activate(tabId(stored.active));
      else workbench.editorTabs.activate(undefined);
    }),
  );

  c('variants.compare', 'variants.command.compare', (args) => {
    const group = groupFor(args);
    if (group) openCompare(group);
  });
  // Diff with Baseline: the compare tab with the active variant's diagram diff in view.
  c('variants.showDiff', 'variants.command.showDiff', () => {
    const doc = documents.active;
    const group = groupFor(undefined);
    if (!doc || !group) return;
    if (doc.id !== group.baselineId) controller.showDiff(group, doc.id);
    const element = openCompare(group);
    void element.updateComplete.then(() => element.querySelector('.lf-variants-diff')?.scrollIntoView({ block: 'start' }));
  }, { when: 'documentOpen' });
  c('variants.cancel', 'variants.command.cancel', () => controller.cancel(), { when: 'variantsComparing' });
  store.add(controller.onDidChange(() => workbench.contextKeys.set('variantsComparing', controller.running)));
  workbench.contextKeys.set('variantsComparing', false);

  c('variants.exportZip', 'variants.command.exportZip', async (args) => {
    const group = groupFor(args);
    if (!group) return;
    const file = groupZipName(group.name);
    try {
      workbench.activeEditor?.completeEditing();
      const members = groups.baselineFirst(group);
      const files = await Promise.all(members.map(async (m) => ({ name: m.name, xml: await documents.getXml(m.documentId) })));
      const bytes = createGroupZip(files);
      const saved = await saveBlob(file, new Blob([bytes.slice().buffer], { type: 'application/zip' }), 'zip');
      if (saved) info(t('variants.zipSaved', { count: files.length, file: saved.name }), 'variants.zipSaved');
    } catch (error) {
      failed(t('variants.zipFailed', { detail: error instanceof Error ? error.message : String(error) }), 'variants.zipFailed');
    }
  });

  const comparisonFor = (args: unknown) => {
    const group = groupFor(args);
    const comparison = group ? controller.state(group).comparison : null;
    if (group && !comparison) info(t('variants.noComparison'), 'variants.noComparison');
    return group && comparison ? { group, comparison, state: controller.state(group) } : undefined;
  };

  c('variants.exportReport', 'variants.command.exportReport', async (args) => {
    const found = comparisonFor(args);
    if (!found) return;
    const { group, comparison, state } = found;
    const file = reportFileName(group.name);
    try {
      // Each variant's diagram, coloured by its changes against the baseline (the baseline shows what was removed).
      const xmls = await Promise.all(state.comparedIds.map((id) => (documents.get(id) ? documents.getXml(id) : Promise.resolve(''))));
      const diagrams = [];
      for (let i = 0; i < comparison.variants.length; i++) {
        if (!xmls[i]) continue;
        const diff = i === 0 ? comparison.differences[0]?.diagramDiff : comparison.differences[i - 1]!.diagramDiff;
        const markers = diff ? diffMarkers(diff, i === 0 ? 'old' : 'new') : new Map<string, string>();
        const caption = i === 0 ? t('variants.compare.baseline') : t('variants.diff.against', { variant: comparison.variants[i]!.name, baseline: comparison.variants[0]!.name });
        diagrams.push({ name: comparison.variants[i]!.name, caption, svg: await renderDiagramSvg(xmls[i]!, markers) });
      }
      // In the studio's language and units (the CLI's report stays English).
      const kinds = { added: t('variants.diff.added'), removed: t('variants.diff.removed'), changed: t('variants.diff.changed'), moved: t('variants.diff.moved') };
      const page = withDiagrams(renderHtmlReport(comparison, reportLocale(workbench.i18n)), diagrams, { title: t('variants.report.diagrams'), legend: t('variants.report.legend'), kinds });
      const blob = new Blob([page], { type: 'text/html' });
      if ((args as { open?: boolean } | undefined)?.open) {
        const url = URL.createObjectURL(blob);
        window.open(url, '_blank');
        // The new tab has loaded it by then; revoking at once could leave it blank.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        return page;
      }
      const saved = await saveBlob(file, blob, 'html');
      if (saved) info(t('variants.reportSaved', { file: saved.name }), 'variants.reportSaved');
      return page;
    } catch (error) {
      failed(t('variants.reportFailed', { detail: error instanceof Error ? error.message : String(error) }), 'variants.reportFailed');
      return undefined;
    }
  });

  c('variants.copyMarkdown', 'variants.command.copyMarkdown', async (args) => {
    const found = comparisonFor(args);
    if (!found) return;
    const markdown = renderMarkdownReport(found.comparison);
    try {
      await navigator.clipboard.writeText(markdown);
      info(t('variants.markdownCopied'), 'variants.markdownCopied');
    } catch (error) {
      workbench.output.append(markdown);
      notifications.notify({ severity: 'warning', title: t('variants.markdownFailed', { detail: error instanceof Error ? error.message : String(error) }), code: 'variants.markdownFailed' });
    }
    return markdown;
  });

  store.add(workbench.keybindings.register({ command: 'variants.compare', key: 'Ctrl+Alt+V' }));
  return Object.assign(store, { controller });
}
