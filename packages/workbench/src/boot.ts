// Boots the studio into an <lf-studio> element: services, built-in views, storage, restore or first run.
import { mountView } from './components/mount-view.ts';
import './components/lf-explorer-view.ts';
import './components/lf-settings-view.ts';
import { registerKeyboardShortcuts } from './components/lf-keyboard-shortcuts.ts';
import { LfStudio } from './components/lf-studio.ts';
import { ICONS } from './components/workbench-element.ts';
import { createIndexedDbDocumentStore } from './persistence/document-store.ts';
import { EditJournal } from './persistence/journal.ts';
import { DocumentOwnership } from './persistence/document-ownership.ts';
import { PLUGIN_SERVICE } from './services/feature-services.ts';
import type { SettingsStorage, SettingValue } from './services/settings.ts';
import { Workbench } from './workbench.ts';
import { latestSimulationSource, registerSimulation } from './features/simulation/index.ts';
import { registerExtensions } from './features/extensions/index.ts';
import { pluginRuleSource, registerScorecard } from './features/scorecard/index.ts';
import { migratingSettingsStorage } from './features/scorecard/profile.ts';
import { registerAuthoring } from './features/authoring/index.ts';
import { registerProperties } from './features/properties/index.ts';
import { registerVariants } from './features/variants/index.ts';
import { registerSuggestions } from './features/suggestions/index.ts';
import { registerWelcome } from './features/welcome/index.ts';
import { registerHelp } from './features/help/index.ts';
import { registerResults } from './features/results/index.ts';
import { registerOptimise } from './features/optimise/index.ts';
import { openEventLogFile, registerEventLogs } from './features/event-logs/index.ts';

export interface BootOptions {
  /** Opened on the very first run (empty storage). */
  readonly sampleXml?: string;
  /** IndexedDB database name (tests may isolate themselves). */
  readonly databaseName?: string;
}

const SETTINGS_KEY = 'leanflow.settings';

function localSettingsStorage(): SettingsStorage {
  return {
    load() {
      try {
        return JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Record<string, unknown>;
      } catch {
        return {};
      }
    },
    save(values: Record<string, SettingValue>) {
      try {
        localStorage.setItem(SETTINGS_KEY, JSON.stringify(values));
      } catch {
        // Private mode or full storage: settings still apply for this session.
      }
    },
  };
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // blocked storage: the snapshot alone keeps the work
  }
}

/**
 * Creates the Workbench, renders it into `element` and restores the last session.
 * @example
 * const workbench = await bootStudio(document.querySelector('lf-studio')!, { sampleXml: LEAD_TO_QUOTE_SAMPLE });
 */
export async function bootStudio(element: HTMLElement, options: BootOptions = {}): Promise<Workbench> {
  const database = options.databaseName ?? 'leanflow';
  const workbench = new Workbench({
    documentStore: createIndexedDbDocumentStore(database),
    ...(localStorageOrUndefined() ? { journal: new EditJournal(window.localStorage, database) } : {}),
    // Old `scorecard.*` thresholds move to the lean-scorecard plugin's `leanScorecard.*` once, as the settings load.
    settingsStorage: migratingSettingsStorage(localSettingsStorage()),
    layoutStorage: window.localStorage,
    isMac: /Mac|iPhone|iPad/.test(navigator.platform),
    browserLanguage: navigator.language,
    ...(options.sampleXml ? { sampleXml: options.sampleXml } : {}),
  });
  workbench.views.register({ id: 'explorer', title: '%view.explorer%', icon: ICONS.files, order: 0, render: mountView('lf-explorer-view', { workbench }) });
  workbench.views.register({ id: 'settings', title: '%view.settings%', icon: ICONS.settings, order: 1000, render: mountView('lf-settings-view', { workbench }) });
  registerKeyboardShortcuts(workbench, localStorageOrUndefined());
  const simulation = registerSimulation(workbench);
  registerExtensions(workbench);
  // The scorecard's rules run in the plugin host (built-in lean-scorecard plugin + installed ones) like any plugin's.
  const scorecard = registerScorecard(workbench, { simulation: latestSimulationSource(simulation.controller), rules: pluginRuleSource(workbench.services.get(PLUGIN_SERVICE)) });
  registerAuthoring(workbench);
  registerProperties(workbench);
  // One score per run: Compare and the suggestions' predictions score their runs with the Scorecard's scorer
  // (same rules, profile and settings), so a figure for the same run is the same in every view.
  registerVariants(workbench).controller.scorer = scorecard.controller;
  registerSuggestions(workbench).controller.scorer = scorecard.controller;
  registerHelp(workbench);
  registerResults(workbench);
  registerWelcome(workbench);
  registerOptimise(workbench);
  const eventLogs = registerEventLogs(workbench);
  // A log dropped on the studio or picked with Open File goes to the Event Log view.
  workbench.fileOpeners.push((file) => openEventLogFile(workbench, eventLogs.controller, file));

  (element as HTMLElement & { workbench: Workbench }).workbench = workbench;
  if (!customElements.get('lf-studio')) customElements.define('lf-studio', LfStudio);
  await (element as LfStudio).updateComplete;

  // Autosave is debounced (every edit is journalled at once as well); leaving or hiding the page writes at once.
  const flush = () => void workbench.autosaver.flush();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  window.addEventListener('pagehide', flush);
  // One tab edits a document, other tabs of this browser show it read-only (claimed as documents open).
  if (navigator.locks && typeof BroadcastChannel !== 'undefined') {
    workbench.ownership = new DocumentOwnership(workbench, navigator.locks, new BroadcastChannel(`leanflow.documents.${database}`), database);
  }
  await workbench.start();
  // First run: the sample is open behind the welcome page (templates, the tour offer, the guide).
  if (workbench.firstRun) await workbench.commands.execute('help.welcome');
  return workbench;
}
