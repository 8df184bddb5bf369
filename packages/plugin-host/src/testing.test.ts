// The author's harness: `simulate` gives dynamic rules a run, settings must be keyed by plugin id, and a rule may
// answer "not applicable" without a score.
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginTestHost, modelFromBpmn, runPluginOnFile, simulateModel } from '@leanflow/plugin-host';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'leanflow-harness-'));
  const manifest = {
    id: 'acme.p90',
    name: 'P90',
    version: '1.0.0',
    publisher: 'acme',
    engines: { leanflow: '^1.1.0' },
    main: 'plugin.js',
    permissions: ['readModel'],
    contributes: { scoringRules: [{ id: 'acme.p90', title: 'P90', kind: 'dynamic' }], configuration: { properties: { 'acme.p90.minutes': { type: 'number', default: 60 } } } },
  };
  await writeFile(join(folder, 'leanflow-plugin.json'), JSON.stringify(manifest));
  await writeFile(
    join(folder, 'plugin.js'),
    `export function activate(context) {
      context.scoring.registerRule('acme.p90', { evaluate: ({ simulation }) => simulation?.cycleTimeP90 === undefined
        ? { notApplicable: 'needs a simulation' }
        : { score: 50, findings: [], metrics: { p90: simulation.cycleTimeP90, minutes: context.configuration.get('acme.p90.minutes') } } });
    }`,
  );
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('runPluginOnFile', () => {
  it('without simulate: the rule is not applicable, and needs no score to say so', async () => {
    const result = await runPluginOnFile(folder, LEAD_TO_QUOTE_SAMPLE);
    expect(result.scoring.rules[0]).toMatchObject({ ok: true, notApplicable: 'needs a simulation', findings: [] });
    expect(result.simulation).toBeUndefined();
    expect(result.errors).toEqual([]);
  });

  it('with simulate: the rule gets the run of that seed, and the settings keyed by plugin id', async () => {
    const result = await runPluginOnFile(folder, LEAD_TO_QUOTE_SAMPLE, { simulate: { cases: 120, replications: 1, seed: 5 }, configuration: { 'acme.p90': { 'acme.p90.minutes': 90 } } });
    const expected = await simulateModel((await modelFromBpmn(LEAD_TO_QUOTE_SAMPLE, 'lead.bpmn')).model, { cases: 120, replications: 1, seed: 5 });
    expect(result.scoring.rules[0]).toMatchObject({ ok: true, score: 50, metrics: { p90: expected.cycleTimeP90, minutes: 90 } });
    expect(result.simulation?.seed).toBe(5);
  });

  it('refuses settings given flat instead of per plugin id, naming the shape to use', async () => {
    await expect(createPluginTestHost({ configuration: { 'acme.p90.minutes': 90 } as never })).rejects.toThrow(
      'createPluginTestHost: configuration is keyed by plugin id: { "<plugin id>": { "acme.p90.minutes": 90 } }; "acme.p90.minutes" is a setting at the top level, which no plugin would see',
    );
  });
});
