// Types shared by the plugin service and the contribution bridge.
import type { Workbench } from '../../workbench.ts';

/** The parts of the workbench the plugin platform uses (a plain Workbench in the studio; services in unit tests). */
export type PluginWorkbench = Pick<
  Workbench,
  'commands' | 'keybindings' | 'settings' | 'views' | 'statusBar' | 'problems' | 'output' | 'notifications' | 'contextKeys' | 'documents' | 'i18n' | 'dialogs' | 'layout'
> & { readonly activeEditor?: { readonly modeler?: unknown } | undefined; readonly onDidLoadEditor?: Workbench['onDidLoadEditor'] };

/** A problem with a package, naming the field when there is one (`main: …`, `engines.leanflow: …`). */
export interface PluginInstallIssue {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly field?: string;
  readonly message: string;
}

