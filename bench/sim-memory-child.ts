// One memory measurement in a fresh process: `node --import tsx bench/sim-memory-child.ts <sim entry URL> <cases>
// <replications>` runs M/M/3 and prints its peak resident memory (MB) and CPU seconds as JSON.
import type * as Sim from '../packages/sim/src/index.ts';
import { MM3_GRAPH, MM3_SCENARIO } from './mm3-model.ts';

const [url, cases, replications] = process.argv.slice(2);
const sim = (await import(url)) as typeof Sim;
const before = process.cpuUsage();
const outcome = sim.simulateSync(MM3_GRAPH, MM3_SCENARIO, { cases: Number(cases), replications: Number(replications), seed: 1 });
const cpu = process.cpuUsage(before);
if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
console.log(JSON.stringify({ peakMb: process.resourceUsage().maxRSS / 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6, p95: outcome.kpis.cycleTime.p95, waitingMean: outcome.kpis.waitingTime.mean }));
