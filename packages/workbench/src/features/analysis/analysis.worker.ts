// The analysis worker: one per studio. Features connect with a MessagePort each (see analysis-client.ts); every
// read of a document version goes through one cache, so a version is parsed once here for all of them.
import { createDocumentAnalysis } from './document-analysis.ts';
import type { ConnectMessage } from './protocol.ts';

const analysis = createDocumentAnalysis();

self.addEventListener('message', (event: MessageEvent<ConnectMessage>) => {
  const port = event.ports[0];
  if (event.data?.type !== 'connect' || !port) return;
  const handle = analysis.connect(event.data.feature, (message) => port.postMessage(message));
  port.onmessage = (e: MessageEvent<unknown>) => handle(e.data);
});
