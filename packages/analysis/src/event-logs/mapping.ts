// Mapping log activities to model tasks by normalised name, with suggestions for near misses.
import type { ProcessGraph } from '@leanflow/model';
import { isReplayTask } from './replay.ts';

/** Lower case, accents and punctuation removed, runs of spaces collapsed. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Dice coefficient of character bigrams of two normalised names (0..1). */
export function nameSimilarity(a: string, b: string): number {
  const grams = (s: string) => {
    const g = new Map<string, number>();
    const t = ` ${normaliseName(s)} `;
    for (let i = 0; i < t.length - 1; i++) g.set(t.slice(i, i + 2), (g.get(t.slice(i, i + 2)) ?? 0) + 1);
    return g;
  };
  const ga = grams(a);
  const gb = grams(b);
  let common = 0;
  let total = 0;
  for (const [k, v] of ga) {
    common += Math.min(v, gb.get(k) ?? 0);
    total += v;
  }
  for (const v of gb.values()) total += v;
  return total === 0 ? 0 : (2 * common) / total;
}

export interface MappingSuggestion {
  readonly taskId: string;
  readonly name: string;
  /** Name similarity, 0..1. */
  readonly score: number;
}

export interface ActivityMapping {
  /** Log activity -> task id. */
  readonly mapping: Readonly<Record<string, string>>;
  /** How each mapping was made. */
  readonly how: Readonly<Record<string, 'name' | 'file'>>;
  readonly unmappedActivities: readonly { readonly activity: string; readonly events: number; readonly suggestion?: MappingSuggestion }[];
  /** Activities the mapping file says to leave out (mapped to null). */
  readonly ignoredActivities: readonly string[];
  readonly unmappedTasks: readonly { readonly taskId: string; readonly name?: string }[];
  /** Mapping-file entries that name no task of the model. */
  readonly problems: readonly { readonly activity: string; readonly message: string }[];
}

/** A mapping file: log activity -> task id or task name, or null to leave the activity out. */
export type MappingOverrides = Readonly<Record<string, string | null>>;

/** The mapping-file key that names the first substantive response (a log activity, task id or task name). */
export const FIRST_RESPONSE_KEY = '@firstResponse';

/** A parsed mapping file: the activity overrides and, when the file names it, the first-response activity. */
export interface MappingFile {
  readonly overrides: MappingOverrides;
  readonly firstResponse?: string;
}

/**
 * Reads a parsed mapping-file JSON value: `{"log activity": "task id or name" | null, "@firstResponse": "activity"}`.
 * Returns a message a person can act on for anything else (to follow the file name).
 *
 * @example
 * readMappingFile({ 'Reply to customer': 'Task_3', '@firstResponse': 'Reply to customer' });
 */
export function readMappingFile(value: unknown): MappingFile | { readonly error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'must be a JSON object mapping each log activity to a task id or name (or null), e.g. {"Check form": "Task_1"}.' };
  const overrides: Record<string, string | null> = {};
  let firstResponse: string | undefined;
  for (const [key, target] of Object.entries(value)) {
    if (key === FIRST_RESPONSE_KEY) {
      if (typeof target !== 'string' || target.trim() === '') return { error: `"${FIRST_RESPONSE_KEY}" names the activity that is the first substantive response, e.g. "${FIRST_RESPONSE_KEY}": "Reply to customer".` };
      firstResponse = target;
    } else if (target !== null && typeof target !== 'string') return { error: `"${key}" must map to a task id or name (a string) or null, not ${JSON.stringify(target)}.` };
    else overrides[key] = target;
  }
  return { overrides, ...(firstResponse !== undefined ? { firstResponse } : {}) };
}

/**
 * Maps activities (name -> event count) to tasks: the overrides first, then equal normalised names. Unmapped
 * activities get the most similar unmapped task as a suggestion when it is similar enough (Dice >= 0.5).
 */
export function mapActivities(graph: ProcessGraph, activities: ReadonlyMap<string, number>, overrides: MappingOverrides = {}): ActivityMapping {
  const tasks = graph.nodes.filter(isReplayTask);
  const byName = new Map<string, string>();
  for (const t of tasks) if (t.name && !byName.has(normaliseName(t.name))) byName.set(normaliseName(t.name), t.id);
  const mapping: Record<string, string> = {};
  const how: Record<string, 'name' | 'file'> = {};
  const ignored: string[] = [];
  const problems: { activity: string; message: string }[] = [];
  for (const [activity, target] of Object.entries(overrides)) {
    if (target === null) {
      ignored.push(activity);
      continue;
    }
    const task = tasks.find((t) => t.id === target) ?? tasks.find((t) => t.name !== undefined && normaliseName(t.name) === normaliseName(target));
    if (!task) problems.push({ activity, message: `The mapping file maps "${activity}" to "${target}", which is no task id or task name in the model.` });
    else {
      mapping[activity] = task.id;
      how[activity] = 'file';
    }
    if (!activities.has(activity)) problems.push({ activity, message: `The mapping file names "${activity}", which the log does not contain.` });
  }
  const unmapped: { activity: string; events: number; suggestion?: MappingSuggestion }[] = [];
  for (const [activity, events] of activities) {
    if (activity in mapping || ignored.includes(activity)) continue;
    const id = byName.get(normaliseName(activity));
    if (id) {
      mapping[activity] = id;
      how[activity] = 'name';
    } else unmapped.push({ activity, events });
  }
  const used = new Set(Object.values(mapping));
  const free = tasks.filter((t) => !used.has(t.id));
  for (const entry of unmapped) {
    let best: MappingSuggestion | undefined;
    for (const t of free) {
      const score = nameSimilarity(entry.activity, t.name ?? t.id);
      if (score >= 0.5 && (!best || score > best.score)) best = { taskId: t.id, name: t.name ?? t.id, score: Number(score.toFixed(3)) };
    }
    if (best) entry.suggestion = best;
  }
  return {
    mapping,
    how,
    unmappedActivities: unmapped.sort((a, b) => b.events - a.events),
    ignoredActivities: ignored,
    unmappedTasks: free.map((t) => ({ taskId: t.id, ...(t.name ? { name: t.name } : {}) })),
    problems,
  };
}
