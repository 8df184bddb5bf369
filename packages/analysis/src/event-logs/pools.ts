// Resource pools discovered from an event log: who works together on which tasks (roles), so a calibrated model
// does not treat every person of the log as able to do every task.
import type { EventLog } from './types.ts';

/** How tasks get their pools in a calibrated scenario. */
export type PoolsMode = 'auto' | 'roles' | 'single' | 'model';

/** `role-column`: the log's role/group column; `activity-profile`: resources clustered by what they do; `single`: one pool. */
export type PoolDiscoveryMethod = 'role-column' | 'activity-profile' | 'single';

export interface DiscoveredPool {
  readonly id: string;
  readonly name: string;
  /** The distinct resources of the pool (its headcount), sorted. */
  readonly resources: readonly string[];
  /** Mapped tasks assigned to this pool (it does most of their events). */
  readonly taskIds: readonly string[];
  /** Events of the log done by the pool's resources (mapped activities only). */
  readonly events: number;
}

export interface ResourcePoolDiscovery {
  readonly method: PoolDiscoveryMethod;
  /** The method in words, with its threshold. */
  readonly description: string;
  readonly pools: readonly DiscoveredPool[];
  /** Task id -> discovered pool id. */
  readonly taskPools: Readonly<Record<string, string>>;
  /** Task id -> share of the task's events done by its pool's resources (1 when roles are disjoint). */
  readonly taskCoverage: Readonly<Record<string, number>>;
}

export interface DiscoverPoolsOptions {
  /** `auto` (default): the role column when the log has one, else activity profiles. */
  readonly method?: 'auto' | PoolDiscoveryMethod;
  /** Activity profiles: resources whose profiles correlate at least this much work together (default 0.7). */
  readonly threshold?: number;
  /** Pool ids to avoid (the model's). */
  readonly existingIds?: readonly string[];
}

/** Pearson correlation threshold of Simod's resource-pool discovery (Song and van der Aalst's organisational mining). */
export const POOL_CORRELATION_THRESHOLD = 0.7;

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\w]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'pool';

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  // A flat profile (the same count of every task) correlates with nothing but another flat profile.
  if (aa === 0 || bb === 0) return aa === 0 && bb === 0 ? 1 : 0;
  return ab / Math.sqrt(aa * bb);
}

/** A name for a cluster: the common stem of its resources' names ("Clerk-001", "Clerk-002" -> "Clerk"), if any. */
function stemOf(resources: readonly string[]): string {
  let prefix = resources[0] ?? '';
  for (const r of resources) while (!r.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.replace(/[\s\d_.#:-]+$/, '');
}

/**
 * Finds resource pools in a log and assigns each mapped task to the pool that does most of its events.
 *
 * - **role-column**: a resource belongs to its most frequent role (a CSV `role` column, XES `org:role` or
 *   `org:group`); used when at least 90 % of the events with a resource carry a role.
 * - **activity-profile** (no role column), as Simod's pool discovery: each resource's profile is its event count per
 *   task; two resources are linked when the Pearson correlation of their profiles is at least `threshold` (0.7);
 *   the pools are the connected groups.
 * - **single**: all resources in one pool.
 *
 * Only events of mapped activities with a resource count. Headcount = the pool's distinct resources.
 *
 * @example
 * const found = discoverResourcePools(log, mapping.mapping);
 * found.pools; // [{ id: 'clerk', name: 'Clerk', resources: ['Clerk-000001', ...], taskIds: ['Task_1', ...] }, ...]
 */
export function discoverResourcePools(log: EventLog, mapping: Readonly<Record<string, string>>, options: DiscoverPoolsOptions = {}): ResourcePoolDiscovery {
  const threshold = options.threshold ?? POOL_CORRELATION_THRESHOLD;
  // Counts per resource and task, and roles per resource.
  const counts = new Map<string, Map<string, number>>();
  const roles = new Map<string, Map<string, number>>();
  let withResource = 0;
  let withRole = 0;
  for (const e of log.events) {
    const taskId = mapping[e.activity];
    if (!taskId || !e.resource) continue;
    withResource++;
    const own = counts.get(e.resource) ?? new Map<string, number>();
    own.set(taskId, (own.get(taskId) ?? 0) + 1);
    counts.set(e.resource, own);
    if (e.role) {
      withRole++;
      const r = roles.get(e.resource) ?? new Map<string, number>();
      r.set(e.role, (r.get(e.role) ?? 0) + 1);
      roles.set(e.resource, r);
    }
  }
  const resources = [...counts.keys()].sort();
  const hasRoles = withResource > 0 && withRole >= 0.9 * withResource;
  const method: PoolDiscoveryMethod = options.method === undefined || options.method === 'auto' ? (hasRoles ? 'role-column' : 'activity-profile') : options.method;

  // Groups of resources, each with a name.
  const groups: { name: string; members: string[] }[] = [];
  let description: string;
  if (method === 'single' || resources.length === 0) {
    groups.push({ name: 'Staff', members: resources });
    description = 'single: every resource of the log in one pool';
  } else if (method === 'role-column') {
    const byRole = new Map<string, string[]>();
    for (const r of resources) {
      const own = roles.get(r);
      const role = own ? [...own.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0] : '(no role)';
      byRole.set(role, [...(byRole.get(role) ?? []), r]);
    }
    for (const [name, members] of byRole) groups.push({ name, members });
    description = `role-column: each resource in its most frequent role (column "${log.columns.role ?? 'role'}")`;
  } else {
    const tasks = [...new Set(resources.flatMap((r) => [...counts.get(r)!.keys()]))].sort();
    const profiles = resources.map((r) => tasks.map((t) => counts.get(r)!.get(t) ?? 0));
    // Union-find over the resources linked by correlated profiles.
    const parent = resources.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    for (let i = 0; i < resources.length; i++) for (let j = i + 1; j < resources.length; j++) if (pearson(profiles[i]!, profiles[j]!) >= threshold) parent[find(i)] = find(j);
    const byRoot = new Map<number, string[]>();
    resources.forEach((r, i) => byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), r]));
    let n = 0;
    for (const members of byRoot.values()) {
      n++;
      const stem = stemOf(members);
      groups.push({ name: stem.length >= 2 ? stem : `Pool ${n}`, members });
    }
    description = `activity-profile: resources linked when the Pearson correlation of their event counts per task is >= ${threshold}; pools are the connected groups`;
  }

  // Unique ids and names, against the model's pools too.
  const taken = new Set(options.existingIds ?? []);
  const names = new Set<string>();
  const named = groups.map((g) => {
    let name = g.name;
    for (let i = 2; names.has(name); i++) name = `${g.name} ${i}`;
    names.add(name);
    let id = `log-${slug(name)}`;
    for (let i = 2; taken.has(id); i++) id = `log-${slug(name)}-${i}`;
    taken.add(id);
    return { id, name, members: g.members.sort() };
  });

  // Each task goes to the pool whose resources do most of its events.
  const poolOfResource = new Map<string, string>();
  for (const g of named) for (const r of g.members) poolOfResource.set(r, g.id);
  const perTask = new Map<string, Map<string, number>>();
  for (const [r, own] of counts)
    for (const [taskId, c] of own) {
      const byPool = perTask.get(taskId) ?? new Map<string, number>();
      byPool.set(poolOfResource.get(r)!, (byPool.get(poolOfResource.get(r)!) ?? 0) + c);
      perTask.set(taskId, byPool);
    }
  const taskPools: Record<string, string> = {};
  const taskCoverage: Record<string, number> = {};
  for (const taskId of [...perTask.keys()].sort()) {
    const byPool = perTask.get(taskId)!;
    const total = [...byPool.values()].reduce((a, b) => a + b, 0);
    const [best, most] = [...byPool.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    taskPools[taskId] = best;
    taskCoverage[taskId] = most / total;
  }
  const pools: DiscoveredPool[] = named.map((g) => ({
    id: g.id,
    name: g.name,
    resources: g.members,
    taskIds: Object.keys(taskPools).filter((t) => taskPools[t] === g.id),
    events: g.members.reduce((a, r) => a + [...counts.get(r)!.values()].reduce((x, y) => x + y, 0), 0),
  }));
  return { method, description, pools, taskPools, taskCoverage };
}
