// Plugins see the scenario a file imports from BPSim or BIMP/QBP, as the CLI's simulate, score and compare use it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { modelFromBpmn } from '@leanflow/plugin-host';

describe('modelFromBpmn', () => {
  it('gives plugins the scenario imported from the file\'s BPSim data', async () => {
    const xml = readFileSync(resolve(import.meta.dirname, '../../model/src/interchange-fixtures/bpsim-boundary-timer.bpmn'), 'utf8');
    const { model } = await modelFromBpmn(xml, 'time-limit.bpmn');
    expect(model?.scenario?.id).toBe('S1');
    expect(model?.scenario?.events['TimeLimit']).toEqual({ duration: { type: 'fixed', value: 1, unit: 'h' } });
  });

  it('gives no made-up scenario for a file without simulation data, and the stored one otherwise', async () => {
    const bare = LEAD_TO_QUOTE_SAMPLE.replace(/<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>/, '');
    expect((await modelFromBpmn(bare, 'bare.bpmn')).model?.scenario).toBeUndefined();
    expect((await modelFromBpmn(LEAD_TO_QUOTE_SAMPLE, 'sample.bpmn')).model?.scenario?.name).toBeDefined();
  });
});
