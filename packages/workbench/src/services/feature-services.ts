// The keys of the services features offer each other (base/service-keys.ts). A feature that offers one sets it in
// `workbench.services` when it registers; one that needs it asks with the key and gets the type with it.
import { createServiceKey } from '../base/service-keys.ts';
import type { PluginService } from '../features/extensions/plugin-service.ts';
import type { ScorecardController } from '../features/scorecard/scorecard-controller.ts';
import type { SimulationController } from '../features/simulation/simulation-controller.ts';

/** The plugin platform: install, remove and run plugins (set by registerExtensions). */
export const PLUGIN_SERVICE = createServiceKey<PluginService>('leanflow.plugins');
/** The studio's simulation: runs in its worker, the latest result per document (set by registerSimulation). */
export const SIMULATION_SERVICE = createServiceKey<SimulationController>('leanflow.simulation');
/** The Scorecard: scores per document and for a given run, as the Scorecard view shows them (set by registerScorecard). */
export const SCORECARD_SERVICE = createServiceKey<ScorecardController>('leanflow.scorecard');
