// Test support (Node only, not exported): a TCP and UDP listener on one port of 127.0.0.1 that records everything
// that reaches it, for the tests that check a plugin cannot reach the network (security.test.ts,
// browser-worker.test.ts). It answers every request like a permissive server (CORS open, a JavaScript body), so a
// request that got out would also succeed.
import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';

/** The running listener: `base` is its http:// URL; `seen` lists every connection, request line and datagram. */
export interface RecordingServer {
  readonly base: string;
  readonly seen: string[];
  close(): Promise<void>;
}

/**
 * @example
 * const server = await startRecordingServer();
 * // ... let the plugin try
 * expect(server.seen).toEqual([]);
 */
export async function startRecordingServer(): Promise<RecordingServer> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    seen.push(`tcp connection from ${socket.remoteAddress}`);
    socket.once('data', (data) => {
      seen.push(`tcp: ${data.toString('latin1').split('\r\n')[0]}`);
      socket.end('HTTP/1.1 200 OK\r\naccess-control-allow-origin: *\r\ncontent-type: text/javascript\r\nconnection: close\r\n\r\nexport default 1;\n');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as { port: number }).port;
  const udp = createSocket('udp4');
  udp.on('message', (message) => seen.push(`udp: ${message.length} bytes`));
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => tcp.close(resolve));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}
