// The one per-document job every feature runs (scorecard, suggestions, simulation, compare): a version per document,
// a debounce after edits, latest wins (a new run aborts the one before), answers of superseded runs are dropped, a
// run that throws becomes the document's crash state, and closing a document forgets it. A feature keeps only its
// state shape and what it does with a result.
import { describeError } from '@leanflow/plugin-host';
import type { Disposable, Event } from './lifecycle.ts';

/** One run of a job: what the work needs to know about itself. */
export interface JobRun {
  /** The document (or other key, e.g. a variant group) the run is for. */
  readonly documentId: string;
  /** The document's version when the run started (`DocumentJobs.version`). */
  readonly version: number;
  /** Aborted when a newer run starts, the run is cancelled or the document closes. */
  readonly signal: AbortSignal;
  /** Whether this is still the newest run of its document (else its answers are dropped). */
  current(): boolean;
}

export interface DocumentJobOptions<R> {
  /** How long `schedule()` waits after the last call (the edit debounce). */
  readonly debounceMs: number;
  /** Does the work. May throw: the error becomes the crash state (`onCrash`), unless the run is superseded. */
  run(job: JobRun): Promise<R>;
  /** The result of the newest run of a document (never a superseded one). */
  onResult(result: R, job: JobRun): void;
  /** The newest run of a document threw (a worker crash, a bug): the message for the user. */
  onCrash(message: string, job: JobRun): void;
  /** A run starts (after the debounce). */
  onStart?(job: JobRun): void;
}

/** The document events the jobs follow (the studio's `DocumentService`). */
export interface JobDocuments {
  get(documentId: string): unknown;
  readonly onDidChange: Event<unknown>;
  readonly onDidChangeContent: Event<string>;
}

interface Running {
  readonly id: number;
  readonly controller: AbortController;
}

/**
 * @example
 * const jobs = new DocumentJobs(workbench.documents, {
 *   debounceMs: 300,
 *   run: async ({ documentId, signal }) => client.request('score', { xml: await getXml(documentId) }, { signal }),
 *   onResult: (card, { documentId }) => show(documentId, card),
 *   onCrash: (message, { documentId }) => showCrash(documentId, message),
 * });
 * jobs.schedule(documentId); // after an edit; runs once, 300 ms after the last call
 */
export class DocumentJobs<R> implements Disposable {
  private readonly versions = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Running>();
  private nextId = 1;
  private readonly subscriptions: Disposable[] = [];

  constructor(
    documents: JobDocuments | undefined,
    private readonly options: DocumentJobOptions<R>,
  ) {
    if (!documents) return;
    this.subscriptions.push(
      documents.onDidChangeContent((id) => this.bump(id)),
      documents.onDidChange(() => {
        for (const id of new Set([...this.versions.keys(), ...this.timers.keys(), ...this.running.keys()])) if (!documents.get(id)) this.close(id);
      }),
    );
  }

  /** The document's version: 0 when opened, +1 per content change. */
  version(documentId: string): number {
    return this.versions.get(documentId) ?? 0;
  }

  /** Counts a change of the document (done by itself when given the documents). */
  bump(documentId: string): number {
    const next = this.version(documentId) + 1;
    this.versions.set(documentId, next);
    return next;
  }

  /** A run is waiting for its debounce. */
  isScheduled(documentId: string): boolean {
    return this.timers.has(documentId);
  }

  /** A run is going. */
  isRunning(documentId: string): boolean {
    return this.running.has(documentId);
  }

  /** Runs after `delay` ms (default: the debounce); a later call replaces an earlier one. */
  schedule(documentId: string, delay = this.options.debounceMs): void {
    clearTimeout(this.timers.get(documentId));
    this.timers.set(
      documentId,
      setTimeout(() => {
        this.timers.delete(documentId);
        void this.run(documentId);
      }, delay),
    );
  }

  /** Runs now: the waiting debounce is dropped and a going run is superseded (aborted; its answer dropped). */
  run(documentId: string): Promise<void> {
    clearTimeout(this.timers.get(documentId));
    this.timers.delete(documentId);
    this.running.get(documentId)?.controller.abort();
    const id = this.nextId++;
    const controller = new AbortController();
    const job: JobRun = {
      documentId,
      version: this.version(documentId),
      signal: controller.signal,
      current: () => this.running.get(documentId)?.id === id && !controller.signal.aborted,
    };
    this.running.set(documentId, { id, controller });
    return (async () => {
      this.options.onStart?.(job);
      let result: R;
      try {
        result = await this.options.run(job);
      } catch (error) {
        if (job.current()) {
          this.finish(documentId, id);
          this.options.onCrash(describeError(error), job);
        }
        return;
      }
      if (!job.current()) return;
      this.finish(documentId, id);
      this.options.onResult(result, job);
    })();
  }

  /** Stops the waiting and the going run of a document; its answer is dropped. */
  cancel(documentId: string): boolean {
    clearTimeout(this.timers.get(documentId));
    const wasScheduled = this.timers.delete(documentId);
    const running = this.running.get(documentId);
    this.running.delete(documentId);
    running?.controller.abort();
    return wasScheduled || running !== undefined;
  }

  /** Forgets a closed document: timer, going run and version. */
  close(documentId: string): void {
    this.cancel(documentId);
    this.versions.delete(documentId);
  }

  /** The documents with a version, a timer or a run. */
  keys(): string[] {
    return [...new Set([...this.versions.keys(), ...this.timers.keys(), ...this.running.keys()])];
  }

  dispose(): void {
    for (const id of this.keys()) this.close(id);
    for (const s of this.subscriptions) s.dispose();
  }

  private finish(documentId: string, id: number): void {
    if (this.running.get(documentId)?.id === id) this.running.delete(documentId);
  }
}
