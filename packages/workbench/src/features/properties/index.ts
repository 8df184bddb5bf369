// The Properties feature: the Properties side-bar view (the selected element's simulation parameters in the
// active scenario, the scenario switcher, resources and calendars) and its commands. Registered from boot.ts.
import { DisposableStore, toDisposable, type Disposable } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import './lf-properties-view.ts';
import type { LfPropertiesView } from './lf-properties-view.ts';
import { PROPERTIES_EN, PROPERTIES_ZH, type PropertiesMessageKey } from './messages.ts';
import { PropertiesModel } from './properties-model.ts';

export { PropertiesModel } from './properties-model.ts';

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1"/><circle cx="15" cy="6" r="2" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="9" cy="12" r="2" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="17" cy="18" r="2" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>';

/** Forms need room for "about [30] min, usually [20]–[45]". */
const VIEW_MIN_WIDTH = 340;

/**
 * Adds the Properties view and its commands. Returns what to dispose to remove them again.
 *
 * @example
 * registerProperties(workbench); // palette: "Properties: Show Properties" (Alt+Enter), "New Scenario"...
 */
export function registerProperties(workbench: Workbench): Disposable {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', PROPERTIES_EN);
  workbench.i18n.addMessages('zh-CN', PROPERTIES_ZH);
  const model = store.add(new PropertiesModel(workbench));
  const s = (key: PropertiesMessageKey, params?: Record<string, string | number>) => workbench.i18n.localize(`%${key}%`, params);
  const show = () => {
    const layout = workbench.layout.value;
    workbench.layout.update({ sidebarVisible: true, activeView: 'properties', sidebarWidth: Math.max(layout.sidebarWidth, VIEW_MIN_WIDTH) });
  };
  const category = '%properties.category%';
  const command = (id: string, title: PropertiesMessageKey, handler: () => unknown, when = 'documentOpen') =>
    store.add(workbench.commands.register({ id, title: `%${title}%`, category, when, handler }));
  command('properties.show', 'properties.command.show', show, 'true');
  command('properties.newScenario', 'properties.command.newScenario', () => {
    show();
    model.newScenario(s('properties.scenario.newName'));
  });
  command('properties.duplicateScenario', 'properties.command.duplicateScenario', () => {
    show();
    model.duplicate((name) => s('properties.scenario.copyOf', { name }));
  });
  command('properties.renameScenario', 'properties.command.renameScenario', async () => {
    show();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const input = document.querySelector<HTMLInputElement>('lf-properties-view [data-field="scenario-name"]');
    input?.focus();
    input?.select();
  });
  command('properties.deleteScenario', 'properties.command.deleteScenario', () =>
    model.deleteActive((name) => ({
      title: s('properties.scenario.deleteTitle', { name }),
      detail: s('properties.scenario.deleteDetail'),
      buttons: [s('properties.scenario.deleteConfirm'), s('properties.cancel')],
    })),
  );
  // Alt+Enter is "properties" in desktop file managers; nothing else in the studio uses it.
  store.add(workbench.keybindings.register({ command: 'properties.show', key: 'Alt+Enter' }));

  store.add(
    workbench.views.register({
      id: 'properties',
      title: '%properties.view%',
      icon: ICON,
      order: 10,
      render: (container) => {
        const view = document.createElement('lf-properties-view') as LfPropertiesView;
        view.workbench = workbench;
        view.model = model;
        model.viewCount++;
        container.append(view);
        return toDisposable(() => {
          model.viewCount--;
          view.remove();
        });
      },
    }),
  );
  return store;
}
