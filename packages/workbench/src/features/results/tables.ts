// A simulation run as four tables — KPIs with their 95% intervals, per task, per pool, per replication — the one
// shape the CSV and the XLSX export write. Seconds and shares stay raw numbers (hours as hours), so a spreadsheet
// can compute with them; the column names carry the unit.
import type { SimulationResult } from '@leanflow/sim';

export type Cell = string | number | null;

export interface ResultTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

const hours = (seconds: number | null | undefined) => (seconds === null || seconds === undefined || !Number.isFinite(seconds) ? null : seconds / 3600);
const finite = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

/**
 * @example
 * const tables = resultTables(report.result, 'EUR');
 * tables[0].rows; // [['Cycle time', 'h', 26.1, 24.9, 27.3], ...]
 */
export function resultTables(result: SimulationResult, currency: string): ResultTable[] {
  const k = result.kpis;
  type Row = [string, string, number | null, number | null, number | null];
  const estimate = (label: string, unit: string, e: { mean: number | null; ci95: readonly [number, number] | null }, scale: (v: number | null) => number | null = finite): Row => [
    label, unit, scale(e.mean), e.ci95 ? scale(e.ci95[0]) : null, e.ci95 ? scale(e.ci95[1]) : null,
  ];
  const kpis: Row[] = [
    estimate('Cycle time (mean)', 'h', k.cycleTime, hours),
    ['Cycle time p50', 'h', hours(k.cycleTime.p50), null, null],
    ['Cycle time p90', 'h', hours(k.cycleTime.p90), null, null],
    ['Cycle time p95', 'h', hours(k.cycleTime.p95), null, null],
    ['Resolved within target', 'share', finite(k.cycleTime.withinResolutionSla), null, null],
    estimate('First response time', 'h', k.firstResponseTime, hours),
    ['First response within target', 'share', finite(k.firstResponseTime.withinSla), null, null],
    estimate('Processing time', 'h', k.processingTime, hours),
    estimate('Waiting time', 'h', k.waitingTime, hours),
    estimate('Off-calendar time', 'h', k.offCalendarTime, hours),
    estimate('Value-adding time', 'h', k.valueAddingTime, hours),
    estimate('Process cycle efficiency', 'share', k.processCycleEfficiency),
    estimate('Cost per case', currency, k.costPerCase),
    estimate('Cost per week', currency, k.costPerWeek),
    estimate('Throughput', 'cases/h', k.throughputPerHour),
    estimate('Work in progress', 'cases', k.workInProgress),
  ];
  return [
    { name: 'KPIs', columns: ['KPI', 'Unit', 'Mean', '95% CI low', '95% CI high'], rows: kpis },
    {
      name: 'Tasks',
      columns: ['Task id', 'Task', 'Pool', 'Executions per replication', 'Mean waiting (h)', 'Max waiting (h)', 'Mean processing (h)'],
      rows: result.tasks.map((t) => [t.id, t.name, t.poolId, finite(t.count), hours(t.waitingTime.mean), hours(t.waitingTime.max), hours(t.processingTime.mean)]),
    },
    {
      name: 'Pools',
      columns: ['Pool id', 'Pool', 'Headcount', 'Utilisation', 'Utilisation 95% CI low', 'Utilisation 95% CI high', 'Mean queue', 'Max queue', 'Cost model'],
      rows: result.pools.map((p) => [p.id, p.name, p.headcount, finite(p.utilisation), p.utilisationEstimate.ci95?.[0] ?? null, p.utilisationEstimate.ci95?.[1] ?? null, finite(p.meanQueueLength), finite(p.maxQueueLength), p.costModel]),
    },
    {
      name: 'Replications',
      columns: ['Replication', 'Cases', 'Completed', 'Cycle time mean (h)', 'Cycle time p90 (h)', 'First response mean (h)', 'Processing (h)', 'Waiting (h)', 'Off-calendar (h)', 'PCE', `Cost per case (${currency})`, 'Throughput (cases/h)', 'Work in progress'],
      rows: result.perReplication.map((r) => [
        r.replication, r.cases, r.completedCases, hours(r.cycleTime.mean), hours(r.cycleTime.p90), hours(r.firstResponseTime.mean), hours(r.processingTime), hours(r.waitingTime),
        hours(r.offCalendarTime), finite(r.processCycleEfficiency), finite(r.costPerCase), finite(r.throughputPerHour), finite(r.workInProgress),
      ]),
    },
  ];
}

const csvCell = (cell: Cell) => {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? String(Number(cell.toPrecision(12))) : cell;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** All tables in one CSV: each under its name, separated by an empty line (dot decimals, comma separated). */
export function tablesToCsv(tables: readonly ResultTable[]): string {
  return tables.map((t) => [t.name, t.columns.map(csvCell).join(','), ...t.rows.map((r) => r.map(csvCell).join(','))].join('\r\n')).join('\r\n\r\n') + '\r\n';
}
