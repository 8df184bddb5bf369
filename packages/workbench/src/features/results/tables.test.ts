import { LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { simulate } from '@leanflow/sim';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { resultTables, tablesToCsv } from './tables.ts';
import { tablesToXlsx } from './xlsx.ts';

describe('simulation results as tables, CSV and XLSX', async () => {
  const doc = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
  const outcome = await simulate(doc.graph!, doc.scenarios[0]!, { cases: 200, replications: 3, seed: 3 });
  if (!outcome.ok) throw new Error('the sample must simulate');
  const tables = resultTables(outcome, 'EUR');

  it('has KPIs with intervals, tasks, pools and replications from the run', () => {
    expect(tables.map((t) => t.name)).toEqual(['KPIs', 'Tasks', 'Pools', 'Replications']);
    const cycle = tables[0]!.rows[0]!;
    expect(cycle.slice(0, 2)).toEqual(['Cycle time (mean)', 'h']);
    expect(cycle[2]).toBeCloseTo(outcome.kpis.cycleTime.mean / 3600, 12);
    expect(cycle[3]).toBeCloseTo(outcome.kpis.cycleTime.ci95![0] / 3600, 12);
    expect(tables[1]!.rows.map((r) => r[0])).toEqual(outcome.tasks.map((t) => t.id));
    expect(tables[2]!.rows.map((r) => r[3])).toEqual(outcome.pools.map((p) => p.utilisation));
    expect(tables[3]!.rows.map((r) => r[0])).toEqual([1, 2, 3].map((n) => outcome.perReplication[n - 1]!.replication));
  });

  it('writes CSV with dot decimals and quotes where needed', () => {
    const csv = tablesToCsv([{ name: 'T', columns: ['a', 'b'], rows: [['x, "y"', 12.5], [null, 3]] }]);
    expect(csv).toBe('T\r\na,b\r\n"x, ""y""",12.5\r\n,3\r\n');
  });

  it('writes an XLSX workbook with one sheet per table, numbers as numbers', () => {
    const files = unzipSync(tablesToXlsx(tables));
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet3.xml', 'xl/worksheets/sheet4.xml']);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain(`<c r="C2"><v>${outcome.kpis.cycleTime.mean / 3600}</v></c>`);
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">KPI</t></is></c>');
  });
});
