// Queueing approximations the staffing search prunes with: an M/M/c pool (Erlang C) tells which headcounts are
// certainly too few (unstable) and from which headcount on one more person can hardly change anything.

/**
 * Probability that an arriving job waits in an M/M/c queue with offered load `a` Erlangs (Erlang C), computed with
 * the stable Erlang B recursion. 1 when the pool is unstable (a >= c).
 *
 * @example
 * erlangC(2, 1); // 0.333…
 */
export function erlangC(servers: number, offeredErlangs: number): number {
  if (servers <= 0 || offeredErlangs >= servers) return 1;
  if (offeredErlangs <= 0) return 0;
  let blocking = 1; // Erlang B with 0 servers
  for (let k = 1; k <= servers; k++) blocking = (offeredErlangs * blocking) / (k + offeredErlangs * blocking);
  return (servers * blocking) / (servers - offeredErlangs * (1 - blocking));
}

/** The fewest people that keep a pool stable: offered load per person strictly below 1. */
export function minimumStableHeadcount(offeredErlangs: number): number {
  if (!(offeredErlangs > 0)) return 0;
  return Math.floor(offeredErlangs) + 1;
}

/**
 * The headcount from which another person changes little: the smallest stable c whose chance of waiting at all is
 * at most `waitProbability` (Erlang C). Beyond it, waiting for this pool is already rare.
 */
export function saturationHeadcount(offeredErlangs: number, waitProbability = 0.01): number {
  let servers = Math.max(1, minimumStableHeadcount(offeredErlangs));
  while (erlangC(servers, offeredErlangs) > waitProbability) servers++;
  return servers;
}
