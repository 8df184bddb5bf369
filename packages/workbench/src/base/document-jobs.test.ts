// The per-document job and the worker client with real timers, real documents and a real RPC endpoint in-process:
// debounce, latest wins, stale answers dropped, crash state, clean-up on close, progress, worker crash and restart.
import { RpcError } from '@leanflow/plugin-host';
import { describe, expect, it, vi } from 'vitest';
import { DocumentService } from '../services/documents.ts';
import { DocumentJobs, type JobRun } from './document-jobs.ts';
import { inProcessWorker, WorkerClient, type HandlerControl, type WorkerLike } from './worker-client.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Jobs whose work is "the document's XML length, after `delays[version]` ms" (or a throw), recording everything. */
function setup(options: { debounceMs?: number; work?: (job: JobRun) => Promise<number> } = {}) {
  const documents = new DocumentService();
  const results: { documentId: string; version: number; value: number }[] = [];
  const crashes: { documentId: string; message: string }[] = [];
  const starts: JobRun[] = [];
  const jobs = new DocumentJobs<number>(documents, {
    debounceMs: options.debounceMs ?? 40,
    run: options.work ?? (async ({ documentId }) => (await documents.getXml(documentId)).length),
    onStart: (job) => starts.push(job),
    onResult: (value, { documentId, version }) => results.push({ documentId, version, value }),
    onCrash: (message, { documentId }) => crashes.push({ documentId, message }),
  });
  return { documents, jobs, results, crashes, starts };
}

describe('DocumentJobs', () => {
  it('debounces: many schedules within the delay run once, after the last one', async () => {
    const { documents, jobs, results, starts } = setup({ debounceMs: 40 });
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    for (let i = 0; i < 5; i++) {
      jobs.schedule(doc.id);
      await sleep(10);
    }
    expect(jobs.isScheduled(doc.id)).toBe(true);
    expect(starts).toHaveLength(0);
    await vi.waitFor(() => expect(results).toHaveLength(1));
    expect(starts).toHaveLength(1);
    expect(results[0]).toEqual({ documentId: doc.id, version: 0, value: 4 });
    expect(jobs.isScheduled(doc.id)).toBe(false);
  });

  it('latest wins: a run started while another is going supersedes it; the slow old answer is dropped', async () => {
    const delays = [80, 5];
    let call = 0;
    const aborted: boolean[] = [];
    const { documents, jobs, results } = setup({
      work: async (job) => {
        const n = call++;
        await sleep(delays[n]!);
        aborted[n] = job.signal.aborted;
        return n;
      },
    });
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    const first = jobs.run(doc.id);
    await sleep(5);
    const second = jobs.run(doc.id);
    await Promise.all([first, second]);
    // Only the second run's answer arrives, though the first finished later.
    expect(results).toEqual([{ documentId: doc.id, version: 0, value: 1 }]);
    expect(aborted).toEqual([true, false]);
  });

  it('counts versions per document from content changes and tags each result with the version it started from', async () => {
    const { documents, jobs, results } = setup();
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    let xml = '<a/>';
    documents.setXmlProvider(doc.id, async () => xml);
    xml = '<ab/>';
    documents.markChanged(doc.id);
    xml = '<abc/>';
    documents.markChanged(doc.id);
    expect(jobs.version(doc.id)).toBe(2);
    await jobs.run(doc.id);
    expect(results).toEqual([{ documentId: doc.id, version: 2, value: 6 }]);
  });

  it('a run that throws becomes the crash state; a superseded one that throws says nothing', async () => {
    let call = 0;
    const { documents, jobs, results, crashes } = setup({
      work: async () => {
        const n = call++;
        await sleep(n === 0 ? 30 : 1);
        if (n === 0) throw new Error('old run failed');
        if (n === 1) return 7;
        throw new RpcError('closed', 'the scorecard worker failed');
      },
    });
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    const superseded = jobs.run(doc.id);
    await jobs.run(doc.id);
    await superseded;
    expect(results.map((r) => r.value)).toEqual([7]);
    expect(crashes).toEqual([]);
    await jobs.run(doc.id);
    expect(crashes).toEqual([{ documentId: doc.id, message: 'the scorecard worker failed' }]);
  });

  it('forgets a closed document: its timer never fires, its going run is aborted and answers nothing', async () => {
    let signal: AbortSignal | undefined;
    const { documents, jobs, results, starts } = setup({
      work: async (job) => {
        signal = job.signal;
        await sleep(30);
        return 1;
      },
    });
    const a = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    const b = documents.open({ name: 'b.bpmn', xml: '<b/>', ready: true });
    documents.markChanged(a.id);
    const going = jobs.run(a.id);
    jobs.schedule(b.id, 20);
    documents.close(a.id);
    documents.close(b.id);
    expect(signal?.aborted).toBe(true);
    expect(jobs.keys()).toEqual([]);
    await going;
    await sleep(40);
    expect(results).toEqual([]);
    expect(starts).toHaveLength(1);
  });

  it('dispose stops every timer and run', async () => {
    const { documents, jobs, starts } = setup({ debounceMs: 10 });
    const doc = documents.open({ name: 'a.bpmn', xml: '<a/>', ready: true });
    jobs.schedule(doc.id);
    jobs.dispose();
    await sleep(30);
    expect(starts).toHaveLength(0);
  });
});

const HANDLERS = {
  double: (params: { n: number }) => params.n * 2,
  count: async (params: { to: number }, control: HandlerControl<number>) => {
    for (let i = 1; i <= params.to; i++) {
      if (control.signal.aborted) return -1;
      control.progress(i);
      await sleep(1);
    }
    return params.to;
  },
  fail: () => {
    throw new Error('no process in the file');
  },
  hang: () => new Promise(() => {}),
};

describe('WorkerClient over RpcEndpoint (in-process transport)', () => {
  it('answers requests, streams progress to the caller, and turns a handler error into an RpcError', async () => {
    const client = new WorkerClient(() => inProcessWorker(HANDLERS), { name: 'test' });
    expect(await client.request<number>('double', { n: 21 })).toBe(42);
    const seen: number[] = [];
    expect(await client.request<number, number>('count', { to: 3 }, { onProgress: (i) => seen.push(i) })).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    await expect(client.request('fail', {})).rejects.toMatchObject({ code: 'remote', message: 'no process in the file' });
    await expect(client.request('nope', {})).rejects.toMatchObject({ code: 'remote', message: 'unknown method nope' });
    client.dispose();
  });

  it('a worker error rejects what is pending (code closed) and the next request starts a fresh worker', async () => {
    const workers: (WorkerLike & { terminated: boolean })[] = [];
    const client = new WorkerClient(() => {
      const worker = inProcessWorker(HANDLERS);
      workers.push(worker);
      return worker;
    }, { name: 'test' });
    const pending = client.request('hang', {});
    await sleep(5);
    workers[0]!.onerror?.({ message: 'out of memory' });
    await expect(pending).rejects.toMatchObject({ code: 'closed', message: expect.stringContaining('out of memory') });
    expect(workers[0]!.terminated).toBe(true);
    expect(await client.request<number>('double', { n: 2 })).toBe(4);
    expect(workers).toHaveLength(2);
    client.dispose();
  });

  it('restart() stops a hung job at once; a cancelled request tells the worker, which stops', async () => {
    const client = new WorkerClient(() => inProcessWorker(HANDLERS), { name: 'test' });
    const pending = client.request('hang', {});
    await sleep(5);
    client.restart('cancelled');
    await expect(pending).rejects.toBeInstanceOf(RpcError);
    const abort = new AbortController();
    const seen: number[] = [];
    const counting = client.request<number, number>('count', { to: 1000 }, { signal: abort.signal, onProgress: (i) => seen.push(i) });
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(2));
    abort.abort();
    await expect(counting).rejects.toMatchObject({ code: 'cancelled' });
    const after = seen.length;
    await sleep(20);
    expect(seen.length).toBe(after);
    client.dispose();
    await expect(client.request('double', { n: 1 })).rejects.toMatchObject({ code: 'closed' });
  });

  it('uses the in-process fallback when a worker cannot be created, and says so when there is none', async () => {
    const blocked = () => {
      throw new Error('Worker is blocked by the page policy');
    };
    const withFallback = new WorkerClient(blocked, { name: 'test', fallback: () => inProcessWorker(HANDLERS) });
    expect(await withFallback.request<number>('double', { n: 5 })).toBe(10);
    const unloadable = new WorkerClient(() => inProcessWorker(Promise.reject(new Error('the chunk could not be loaded'))), { name: 'test' });
    await expect(unloadable.request('double', { n: 5 })).rejects.toMatchObject({ code: 'closed', message: expect.stringContaining('the chunk could not be loaded') });
    const without = new WorkerClient(blocked, { name: 'scoring' });
    await expect(without.request('double', { n: 5 })).rejects.toThrow('the scoring worker could not start: Worker is blocked by the page policy');
  });
});
