import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRandomStream } from '@leanflow/sim';
import { cliRunner } from '../testing.ts';

const fixtures = process.env.LEANFLOW_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leanflow-compare-logs-'));
const run = cliRunner(dir);

/** Cases opened over 20 days; "Reply" waits exp(wait) hours, takes 30 min; "Close" follows 10 min later. */
function writeLog(name: string, wait: number, seed: number): void {
  const rng = createRandomStream(seed, 0, name);
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows = ['case,activity,start,end'];
  for (let c = 0; c < 300; c++) {
    const open = Date.UTC(2026, 0, 5) + rng.next() * 20 * 86400000;
    const reply = open + -Math.log(rng.nextOpen()) * wait * 3600000;
    rows.push(`${c},Open ticket,${iso(open)},${iso(open)}`, `${c},Reply,${iso(reply)},${iso(reply + 1800000)}`, `${c},Close,${iso(reply + 2400000)},${iso(reply + 2400000)}`);
  }
  writeFileSync(join(dir, name), `${rows.join('\n')}\n`);
}

describe('leanflow compare-logs', () => {
  writeLog('before.csv', 3, 1);
  writeLog('after.csv', 1, 2);

  it('compares two logs with bootstrap intervals (JSON)', async () => {
    const out = await run('compare-logs', 'before.csv', 'after.csv', '--first-response', 'Reply', '--resamples', '500', '--seed', '3', '--format', 'json');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.files).toEqual({ before: 'before.csv', after: 'after.csv' });
    expect(json.method).toMatchObject({ resamples: 500, seed: 3, level: 0.95 });
    expect(json.before.cases).toBe(300);
    expect(json.firstResponse).toEqual({ activities: ['Reply'], targetSeconds: 7200 });
    const kpi = (key: string) => json.kpis.find((k: { key: string }) => k.key === key);
    // Waiting before the reply drops from about 3 h to about 1 h: better, the interval well below 0.
    expect(kpi('waiting:Reply').before / 3600).toBeGreaterThan(2.4);
    expect(kpi('waiting:Reply').after / 3600).toBeLessThan(1.25);
    expect(kpi('waiting:Reply')).toMatchObject({ verdict: 'better', significant: true });
    expect(kpi('cycleTime').ci95[1]).toBeLessThan(0);
    expect(kpi('firstResponse:withinTarget')).toMatchObject({ verdict: 'better' });
    // Every case closes 10 minutes after its reply in both logs: no change there.
    expect(kpi('waiting:Close').difference).toBeCloseTo(0, 6);
    expect(kpi('waiting:Close').significant).toBe(false);
    expect(kpi('throughput').unit).toBe('casesPerDay');
  });

  it('prints a table and maps activities to a model\'s tasks', async () => {
    const table = await run('compare-logs', 'before.csv', 'after.csv', '--resamples', '200');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Waiting before Reply');
    expect(table.stdout).toContain('200 resamples, seed 1');
    expect(table.stdout).toContain('No first-response rows');
    const loan = join(fixtures, 'logs');
    const withModel = await run('compare-logs', join(loan, 'loanapp-simplified-train.csv.gz'), join(loan, 'loanapp-simplified-test.csv.gz'), '--model', join(loan, 'loanapp-simplified.bpmn'), '--first-response', 'Design loan offer', '--resamples', '200', '--format', 'json');
    expect(withModel.code).toBe(0);
    const json = JSON.parse(withModel.stdout);
    // Two samples of the same process: the cycle time does not differ significantly.
    expect(json.kpis.find((k: { key: string }) => k.key === 'cycleTime').significant).toBe(false);
    expect(json.kpis.find((k: { key: string }) => k.key === 'waiting:sid-AD68767C-968B-4DCD-821E-3F5C5C3D0D04').label).toBe('Waiting before Design loan offer');
  }, 60_000);

  it('says what is wrong with bad input', async () => {
    const one = await run('compare-logs', 'before.csv');
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('Give two logs');
    const unknown = await run('compare-logs', 'before.csv', 'after.csv', '--first-response', 'Answer');
    expect(unknown.stderr).toContain('The first response "Answer" is no activity of either log');
    const target = await run('compare-logs', 'before.csv', 'after.csv', '--target', 'soon');
    expect(target.stderr).toContain('--target takes a duration like 2h');
    const few = await run('compare-logs', 'before.csv', 'after.csv', '--resamples', '10');
    expect(few.stderr).toContain('--resamples needs at least 100');
  });
});
