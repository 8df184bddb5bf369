// Checks that a value a plugin sends is plain, acyclic and bounded, without recursion (a hostile value may be deep)
// and in time proportional to the budget, not to the value. The worker checks what it is about to send (so a huge or
// cyclic result never crosses, and the cost stays off the studio's main thread); the host checks again before zod,
// for values that did not come through the runtime. No zod here: the worker bundle uses it.

/** Limits of one payload. */
export interface PayloadBudget {
  /** Deepest nesting (objects and arrays). Cycles are reported as cycles, not as depth. */
  readonly maxDepth: number;
  /** Most values in all (every object, array, string, number... counts one). */
  readonly maxValues: number;
}

/** What the worker and the host accept in one payload. Far above what the schemas allow, well below a stall. */
export const PAYLOAD_BUDGET: PayloadBudget = { maxDepth: 64, maxValues: 1_000_000 };

/** Most findings of one scoring result and suggestions of one provider (the schemas' limits, checked before them). */
export const MAX_FINDINGS = 1_000;
export const MAX_SUGGESTIONS = 500;

/**
 * Why `value` cannot be sent (a cycle, too deep, too many values, unreadable), or undefined when it can.
 * `what` names it in the message, e.g. "the result".
 *
 * @example
 * const a = { n: 1 }; a.self = a;
 * checkPayload(a, 'the result'); // 'the result refers to itself (a cycle at self); return plain data'
 */
export function checkPayload(value: unknown, what: string, budget: PayloadBudget = PAYLOAD_BUDGET): string | undefined {
  // Objects and arrays visited, by index: their value, key, parent and depth (for the path in a message). Scalars
  // are only counted. The stack holds indices; ~index (negative) marks leaving a node, which stops being an ancestor.
  const nodes: object[] = [];
  const keys: string[] = [];
  const parents: number[] = [];
  const depths: number[] = [];
  const ancestors = new Set<object>();
  const tooMany = `${what} has more than ${budget.maxValues} values; send less data`;
  const pathOf = (index: number, last?: string): string => {
    const path: string[] = last === undefined ? [] : [last];
    for (let i = index; i > 0; i = parents[i]!) path.push(keys[i]!);
    return path.reverse().join('.') || '(value)';
  };
  try {
    if (typeof value !== 'object' || value === null) return undefined;
    nodes.push(value);
    keys.push('');
    parents.push(-1);
    depths.push(0);
    const stack: number[] = [0];
    let values = 1;
    while (stack.length > 0) {
      const index = stack.pop()!;
      if (index < 0) {
        ancestors.delete(nodes[~index]!);
        continue;
      }
      const current = nodes[index]!;
      ancestors.add(current);
      stack.push(~index);
      const depth = depths[index]! + 1;
      const isArray = Array.isArray(current);
      const names = isArray ? undefined : Object.keys(current);
      const length = isArray ? current.length : names!.length;
      values += length;
      if (values > budget.maxValues) return tooMany;
      for (let i = length - 1; i >= 0; i--) {
        const key = isArray ? i : names![i]!;
        const child = (current as Record<string | number, unknown>)[key];
        if (typeof child !== 'object' || child === null) continue;
        if (ancestors.has(child)) return `${what} refers to itself (a cycle at ${pathOf(index, String(key))}); return plain data`;
        if (depth >= budget.maxDepth) return `${what} nests more than ${budget.maxDepth} levels deep (at ${pathOf(index, String(key))})`;
        nodes.push(child);
        keys.push(String(key));
        parents.push(index);
        depths.push(depth);
        stack.push(nodes.length - 1);
      }
    }
    return undefined;
  } catch {
    // a Proxy or a getter that throws
    return `${what} cannot be read (a getter or Proxy threw); return plain data`;
  }
}

/** The length of `value[key]` when it is an array; never throws. */
export function arrayLength(value: unknown, key?: string): number | undefined {
  try {
    const list = key === undefined ? value : typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    return Array.isArray(list) ? list.length : undefined;
  } catch {
    return undefined;
  }
}
