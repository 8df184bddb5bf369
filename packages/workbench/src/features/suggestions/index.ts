// The suggestions feature: the Suggestions side-bar view, "Show Suggestions" (Ctrl+Alt+I), "Refresh Suggestions",
// "Quick Fix for Selection" (Ctrl+.), suggestions as quick fixes on problems (Problems panel and diagram
// lightbulbs). Registered from boot.ts. Suggestions and their predictions are computed in a Web Worker.
import { DisposableStore, type Disposable } from '../../base/lifecycle.ts';
import { mountView } from '../../components/mount-view.ts';
import type { Workbench } from '../../workbench.ts';
import './lf-suggestions-view.ts';
import { SUGGESTIONS_EN, SUGGESTIONS_ZH } from './messages.ts';
import { registerQuickFixOverlays } from './quick-fix-overlays.ts';
import { inProcessWorker, WorkerClient, type WorkerLike } from '../../base/worker-client.ts';
import { PLUGIN_SERVICE } from '../../services/feature-services.ts';
import { PREVIEW_COMMAND, SuggestionsController } from './suggestions-controller.ts';
import { connectAnalysisWorker } from '../analysis/analysis-client.ts';

export { SuggestionsController } from './suggestions-controller.ts';
export { applyModelInPlace } from './reconcile.ts';

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M12 3a6 6 0 0 0-3.6 10.8c.7.5 1.1 1.3 1.1 2.2V17h5v-1c0-.9.4-1.7 1.1-2.2A6 6 0 0 0 12 3zM9.5 20h5M10.5 22h3M12 7v3M10.5 8.5h3"/></svg>';

/** The suggestions' connection to the analysis worker (which reads each document version once for every feature). */
function createBrowserWorker(): WorkerLike {
  return connectAnalysisWorker('suggestions') as unknown as WorkerLike;
}

/** The suggestions worker's client: a Web Worker, or the same handlers in-process where workers are unavailable. */
export function createSuggestionsClient(createWorker: () => WorkerLike = createBrowserWorker): WorkerClient {
  return new WorkerClient(createWorker, { name: 'suggestions', fallback: () => inProcessWorker(import('./suggestions-job.ts').then((m) => m.SUGGESTIONS_HANDLERS)) });
}

/**
 * Adds the Suggestions view to the studio.
 *
 * @example
 * registerSuggestions(workbench); // palette: "Suggestions: Show Suggestions", Ctrl+Alt+I
 */
export function registerSuggestions(workbench: Workbench, options: { createWorker?: () => WorkerLike } = {}): Disposable & { controller: SuggestionsController } {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', SUGGESTIONS_EN);
  workbench.i18n.addMessages('zh-CN', SUGGESTIONS_ZH);
  const category = '%suggestions.category%';
  const controller = store.add(new SuggestionsController(workbench, createSuggestionsClient(options.createWorker), workbench.services.find(PLUGIN_SERVICE)));
  const show = () => {
    const layout = workbench.layout.value;
    workbench.layout.update({ sidebarVisible: true, activeView: 'suggestions', sidebarWidth: Math.max(layout.sidebarWidth, 400) });
    const active = workbench.documents.active?.id;
    if (active && !controller.state(active)) void controller.compute(active);
  };
  store.add(workbench.commands.register({ id: 'suggestions.show', title: '%suggestions.command.show%', category, handler: show }));
  store.add(
    workbench.commands.register({ id: 'suggestions.refresh', title: '%suggestions.command.refresh%', category, when: 'documentOpen', handler: () => controller.compute() }),
  );
  store.add(
    workbench.commands.register({
      id: PREVIEW_COMMAND,
      title: '%suggestions.preview%',
      category,
      hidden: true,
      handler: (documentId: unknown, suggestionId: unknown) => {
        if (typeof documentId === 'string' && typeof suggestionId === 'string') controller.reveal(documentId, suggestionId);
      },
    }),
  );
  store.add(
    workbench.commands.register({
      id: 'suggestions.quickFix',
      title: '%suggestions.command.quickFix%',
      category,
      when: 'documentOpen',
      handler: () => {
        const doc = workbench.documents.active;
        const editor = workbench.activeEditor;
        if (!doc || !editor?.modeler) return;
        const selected = editor.get<{ get(): { id: string }[] }>('selection').get().map((e) => e.id);
        const match = controller.forElements(doc.id, selected).find((e) => e.xml !== undefined);
        if (match) controller.reveal(doc.id, match.suggestion.id);
        else workbench.notifications.notify({ severity: 'info', title: controller.t('suggestions.noQuickFix'), code: 'suggestions.noQuickFix' });
      },
    }),
  );
  store.add(workbench.keybindings.register({ command: 'suggestions.show', key: 'Ctrl+Alt+I' }));
  store.add(workbench.keybindings.register({ command: 'suggestions.quickFix', key: 'Ctrl+.', when: 'documentOpen' }));
  store.add(registerQuickFixOverlays(workbench));
  store.add(
    workbench.views.register({
      id: 'suggestions',
      title: '%suggestions.view%',
      icon: ICON,
      order: 35,
      render: mountView('lf-suggestions-view', { workbench, controller }),
    }),
  );
  return Object.assign(store, { controller });
}
