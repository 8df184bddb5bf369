// Help inside the studio: the guide (docs/*.md) and the KPI glossary in an editor tab. "Learn more" links
// (`docs/scoring.md#…`, plugin docs paths) and glossary links (`#glossary:pce`) anywhere in the studio open here.
import { DisposableStore, toDisposable, type Disposable } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import { helpTarget } from './docs.ts';
import './help.css';
import './lf-help-page.ts';
import type { LfHelpPage } from './lf-help-page.ts';
import { HELP_EN, HELP_ZH, type HelpMessageKey } from './messages.ts';

export const HELP_TAB_ID = 'help';

/**
 * @example
 * registerHelp(workbench);
 * await workbench.commands.execute('help.glossary', 'pce');
 */
export function registerHelp(workbench: Workbench): Disposable {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', HELP_EN);
  workbench.i18n.addMessages('zh-CN', HELP_ZH);
  const m = (key: HelpMessageKey, params?: Record<string, string | number>) => workbench.i18n.localize(`%${key}%`, params);
  let page: LfHelpPage | undefined;
  const title = () => (page ? m('help.tab', { page: page.page === 'glossary' ? m('help.glossary') : m(`help.page.${page.page}` as HelpMessageKey) }) : m('help.title'));
  const open = (target: string, anchor?: string) => {
    if (!page) {
      page = document.createElement('lf-help-page') as LfHelpPage;
      page.workbench = workbench;
    }
    page.show(target, anchor);
    workbench.editorTabs.open({ id: HELP_TAB_ID, title: title(), element: page });
    workbench.editorTabs.update(HELP_TAB_ID, { title: title() });
  };
  const c = (id: string, key: HelpMessageKey, handler: (...args: unknown[]) => unknown) => store.add(workbench.commands.register({ id, title: `%${key}%`, category: '%category.help%', handler }));
  c('help.show', 'help.command.show', () => open(page?.page ?? 'glossary'));
  c('help.glossary', 'help.command.glossary', (term: unknown) => open('glossary', typeof term === 'string' ? term : undefined));
  c('help.docs', 'help.command.docs', (args: unknown) => {
    const { page: name, anchor } = (args ?? {}) as { page?: unknown; anchor?: unknown };
    open(typeof name === 'string' ? name : 'studio', typeof anchor === 'string' ? anchor : undefined);
  });
  store.add(workbench.i18n.onDidChangeLanguage(() => workbench.editorTabs.update(HELP_TAB_ID, { title: title() })));
  // Links to the guide or the glossary anywhere in the studio (Scorecard "Learn more", plugin views, KPI cards'
  // "?") open the help tab; before, /docs/*.md went to the static server, which answered with the studio again.
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    const link = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement && n.hasAttribute('href'));
    if (!link || link.closest('lf-help-page')) return;
    const target = helpTarget(link.getAttribute('href')!);
    if (!target) return;
    event.preventDefault();
    open(target.page, target.anchor);
  };
  document.addEventListener('click', onClick, true);
  store.add(toDisposable(() => document.removeEventListener('click', onClick, true)));
  return store;
}
