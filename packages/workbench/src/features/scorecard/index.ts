// The scorecard feature: the Scorecard side-bar view, "Show Scorecard" (Ctrl+Alt+L) and "Re-score Now", settings
// for the profile and its thresholds. Registered from boot.ts. Static rules re-run in a Web Worker on every edit.
import { DisposableStore, type Disposable, type Event } from '../../base/lifecycle.ts';
import { mountView } from '../../components/mount-view.ts';
import type { Workbench } from '../../workbench.ts';
import './lf-scorecard-view.ts';
import { SCORECARD_EN, SCORECARD_ZH } from './messages.ts';
import { PROFILE_IDS, SCORECARD_DEFAULTS, SCORECARD_SETTING } from './profile.ts';
import type { AnalysisInput, BpmnlintReport } from '@leanflow/plugin-api';
import type { PluginHost } from '@leanflow/plugin-host';
import { analysisModelClient, connectAnalysisWorker } from '../analysis/analysis-client.ts';
import { LEAN_SCORECARD_PLUGIN_ID } from '../extensions/builtin-ids.ts';
import { inProcessWorker, WorkerClient, type WorkerLike } from '../../base/worker-client.ts';
import { ScorecardController, type ScoringRuleSource, type SimulationResultSource } from './scorecard-controller.ts';
import { SCORECARD_SERVICE } from '../../services/feature-services.ts';

export { ScorecardController, type RunScorer, type ScoringRuleSource, type SimulationResultSource } from './scorecard-controller.ts';

/**
 * The plugin host as the scorecard's rule source: the built-in lean-scorecard plugin and every installed plugin
 * with scoring rules. Available while the built-in plugin is installed and neither disabled nor crashed.
 *
 * @example
 * registerScorecard(workbench, { rules: pluginRuleSource(workbench.plugins) });
 */
export function pluginRuleSource(plugins: { readonly host: PluginHost; readonly onDidChange: Event<void>; whenStarted?(): Promise<void>; localizeText?(text: string): string | undefined }): ScoringRuleSource {
  return {
    ...(plugins.whenStarted ? { whenStarted: () => plugins.whenStarted!() } : {}),
    available: () => {
      const state = plugins.host.status(LEAN_SCORECARD_PLUGIN_ID)?.state;
      return state !== undefined && state !== 'disabled' && state !== 'crashed';
    },
    // bpmnlint's reports come from the analysis worker's parse of this version (the plugins never parse the XML).
    runScoring: async (input) =>
      plugins.host.runScoring(input.xml !== undefined && input.bpmnlint === undefined ? withBpmnlint(input, await lint(input.xml, input.profile)) : input),
    builtInPluginId: LEAN_SCORECARD_PLUGIN_ID,
    scoringRules: () => plugins.host.contributions.scoringRules(),
    pluginName: (pluginId) => plugins.host.status(pluginId)?.name,
    ...(plugins.localizeText ? { localizeText: (text: string) => plugins.localizeText!(text) } : {}),
    onDidChange: plugins.onDidChange,
  };
}

let analysis: ReturnType<typeof analysisModelClient> | undefined;
const lint = (xml: string, profile: AnalysisInput['profile']): Promise<BpmnlintReport | undefined> =>
  (analysis ??= analysisModelClient())
    .call({ type: 'bpmnlint', xml, ...(profile ? { profile } : {}) })
    .then((report) => (report as BpmnlintReport | null) ?? undefined);
const withBpmnlint = (input: AnalysisInput, bpmnlint: BpmnlintReport | undefined): AnalysisInput => (bpmnlint ? { ...input, bpmnlint } : input);

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" d="M12 3a9 9 0 1 0 9 9M12 3a9 9 0 0 1 9 9M12 12l5-5M12 3v3M21 12h-3"/><circle cx="12" cy="12" r="1.6" fill="currentColor"/></svg>';

/** The scorecard's connection to the analysis worker (which reads each document version once for every feature). */
function createBrowserWorker(): WorkerLike {
  return connectAnalysisWorker('scorecard') as unknown as WorkerLike;
}

/** The scorecard worker's client: a Web Worker, or the same handlers in-process where workers are unavailable. */
export function createScorecardClient(createWorker: () => WorkerLike = createBrowserWorker): WorkerClient {
  return new WorkerClient(createWorker, { name: 'scorecard', fallback: () => inProcessWorker(import('./scorecard-job.ts').then((m) => m.SCORECARD_HANDLERS)) });
}

/**
 * Adds the scorecard to the studio. `simulation` (optional) gives the latest simulation result per document so the
 * dynamic rules score; without it they show "Run a simulation to score this". `rules` runs the rules in the plugin
 * host (see `pluginRuleSource`), the one way to score; without it the view says that nothing scores.
 *
 * @example
 * registerScorecard(workbench); // palette: "Scorecard: Show Scorecard", Ctrl+Alt+L
 */
export function registerScorecard(
  workbench: Workbench,
  options: { simulation?: SimulationResultSource; rules?: ScoringRuleSource; createWorker?: () => WorkerLike } = {},
): Disposable & { controller: ScorecardController } {
  const store = new DisposableStore();
  workbench.i18n.addMessages('en', SCORECARD_EN);
  workbench.i18n.addMessages('zh-CN', SCORECARD_ZH);
  const category = '%scorecard.category%';
  store.add(
    workbench.settings.register({
      id: SCORECARD_SETTING.profile, type: 'string', default: SCORECARD_DEFAULTS.profile, enum: [...PROFILE_IDS],
      enumLabels: PROFILE_IDS.map((id) => `%scorecard.profile.${id}%`),
      title: '%scorecard.setting.profile.title%', description: '%scorecard.setting.profile.description%', category,
    }),
  );
  // The thresholds are the lean-scorecard plugin's settings (`leanScorecard.*`, profile.ts THRESHOLD_SETTING).
  store.add(
    workbench.settings.register({
      id: SCORECARD_SETTING.useModelProfile, type: 'boolean', default: SCORECARD_DEFAULTS.useModelProfile,
      title: '%scorecard.setting.useModelProfile.title%', description: '%scorecard.setting.useModelProfile.description%', category,
    }),
  );
  const controller = store.add(new ScorecardController(workbench, createScorecardClient(options.createWorker), options.simulation));
  if (options.rules) controller.setRuleSource(options.rules);
  store.add(workbench.services.set(SCORECARD_SERVICE, controller));
  const show = () => {
    const layout = workbench.layout.value;
    workbench.layout.update({ sidebarVisible: true, activeView: 'scorecard', sidebarWidth: Math.max(layout.sidebarWidth, 380) });
  };
  store.add(workbench.commands.register({ id: 'scorecard.show', title: '%scorecard.command.show%', category, handler: show }));
  store.add(
    workbench.commands.register({ id: 'scorecard.rescore', title: '%scorecard.command.rescore%', category, when: 'documentOpen', handler: () => controller.score() }),
  );
  store.add(
    workbench.commands.register({
      id: 'scorecard.saveProfileToModel', title: '%scorecard.command.saveProfile%', category, when: 'documentOpen',
      handler: () => controller.saveProfileToModel(),
    }),
  );
  store.add(
    workbench.commands.register({
      id: 'scorecard.removeProfileFromModel', title: '%scorecard.command.removeProfile%', category, when: 'documentOpen',
      handler: () => controller.removeProfileFromModel(),
    }),
  );
  store.add(workbench.keybindings.register({ command: 'scorecard.show', key: 'Ctrl+Alt+L' }));
  store.add(
    workbench.views.register({
      id: 'scorecard',
      title: '%scorecard.view%',
      icon: ICON,
      order: 30,
      render: mountView('lf-scorecard-view', { workbench, controller }),
    }),
  );
  return Object.assign(store, { controller });
}
