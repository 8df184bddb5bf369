// Off the UI thread for the plugin platform: reads the active document into the model plugins see (parseBpmn +
// active scenario) and runs the simulations plugins ask for (`simulation.run`), summarised as plugin-API data.
import type { ActiveModel, SimulationOptions } from '@leanflow/plugin-api';
import { modelFromBpmn, simulateModel } from '@leanflow/plugin-host';

type Request =
  | { readonly id: number; readonly type: 'model'; readonly xml: string; readonly uri: string }
  | { readonly id: number; readonly type: 'simulate'; readonly model: ActiveModel; readonly options: SimulationOptions };

self.addEventListener('message', (event: MessageEvent<Request>) => {
  const request = event.data;
  const work: Promise<unknown> = request.type === 'model' ? modelFromBpmn(request.xml, request.uri).then((r) => r.model ?? null) : simulateModel(request.model, request.options);
  work.then(
    (value) => self.postMessage({ id: request.id, ok: true, value }),
    (error: unknown) => self.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
