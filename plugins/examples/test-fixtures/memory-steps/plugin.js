// Test fixture: grows memory by `stepMb` every `pauseMs` (0 = without ever yielding), keeping everything, and
// touching every page so it is really used. Kinds: arrayBuffer, typedArray, resizable
// (ArrayBuffer.prototype.resize), blob, stream (chunks piped into its own sink), structuredClone, wasmMemory
// (WebAssembly.Memory.grow), wasmInternal (a module that grows its own, unexported memory with memory.grow).
// churn allocates and drops. Logs each step with the time.
const PAGE = 64 * 1024;
// (module (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
const GROW_MODULE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 5, 3, 1, 0, 1, 7, 8, 1, 4, 103, 114, 111, 119, 0, 0, 10, 8, 1, 6, 0, 32, 0, 64, 0, 11,
]);

export function activate(context) {
  const kept = [];
  context.subscriptions.push(
    context.commands.registerCommand('fixtures.memory.steps', async (kind = 'arrayBuffer', stepMb = 128, pauseMs = 250, steps = 100) => {
      const bytes = stepMb * 1024 * 1024;
      let memory;
      let grow;
      let megabyte;
      const started = Date.now();
      for (let step = 1; step <= steps; step++) {
        if (kind === 'arrayBuffer') {
          const buffer = new ArrayBuffer(bytes);
          new Uint8Array(buffer).fill(step);
          kept.push(buffer);
        } else if (kind === 'typedArray') {
          kept.push(new Float64Array(bytes / 8).fill(step));
        } else if (kind === 'wasmMemory') {
          memory ??= new WebAssembly.Memory({ initial: 1, maximum: 65536 });
          const before = memory.buffer.byteLength;
          memory.grow(bytes / PAGE);
          new Uint8Array(memory.buffer, before).fill(step);
        } else if (kind === 'wasmInternal') {
          grow ??= new WebAssembly.Instance(new WebAssembly.Module(GROW_MODULE)).exports.grow;
          if (grow(bytes / PAGE) < 0) throw new Error('memory.grow failed');
        } else if (kind === 'resizable') {
          memory ??= new ArrayBuffer(0, { maxByteLength: 4096 * 1024 * 1024 });
          memory.resize(step * bytes);
          new Uint8Array(memory, (step - 1) * bytes).fill(step);
        } else if (kind === 'churn') {
          // Garbage, not growth: 1 KB arrays dropped at once. A plugin doing this must not be stopped.
          let sum = 0;
          for (let i = 0; i < bytes / 1024; i++) {
            const scratch = new Uint8Array(1024);
            scratch[i % 1024] = step;
            sum += scratch[i % 1024];
          }
          if (sum === 0) throw new Error('unreachable');
        } else if (kind === 'blob') {
          megabyte ??= new Uint8Array(1024 * 1024).fill(1);
          kept.push(new Blob(Array.from({ length: stepMb }, () => megabyte)));
        } else if (kind === 'stream' || kind === 'structuredClone') {
          // 1 MB copied stepMb times per step: through a stream into the plugin's own sink, or by structuredClone.
          const source = new Uint8Array(1024 * 1024).fill(step);
          const blob = new Blob([source]);
          for (let i = 0; i < stepMb; i++) {
            if (kind === 'structuredClone') kept.push(structuredClone(source));
            else await blob.stream().pipeTo(new WritableStream({ write: (chunk) => void kept.push(chunk) }));
          }
        } else {
          throw new Error(`unknown kind ${kind}`);
        }
        console.log(`step ${step}: ${step * stepMb} MB at ${Date.now() - started} ms`);
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      return steps * stepMb;
    }),
  );
}
