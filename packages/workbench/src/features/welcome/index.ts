// The welcome page (first run and Help → Welcome) with the template gallery, and the guided tour.
import { DisposableStore, type Disposable } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import './lf-welcome-page.ts';
import type { LfWelcomePage } from './lf-welcome-page.ts';
import { WELCOME_EN, WELCOME_ZH } from './messages.ts';
import { startTour } from './tour.ts';
import { WelcomeService } from './welcome-service.ts';
import './welcome.css';
import { PLUGIN_SERVICE } from '../../services/feature-services.ts';

export const WELCOME_TAB_ID = 'welcome';

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * @example
 * const welcome = registerWelcome(workbench);
 * await workbench.commands.execute('help.welcome');
 */
export function registerWelcome(workbench: Workbench, storage: Storage | undefined = localStorageOrUndefined()): Disposable & { service: WelcomeService } {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', WELCOME_EN);
  workbench.i18n.addMessages('zh-CN', WELCOME_ZH);
  const service = new WelcomeService(workbench, storage);
  let page: LfWelcomePage | undefined;
  const show = () => {
    if (!page) {
      page = document.createElement('lf-welcome-page') as LfWelcomePage;
      page.workbench = workbench;
      page.controller = service;
    }
    workbench.editorTabs.open({ id: WELCOME_TAB_ID, title: service.m('welcome.tab.title'), element: page });
  };
  store.add(workbench.i18n.onDidChangeLanguage(() => workbench.editorTabs.update(WELCOME_TAB_ID, { title: service.m('welcome.tab.title') })));
  const c = (id: string, title: string, handler: (...args: unknown[]) => unknown) => store.add(workbench.commands.register({ id, title: `%${title}%`, category: '%category.help%', handler }));
  c('help.welcome', 'welcome.command.show', show);
  c('help.tour', 'welcome.command.tour', () => startTour(workbench, service));
  c('help.openTemplate', 'welcome.open', (id: unknown) => (typeof id === 'string' ? service.openTemplate(id) : undefined));
  store.add(workbench.statusBar.set({ id: 'help', text: '%welcome.help%', tooltip: service.m('welcome.helpTooltip'), command: 'help.show', alignment: 'right', priority: -100 }));
  if (!workbench.commands.get('help.show')) c('help.show', 'welcome.command.show', show);
  // Templates contributed by plugins appear as their plugins start, stop or are installed.
  const plugins = workbench.services.find(PLUGIN_SERVICE);
  if (plugins) store.add(plugins.host.contributions.onDidChange(() => service.refresh()));
  return { service, dispose: () => store.dispose() };
}
