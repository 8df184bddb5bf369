// The plugin platform in the studio: `workbench.plugins` (PluginService), the Extensions side-bar view, plugin
// views, quick picks, the simulation worker for plugins and the built-in plugins. Registered from boot.ts.
import type { ActiveModel } from '@leanflow/plugin-api';
import { analysisModelClient } from '../analysis/analysis-client.ts';
import { createWebWorkerTransportFactory, NPM_REGISTRY, type QuickPickRequest } from '@leanflow/plugin-host';
import { DisposableStore, toDisposable, type Disposable } from '../../base/lifecycle.ts';
import { PLUGIN_SERVICE, SIMULATION_SERVICE } from '../../services/feature-services.ts';
import type { Workbench } from '../../workbench.ts';
import { loadBuiltInPlugins } from './builtin.ts';
import './lf-extensions-view.ts';
import type { LfExtensionsView } from './lf-extensions-view.ts';
import './lf-plugin-view.ts';
import type { LfPluginView } from './lf-plugin-view.ts';
import './lf-quick-pick.ts';
import type { LfQuickPick } from './lf-quick-pick.ts';
import { EXTENSIONS_EN, EXTENSIONS_ZH } from './messages.ts';
import { createIndexedDbPluginStore } from './plugin-store.ts';
import { PluginService, REGISTRY_SETTING } from './plugin-service.ts';

export { PluginService } from './plugin-service.ts';
export type { PluginInfo, PluginInstallIssue, PluginInstallResult } from './plugin-service.ts';


const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M4 4h7v7H4zM13 13h7v7h-7zM4 13h7v7H4zM16.5 3.5l4 4-4 4-4-4z"/></svg>';

/**
 * Adds the plugin platform to the studio and starts the installed plugins.
 *
 * @example
 * registerExtensions(workbench); // palette: "Extensions: Show Extensions" (Ctrl+Shift+X)
 */
export function registerExtensions(workbench: Workbench): Disposable {
  const store = new DisposableStore();
  // Fetch the built-in plugins' chunk right away, in parallel with the first import of a diagram.
  void loadBuiltInPlugins().catch(() => undefined);
  workbench.i18n.addMessages('en', EXTENSIONS_EN);
  workbench.i18n.addMessages('zh-CN', EXTENSIONS_ZH);
  const showQuickPick = (request: QuickPickRequest) =>
    new Promise<number | undefined>((resolve) => {
      const element = document.createElement('lf-quick-pick') as unknown as LfQuickPick;
      element.workbench = workbench;
      element.request = request;
      element.placeholder = service.m('extensions.quickPick.placeholder');
      element.resolve = resolve;
      (document.querySelector('lf-studio') ?? document.body).append(element);
    });
  // Plugins' models are read in the analysis worker, from the same parse of the version as every other feature.
  const modelWorker = analysisModelClient();
  const simulation = workbench.services.get(SIMULATION_SERVICE);
  const service: PluginService = store.add(
    new PluginService({
      workbench,
      createTransport: createWebWorkerTransportFactory(),
      store: createIndexedDbPluginStore(),
      builtIns: loadBuiltInPlugins,
      showQuickPick,
      // A plugin's run is the studio's run (its worker, its cache per document, its Problems): one controller.
      simulate: (options, control) => simulation.runDetailed(options, control),
      // Every finished run (the Scorecard's "Simulate now" too) reaches the plugins, e.g. the Simulation view.
      onDidFinishSimulation: (listener) =>
        simulation.onDidFinishRun(({ documentId, upToDate }) => {
          const doc = workbench.documents.get(documentId);
          const summary = simulation.summaryOf(documentId);
          if (doc && summary) listener({ uri: doc.name, documentId, summary, upToDate });
        }),
      parseModel: async (xml, uri) => {
        const model = (await modelWorker.call({ type: 'model', xml, uri })) as ActiveModel | null;
        return model ?? undefined;
      },
      renderView: (container, viewId, owner) => {
        const element = document.createElement('lf-plugin-view') as LfPluginView;
        element.workbench = workbench;
        element.service = owner;
        element.viewId = viewId;
        container.append(element);
        return toDisposable(() => element.remove());
      },
    }),
  );
  store.add(workbench.services.set(PLUGIN_SERVICE, service));

  let view: LfExtensionsView | undefined;
  const show = () => workbench.layout.update({ sidebarVisible: true, activeView: 'extensions' });
  store.add(
    workbench.views.register({
      id: 'extensions',
      title: '%extensions.view%',
      icon: ICON,
      order: 900,
      render: (container) => {
        const element = document.createElement('lf-extensions-view') as LfExtensionsView;
        element.workbench = workbench;
        element.service = service;
        container.append(element);
        view = element;
        return toDisposable(() => {
          element.remove();
          if (view === element) view = undefined;
        });
      },
    }),
  );
  const whenShown = async () => {
    show();
    for (let i = 0; i < 20 && !view; i++) await new Promise((r) => setTimeout(r, 10));
    await view?.updateComplete;
    return view;
  };
  const category = '%extensions.category%';
  store.add(
    workbench.settings.register({
      id: REGISTRY_SETTING, type: 'string', default: NPM_REGISTRY,
      title: '%extensions.setting.registry.title%', description: '%extensions.setting.registry.description%', category,
    }),
  );
  store.add(workbench.commands.register({ id: 'extensions.show', title: '%extensions.command.show%', category, handler: show }));
  store.add(workbench.commands.register({ id: 'extensions.installFromFile', title: '%extensions.command.installFromFile%', category, handler: async () => (await whenShown())?.pickFiles() }));
  store.add(workbench.commands.register({ id: 'extensions.installFromUrl', title: '%extensions.command.installFromUrl%', category, handler: async () => (await whenShown())?.focusUrl() }));
  store.add(workbench.keybindings.register({ command: 'extensions.show', key: 'Ctrl+Shift+X' }));
  // Lets plugins open a side-bar view (theirs or the studio's), e.g. the Simulation plugin on F5.
  store.add(
    workbench.commands.register({
      id: 'workbench.showView',
      title: 'Show View',
      hidden: true,
      handler: (viewId: unknown) => {
        if (typeof viewId === 'string' && workbench.views.get(viewId)) workbench.layout.update({ sidebarVisible: true, activeView: viewId });
      },
    }),
  );
  void service.start();
  return store;
}
