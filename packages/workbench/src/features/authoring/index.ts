// Writing plugins inside the studio (docs/studio.md "Authoring plugins in the studio"): "Plugins: New Plugin" opens
// an editor tab with a scaffolded scoring rule; Run / Save / Export act on the active authoring tab.
// Monaco is not part of this module: lf-authoring-editor.ts loads it with import() when the first tab opens.
import { DisposableStore, type Disposable } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import { LfAuthoringEditor } from './lf-authoring-editor.ts';
import { AUTHORING_EN, AUTHORING_ZH } from './messages.ts';
import { loadDrafts, saveDrafts } from './drafts.ts';
import { createPluginScaffold, type PluginScaffold } from './scaffold.ts';

export { createPluginScaffold, findRuntimeImports } from './scaffold.ts';
export { createPluginPackage } from './package.ts';

/** Context key: an authoring tab is the shown editor. */
export const AUTHORING_ACTIVE = 'authoringEditorActive';

/**
 * @example
 * registerAuthoring(workbench); // palette: "Plugins: New Plugin"; F5 or Ctrl+Enter runs the plugin being written
 */
export function registerAuthoring(workbench: Workbench): Disposable {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', AUTHORING_EN);
  workbench.i18n.addMessages('zh-CN', AUTHORING_ZH);
  const { editorTabs } = workbench;
  let count = 0;
  const open = new Map<number, LfAuthoringEditor>();
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  const writeDrafts = () => {
    if (draftTimer !== undefined) clearTimeout(draftTimer);
    draftTimer = undefined;
    const drafts = [...open].map(([n, element]) => ({ n, ...element.sources, dirty: element.dirty }));
    if (!saveDrafts(localStorage, drafts)) workbench.output.append('authoring: the plugin drafts could not be stored in this browser', 'warning');
  };
  const scheduleDrafts = () => {
    if (draftTimer !== undefined) clearTimeout(draftTimer);
    draftTimer = setTimeout(writeDrafts, 500);
  };
  const flushDrafts = () => draftTimer !== undefined && writeDrafts();
  window.addEventListener('pagehide', flushDrafts);
  store.add({ dispose: () => window.removeEventListener('pagehide', flushDrafts) });

  const activeEditor = (): LfAuthoringEditor | undefined => {
    const element = editorTabs.active?.element;
    return element instanceof LfAuthoringEditor ? element : undefined;
  };
  store.add(editorTabs.onDidChange(() => workbench.contextKeys.set(AUTHORING_ACTIVE, activeEditor() !== undefined)));

  const openEditor = (n: number, initial: PluginScaffold, options: { dirty: boolean; activate: boolean }) => {
    count = Math.max(count, n);
    const element = document.createElement('lf-authoring-editor') as LfAuthoringEditor;
    element.workbench = workbench;
    element.tabId = `authoring:${n}`;
    element.initial = initial;
    element.dirty = options.dirty;
    element.onDidChangeTab = (change) => {
      editorTabs.update(element.tabId, change);
      scheduleDrafts();
    };
    open.set(n, element);
    editorTabs.open(
      {
        id: element.tabId,
        title: element.title,
        dirty: options.dirty,
        element,
        canClose: async () => {
          if (!element.dirty) return true;
          const choice = await workbench.dialogs.ask({
            title: workbench.i18n.localize('%authoring.closeUnsaved%', { name: element.title }),
            detail: workbench.i18n.localize('%authoring.closeUnsaved.detail%'),
            buttons: [workbench.i18n.localize('%authoring.closeAnyway%'), workbench.i18n.localize('%authoring.cancel%')],
          });
          return choice === 0;
        },
        onDidClose: () => {
          open.delete(n);
          writeDrafts();
          void element.disposeEditor();
        },
      },
      options.activate,
    );
    if (options.activate) writeDrafts();
    return element.tabId;
  };
  // Plugins being written before the last reload come back as background tabs (Monaco loads when one is shown).
  for (const draft of loadDrafts(localStorage)) openEditor(draft.n, draft, { dirty: draft.dirty, activate: false });
  const newPlugin = () => openEditor(count + 1, createPluginScaffold(count + 1), { dirty: false, activate: true });

  const category = '%authoring.category%';
  const active = AUTHORING_ACTIVE;
  store.add(workbench.commands.register({ id: 'authoring.newPlugin', title: '%authoring.command.newPlugin%', category, handler: newPlugin }));
  store.add(workbench.commands.register({ id: 'authoring.run', title: '%authoring.command.run%', category, when: active, handler: () => activeEditor()?.run() }));
  store.add(workbench.commands.register({ id: 'authoring.save', title: '%authoring.command.save%', category, when: active, handler: () => activeEditor()?.save() }));
  store.add(workbench.commands.register({ id: 'authoring.export', title: '%authoring.command.export%', category, when: active, handler: () => activeEditor()?.exportPackage() }));
  // F5 simulates elsewhere; while the authoring tab is shown it runs the plugin (later bindings win, `when` differs).
  store.add(workbench.keybindings.register({ command: 'authoring.run', key: 'Ctrl+Enter', when: active }));
  store.add(workbench.keybindings.register({ command: 'authoring.run', key: 'F5', when: active }));
  store.add(workbench.keybindings.register({ command: 'authoring.save', key: 'Ctrl+S', when: active }));
  return store;
}
