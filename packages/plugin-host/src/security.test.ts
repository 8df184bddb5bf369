// The Node host against a plugin that tries to get out or to use more memory than allowed (issue 11, items 1-2).
// Network: the escape fixture tries every way out it knows against a recording server on 127.0.0.1 (TCP and UDP
// on one port); the server must see nothing and the plugin must have caught an error for each way. Memory: the
// memory-steps fixture grows ArrayBuffers, typed arrays and WebAssembly memory in steps with pauses (and without
// ever yielding); the plugin is stopped as out of memory within 2 s of passing its limit.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPluginTestHost, type PluginStatus, type PluginTestHost } from '@leanflow/plugin-host';
import { startRecordingServer } from './recording-server.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = (name: string) => join(repoRoot, 'plugins', 'examples', 'test-fixtures', name);
const sharedFixtures = process.env.LEANFLOW_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures');

let open: PluginTestHost | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

/** Resolves with the plugin's status once it crashed. */
function crashed(test: PluginTestHost, pluginId: string): Promise<PluginStatus & { readonly at: number }> {
  return new Promise((resolve) => {
    const subscription = test.host.onDidChangeStatus((status) => {
      if (status.id === pluginId && status.state === 'crashed') {
        subscription.dispose();
        resolve({ ...status, at: Date.now() });
      }
    });
  });
}

/** The plugin's console output as it arrives (a crash removes the channel). */
function consoleOf(test: PluginTestHost, pluginId: string): { text: string } {
  const log = { text: '' };
  test.host.contributions.onDidChange((change) => {
    const channel = test.host.contributions.outputChannels().find((o) => o.pluginId === pluginId && o.name === 'console');
    if (change.kind === 'output' && channel) log.text = channel.text;
  });
  return log;
}

describe('a plugin in the Node host', () => {
  it('finds no way out to the network: the server receives nothing and the plugin catches an error for each way', async () => {
    const server = await startRecordingServer();
    try {
      const bpmnXml = await readFile(join(sharedFixtures, 'miwg', 'reference', 'C.1.0.bpmn'), 'utf8');
      open = await createPluginTestHost({ bpmnXml });
      await open.install(fixture('escape'));
      const outcome = await open.host.executeCommand('fixtures.escape.tryAll', server.base, server.base);
      expect(outcome.ok).toBe(true);
      const ways = (outcome as { value: Record<string, string> }).value;
      console.log(`Node host, ways out tried:\n${Object.entries(ways).map(([way, result]) => `  ${way}: ${result}`).join('\n')}`);
      expect(Object.keys(ways).length).toBeGreaterThanOrEqual(25);
      for (const [way, result] of Object.entries(ways)) expect({ way, result }).toEqual({ way, result: expect.stringMatching(/^blocked: \w*Error: /) });
      // Anything still in flight would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(server.seen).toEqual([]);
      expect(open.host.status('fixtures.escape')?.state).toBe('active');
    } finally {
      await server.close();
    }
  });

  // 64 MB steps against a 256 MB limit: the 4th step passes it (the heap and the runtime's own buffers count too).
  const LIMIT_MB = 256;
  const STEP_MB = 64;
  const PAUSE_MS = 300;
  for (const kind of ['arrayBuffer', 'typedArray', 'resizable', 'blob', 'stream', 'structuredClone', 'wasmMemory', 'wasmInternal'] as const) {
    it(`stops a plugin that grows ${kind} in steps with pauses within 2 s of passing its limit, as out of memory`, async () => {
      open = await createPluginTestHost({ limits: { memoryLimitMb: LIMIT_MB } });
      await open.install(fixture('memory-steps'));
      const stopped = crashed(open, 'fixtures.memory-steps');
      const log = consoleOf(open, 'fixtures.memory-steps');
      const started = Date.now();
      const outcome = await open.host.executeCommand('fixtures.memory.steps', kind, STEP_MB, PAUSE_MS, 40);
      const status = await stopped;
      const steps = [...log.text.matchAll(/step (\d+): (\d+) MB at (\d+) ms/g)].map((m) => ({ mb: Number(m[2]), ms: Number(m[3]) }));
      const lastStep = steps.at(-1) ?? { mb: 0, ms: 0 };
      console.log(`Node host, ${kind}: stopped after ${status.at - started} ms, last step ${lastStep.mb} MB at ${lastStep.ms} ms; ${status.reason}`);
      expect(outcome.ok).toBe(false);
      expect(status.reason).toMatch(new RegExp(`^used more memory than allowed \\(\\d+ MB of ${LIMIT_MB} MB\\)$`));
      // It never held more than one step over the limit ...
      expect(lastStep.mb).toBeLessThanOrEqual(LIMIT_MB + STEP_MB);
      expect(lastStep.mb).toBeGreaterThanOrEqual(LIMIT_MB - 2 * STEP_MB);
      // ... and was stopped within 2 s of the step that passed it (the pause after the last logged step included).
      expect(status.at - started - lastStep.ms).toBeLessThan(2_000 + PAUSE_MS);
    });
  }

  it('does not stop a plugin that churns through 1 GB of small scratch arrays (garbage, not growth)', async () => {
    open = await createPluginTestHost({ limits: { memoryLimitMb: LIMIT_MB } });
    await open.install(fixture('memory-steps'));
    const outcome = await open.host.executeCommand('fixtures.memory.steps', 'churn', STEP_MB, 20, 16);
    expect(outcome).toEqual({ ok: true, value: 16 * STEP_MB });
    expect(open.host.status('fixtures.memory-steps')?.state).toBe('active');
  });

  it('stops a plugin that allocates without ever yielding as out of memory, not as an endless loop', async () => {
    open = await createPluginTestHost({ limits: { memoryLimitMb: LIMIT_MB } });
    await open.install(fixture('memory-steps'));
    const stopped = crashed(open, 'fixtures.memory-steps');
    const started = Date.now();
    await open.host.executeCommand('fixtures.memory.steps', 'arrayBuffer', STEP_MB, 0, 1_000);
    const status = await stopped;
    console.log(`Node host, no pauses: stopped after ${status.at - started} ms; ${status.reason}`);
    expect(status.reason).toMatch(/^used more memory than allowed/);
    expect(status.at - started).toBeLessThan(2_000);
  });
});
