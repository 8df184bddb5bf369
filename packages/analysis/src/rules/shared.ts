// Small helpers the built-in rules share.
import type { ProcessGraph } from '@leanflow/model';

/** Link to a rule's section in docs/scoring.md (the anchor is the rule id). */
export function docsUrl(ruleId: string): string {
  return `docs/scoring.md#${ruleId}`;
}

/** An element as people see it: its name in quotes, else its id. */
export function describe(graph: ProcessGraph, id: string): string {
  const name = graph.nodes.find((n) => n.id === id)?.name ?? graph.flows.find((f) => f.id === id)?.name ?? graph.lanes.find((l) => l.id === id)?.name;
  return name && name.trim() !== '' ? `"${oneLine(name)}"` : id;
}

/** Labels may hold line breaks (wrapped on the diagram); messages want one line. */
const oneLine = (name: string) => name.replace(/\s+/g, ' ').trim();

/** A name lookup for many elements (describe() is linear per call). */
export function describer(graph: ProcessGraph): (id: string) => string {
  const names = new Map<string, string | undefined>();
  for (const n of graph.nodes) names.set(n.id, n.name);
  for (const f of graph.flows) names.set(f.id, f.name);
  for (const l of graph.lanes) names.set(l.id, l.name);
  return (id) => {
    const name = names.get(id);
    return name && name.trim() !== '' ? `"${oneLine(name)}"` : id;
  };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded';
  if (seconds < 90) return `${round(seconds)} s`;
  if (seconds < 5400) return `${round(seconds / 60)} min`;
  if (seconds < 172800) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86400)} d`;
}

export const percent = (share: number): string => `${round(share * 100)}%`;

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const NO_NODES = 'The model has no flow nodes yet.';
