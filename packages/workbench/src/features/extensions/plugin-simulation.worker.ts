// Runs the simulation a plugin asked for (`simulation.run`) off the UI thread: the engine on the model the plugin
// sees, summarised as plugin-API data. One run per worker; the studio terminates it afterwards.
import type { ActiveModel, SimulationOptions } from '@leanflow/plugin-api';
import { simulateModel } from '@leanflow/plugin-host';

self.addEventListener('message', (event: MessageEvent<{ model: ActiveModel; options: SimulationOptions }>) => {
  simulateModel(event.data.model, event.data.options).then(
    (summary) => self.postMessage({ ok: true, summary }),
    (error: unknown) => self.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
