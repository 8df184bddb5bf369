// The staffing optimiser in the studio: a pool of workers simulates staffings side by side while the search (no
// model needed, see `searchStaffing`) runs here; progress, cancel (the workers are terminated), the latest result
// per document, marked stale by an edit, and "Apply as variant".
import { searchStaffing, spreadEvaluations, type StaffingEvaluation, type StaffingOptimisation, type StaffingPoint, type StaffingTarget } from '@leanflow/analysis';
import { DisposableStore, Emitter, type Disposable } from '../../base/lifecycle.ts';
import type { Workbench } from '../../workbench.ts';
import type { OptimiseReply, OptimiseRequest } from './protocol.ts';

/** The subset of `Worker` the controller uses (tests pass an in-process fake). */
export interface OptimiseWorker {
  postMessage(message: OptimiseRequest): void;
  addEventListener(type: 'message', listener: (event: { data: OptimiseReply }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export interface OptimiseForm {
  readonly target: StaffingTarget;
  readonly maxHeadcount?: number;
  readonly budget?: number;
}

export type OptimiseState =
  | { readonly status: 'running'; readonly done: number; readonly planned: number; readonly form: OptimiseForm }
  | { readonly status: 'done'; readonly result: StaffingOptimisation; readonly form: OptimiseForm; readonly scenarioName: string; readonly threads: number; readonly stale: boolean }
  | { readonly status: 'failed'; readonly message: string; readonly form: OptimiseForm }
  | { readonly status: 'cancelled'; readonly form: OptimiseForm };

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** A worker and its pending requests. */
class WorkerClient {
  private readonly pending = new Map<number, { resolve: (reply: OptimiseReply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  constructor(readonly worker: OptimiseWorker) {
    worker.addEventListener('message', (event) => {
      const entry = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      entry?.resolve(event.data);
    });
    worker.addEventListener('error', (event) => this.failAll(new Error(event.message ?? 'The optimiser worker stopped.')));
  }
  request(request: DistributiveOmit<OptimiseRequest, 'id'>): Promise<OptimiseReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as OptimiseRequest);
    });
  }
  failAll(error: Error): void {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
  terminate(): void {
    this.worker.terminate();
    this.failAll(Object.assign(new Error('The staffing search was cancelled.'), { name: 'AbortError' }));
  }
}

export class OptimiseController implements Disposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new Emitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly states = new Map<string, OptimiseState>();
  private running: { documentId: string; clients: WorkerClient[] } | undefined;

  constructor(
    private readonly workbench: Pick<Workbench, 'documents' | 'commands'>,
    private readonly createWorker: () => OptimiseWorker,
    /** Workers side by side (the cores, at most 4). */
    private readonly threads = 2,
  ) {
    this.store.add(workbench.documents.onDidChangeContent((id) => this.markStale(id)));
    this.store.add(workbench.documents.onDidClose((id) => (this.states.delete(id), this.running?.documentId === id && this.cancel())));
  }

  state(documentId: string): OptimiseState | undefined {
    return this.states.get(documentId);
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  private set(documentId: string, state: OptimiseState): void {
    this.states.set(documentId, state);
    this.changed.fire();
  }

  private markStale(documentId: string): void {
    const state = this.states.get(documentId);
    if (state?.status === 'done' && !state.stale) this.set(documentId, { ...state, stale: true });
  }

  /** Searches the staffing of a document's active scenario. Resolves when done, failed or cancelled. */
  async run(documentId: string, form: OptimiseForm): Promise<void> {
    this.cancel();
    const xml = await this.workbench.documents.getXml(documentId);
    const clients = Array.from({ length: Math.max(1, this.threads) }, () => new WorkerClient(this.createWorker()));
    const running = { documentId, clients };
    this.running = running;
    this.set(documentId, { status: 'running', done: 0, planned: 1, form });
    try {
      const planned = await clients[0]!.request({ type: 'plan', xml, ...(form.maxHeadcount === undefined ? {} : { maxHeadcount: form.maxHeadcount }) });
      if (planned.type === 'failed') throw new Error(planned.message);
      if (planned.type !== 'planned') throw new Error('Unexpected answer from the optimiser worker.');
      const run = { replications: planned.plan.replications, seed: planned.plan.seed };
      const evaluate = spreadEvaluations(
        clients.map((client) => async (part: readonly (readonly number[])[]): Promise<readonly StaffingEvaluation[]> => {
          const reply = await client.request({ type: 'evaluate', xml, target: form.target, run, staffings: part });
          if (reply.type === 'failed') throw new Error(reply.message);
          if (reply.type !== 'evaluated') throw new Error('Unexpected answer from the optimiser worker.');
          return reply.evaluations;
        }),
      );
      const result = await searchStaffing(planned.plan, {
        target: form.target,
        evaluate,
        ...(form.maxHeadcount === undefined ? {} : { maxHeadcount: form.maxHeadcount }),
        ...(form.budget === undefined ? {} : { budget: form.budget }),
        onProgress: (done, total) => this.running === running && this.set(documentId, { status: 'running', done, planned: total, form }),
      });
      if (this.running !== running) return;
      this.set(documentId, { status: 'done', result, form, scenarioName: planned.scenarioName, threads: clients.length, stale: false });
    } catch (error) {
      if (this.running !== running) return;
      const cancelled = error instanceof Error && error.name === 'AbortError';
      this.set(documentId, cancelled ? { status: 'cancelled', form } : { status: 'failed', message: error instanceof Error ? error.message : String(error), form });
    } finally {
      if (this.running === running) {
        this.running = undefined;
        for (const client of clients) client.worker.terminate();
      }
    }
  }

  /** Stops the running search (its workers are terminated: nothing keeps computing). */
  cancel(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    const state = this.states.get(running.documentId);
    for (const client of running.clients) client.terminate();
    if (state && state.status === 'running') this.set(running.documentId, { status: 'cancelled', form: state.form });
  }

  /** The default form for a document: the scenario's first-response target at 90% (asked from a worker). */
  async defaults(documentId: string): Promise<{ firstResponseTargetSeconds: number; flagged: boolean; scenarioName: string } | { error: string }> {
    const client = new WorkerClient(this.createWorker());
    try {
      const reply = await client.request({ type: 'plan', xml: await this.workbench.documents.getXml(documentId) });
      return reply.type === 'planned' ? { firstResponseTargetSeconds: reply.firstResponseTargetSeconds, flagged: reply.flagged, scenarioName: reply.scenarioName } : { error: reply.type === 'failed' ? reply.message : 'Unexpected answer.' };
    } finally {
      client.worker.terminate();
    }
  }

  /** Opens the document with this staffing as a new variant in its process group; resolves the new document id. */
  async applyAsVariant(documentId: string, point: StaffingPoint, name: string): Promise<string | undefined> {
    const client = new WorkerClient(this.createWorker());
    try {
      const reply = await client.request({ type: 'apply', xml: await this.workbench.documents.getXml(documentId), headcounts: point.headcounts });
      if (reply.type !== 'applied') throw new Error(reply.type === 'failed' ? reply.message : 'Unexpected answer from the optimiser worker.');
      return (await this.workbench.commands.execute('leanflow.variants.createFromXml', { sourceDocumentId: documentId, xml: reply.xml, name })) as string | undefined;
    } finally {
      client.worker.terminate();
    }
  }

  dispose(): void {
    this.cancel();
    this.store.dispose();
  }
}
