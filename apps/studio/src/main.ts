// Entry of the web studio. The workbench does the work; this file only boots it with the first-run sample.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { bootStudio, PLUGIN_SERVICE, SCORECARD_SERVICE, SIMULATION_SERVICE } from '@leanflow/workbench';

const root = document.querySelector<HTMLElement>('lf-studio');
if (!root) throw new Error('index.html must contain <lf-studio>');
const workbench = await bootStudio(root, { sampleXml: LEAD_TO_QUOTE_SAMPLE });
// For debugging in the console and for the browser tests' assertions on the diagram: the workbench, with the
// features' services by their short names (`leanflow.plugins`, `leanflow.simulation`, `leanflow.scorecard`) for scripts.
const handle = Object.defineProperties(workbench, {
  plugins: { get: () => workbench.services.find(PLUGIN_SERVICE) },
  simulation: { get: () => workbench.services.find(SIMULATION_SERVICE) },
  scorecard: { get: () => workbench.services.find(SCORECARD_SERVICE) },
});
(window as unknown as { leanflow: unknown }).leanflow = handle;
