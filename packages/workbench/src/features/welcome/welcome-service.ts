// What the welcome page does: opens a template as a process group (as-is baseline + to-be), lists the templates
// plugins contribute, and remembers whether the tour offer was dismissed (it never comes back once it was).
import { findTemplate, templateXml } from '@leanflow/model';
import { Emitter, type Event } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import type { WelcomeMessageKey } from './messages.ts';
import { PLUGIN_SERVICE } from '../../services/feature-services.ts';

/** localStorage key: `offered` (default), `dismissed` or `done`. */
export const TOUR_STATE_KEY = 'leanflow.tour';

export interface PluginTemplate {
  readonly pluginId: string;
  readonly pluginName: string;
  readonly id: string;
  readonly name: string;
  readonly description?: string | undefined;
}

export class WelcomeService {
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly workbench: Workbench,
    private readonly storage: Storage | undefined,
  ) {}

  m(key: WelcomeMessageKey, params?: Record<string, string | number>): string {
    return this.workbench.i18n.localize(`%${key}%`, params);
  }

  /** Re-renders the page (plugins added or removed templates). */
  refresh(): void {
    this.changed.fire();
  }

  tourState(): string {
    try {
      return this.storage?.getItem(TOUR_STATE_KEY) ?? 'offered';
    } catch {
      return 'offered';
    }
  }

  setTourState(state: 'dismissed' | 'done'): void {
    try {
      this.storage?.setItem(TOUR_STATE_KEY, state);
    } catch {
      // Blocked storage: the offer may come back next session, nothing else is lost.
    }
    this.changed.fire();
  }

  /** The tour is offered on the welcome page until it is taken or dismissed. */
  tourOffered(): boolean {
    return this.tourState() === 'offered';
  }

  dismissTourOffer(): void {
    this.setTourState('dismissed');
  }

  pluginTemplates(): PluginTemplate[] {
    const plugins = this.workbench.services.find(PLUGIN_SERVICE);
    if (!plugins) return [];
    return plugins.host.contributions.processTemplates().map((t) => ({
      pluginId: t.pluginId,
      pluginName: plugins.manifest(t.pluginId)?.name ?? t.pluginId,
      id: t.id,
      name: t.name,
      description: t.description,
    }));
  }

  /** Opens a built-in template's as-is and to-be as one process group; resolves the as-is document id. */
  async openTemplate(id: string): Promise<string | undefined> {
    const template = findTemplate(id);
    if (!template) return undefined;
    const { documents, variantGroups } = this.workbench;
    const language = this.workbench.i18n.language === 'zh-CN' ? 'zh' : 'en';
    const name = template.name[language];
    const toBeName = this.m('welcome.toBe');
    if (!(await this.workbench.openText(`${name}.bpmn`, templateXml(template, 'asIs', language)))) return undefined;
    const asIs = documents.active!.id;
    const group = variantGroups.ensureGroup(asIs);
    variantGroups.renameGroup(group.id, name);
    if (await this.workbench.openText(`${name} (${toBeName}).bpmn`, templateXml(template, 'toBe', language))) {
      variantGroups.addMember(group.id, documents.active!.id, toBeName);
    }
    documents.setActive(asIs);
    const message = this.m('welcome.opened', { name });
    this.workbench.notifications.notify({ severity: 'info', title: message, code: 'welcome.templateOpened' });
    this.workbench.output.append(message);
    return asIs;
  }

  /** Opens a template a plugin contributes (one file). */
  async openPluginTemplate(pluginId: string, templateId: string): Promise<boolean> {
    const plugins = this.workbench.services.find(PLUGIN_SERVICE);
    const entry = this.pluginTemplates().find((t) => t.pluginId === pluginId && t.id === templateId);
    const xml = plugins?.host.getProcessTemplate(pluginId, templateId);
    if (!entry || xml === undefined) {
      this.workbench.notifications.notify({ severity: 'warning', title: this.m('welcome.pluginMissing', { name: entry?.name ?? templateId }), code: 'welcome.templateMissing' });
      return false;
    }
    if (!(await this.workbench.openText(`${entry.name}.bpmn`, xml))) return false;
    const message = this.m('welcome.openedPlugin', { name: entry.name, plugin: entry.pluginName });
    this.workbench.notifications.notify({ severity: 'info', title: message, code: 'welcome.templateOpened' });
    this.workbench.output.append(message);
    return true;
  }
}
