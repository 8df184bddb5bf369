// Off the UI thread for the plugin platform: reads the active document into the model plugins see (parseBpmn +
// active scenario). Plugins' simulations run in the studio's simulation worker (features/simulation).
import { modelFromBpmn } from '@leanflow/plugin-host';

type Request = { readonly id: number; readonly type: 'model'; readonly xml: string; readonly uri: string };

self.addEventListener('message', (event: MessageEvent<Request>) => {
  const request = event.data;
  modelFromBpmn(request.xml, request.uri)
    .then((r) => r.model ?? null)
    .then(
      (value) => self.postMessage({ id: request.id, ok: true, value }),
      (error: unknown) => self.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
});
