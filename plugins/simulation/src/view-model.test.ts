// The Simulation view model on a deterministic tandem whose figures are known exactly (fixtures/tandem.bpmn):
// arrivals every 5 min, station A 4 min (pool A, 60/h, fixed cost 1), station B 6 min (pool B). Case i
// (0-based) waits i min at B, so its cycle time is 10 + i min; with 100 cases the last event is at 609 min.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { SimulationSummary } from '@leanflow/plugin-api';
import { modelFromBpmn, simulateModelDetailed } from '@leanflow/plugin-host';
import { MESSAGES_EN, MESSAGES_ZH, translator, type MessageKey } from './messages.ts';
import { heatLevel, toViewModel, utilisationBand } from './view-model.ts';

const MIN = 60;
const tandemXml = () => readFile(new URL('../fixtures/tandem.bpmn', import.meta.url), 'utf8');
/** The same diagram without its simulation data (the scenario is assumed). */
const plainXml = async () => (await tandemXml()).replace(/<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>/, '');

/** The tandem simulated through the plugin API's headless runner (the summary a plugin gets). */
async function tandemSummary(xml?: string): Promise<SimulationSummary> {
  const read = await modelFromBpmn(xml ?? (await tandemXml()), 'tandem.bpmn');
  const outcome = await simulateModelDetailed(read.model, {});
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.summary;
}

describe('results view model', () => {
  it('formats the exact tandem figures for cards, pools, tasks, bottlenecks and histograms', async () => {
    const summary = await tandemSummary();
    const model = toViewModel({ ...summary, milliseconds: 1234 }, 'en', translator('en'));
    const card = (id: string) => model.cards.find((c) => c.id === id)!;
    expect(model.summary).toBe('Scenario “Tandem” · 100 cases × 2 replications · seed 7 · 1.2 s');
    // Cycle 59.5 min on average; both replications are identical, so the interval has no width.
    expect(card('cycleTime')).toMatchObject({ value: '1 h', raw: 59.5 * MIN, ci: '95% CI 1 h – 1 h', detail: '90% of cases within 1 h 39 min' });
    // First response = 4 min of work at A, never a wait there: all within the default 2-hour target.
    expect(card('firstResponse')).toMatchObject({ value: '4 min', detail: '100% within the 2 h target', tone: 'good' });
    // Waiting 49.5 min of 59.5 min: 83% of cycle time is waiting.
    expect(card('waiting')).toMatchObject({ value: '50 min', detail: '83% of cycle time', tone: 'bad' });
    expect(card('processing').value).toBe('10 min');
    // The parts of the cycle time add up to it: 10 min of work + 49.5 min waiting at B, nothing else.
    expect(model.cycleParts.map((p) => [p.id, p.seconds])).toEqual([
      ['processing', 10 * MIN],
      ['waitingForPeople', 49.5 * MIN],
      ['offCalendar', 0],
      ['otherWaiting', 0],
    ]);
    expect(model.cycleParts.reduce((a, p) => a + p.seconds, 0)).toBe(card('cycleTime').raw);
    expect(model.cyclePartsText).toBe('1 h = 10 min processing + 50 min waiting for people (per case, along the path that finished last)');
    expect(card('cost')).toMatchObject({ value: '€5.00', raw: 5 });
    // The weekly cost in whole euros (one money formatter: the Optimise table writes weekly costs the same way).
    expect(card('cost').detail).toMatch(/^€\d{1,3}(,\d{3})* per week$/);
    // Value-adding 4 min of 59.5 min.
    expect(card('pce')).toMatchObject({ value: '6.7%', tone: 'bad' });
    expect(card('pce').raw).toBeCloseTo(4 / 59.5, 12);
    // 100 cases in 609 minutes.
    expect(card('throughput').value).toBe('9.85/h');
    expect(card('throughput').raw).toBeCloseTo(100 / (609 / 60), 9);

    expect(model.pools.map((p) => [p.name, p.utilisationText, p.band, p.laneIds])).toEqual([
      ['Front desk', '79%', 'ok', ['LA']],
      ['Back office', '98%', 'overloaded', ['LB']],
    ]);
    expect(model.tasks.map((t) => [t.id, t.countText, t.waitingText, t.processingText, t.heat])).toEqual([
      ['A', '100', '0 s', '4 min', 0],
      ['B', '100', '50 min', '6 min', 4],
    ]);
    expect(model.pools[1]!.bandText).toBe('overloaded: the queue grows without bound at this staffing (offered load 120%, around the clock)');
    expect(model.bottlenecks).toEqual([{ id: 'B', name: 'Book order', share: 1, text: '100% of all waiting · mean wait 50 min', utilisationText: 'pool 98% busy' }]);
    expect(model.cycleHistogram.bars).toHaveLength(20);
    expect(model.cycleHistogram.bars.reduce((a, b) => a + b.share, 0)).toBeCloseTo(1, 12);
    expect(model.cycleHistogram.target).toBeNull();
    // Every response takes 4 min: the axis ends there and the 2-hour target lies beyond it (not drawn).
    expect(model.responseHistogram?.axis).toEqual(['0 s', '2 min', '4 min']);
    expect(model.responseHistogram?.target).toBeNull();
    expect(model.responseHistogram?.bars.at(-1)?.share).toBe(1);

    const zh = toViewModel(summary, 'zh-CN', translator('zh-CN'));
    expect(zh.cards[0]).toMatchObject({ label: '周期时间', value: '1 小时' });
    expect(zh.cards.find((c) => c.id === 'waiting')?.value).toBe('50 分钟');
    expect(zh.pools[1]?.bandText).toMatch(/^超负荷：按此人员配置队列会无限增长（提供负荷 120%/);
  });

  it('grades heat and utilisation', () => {
    expect([0, 1, 25, 26, 50, 99, 100].map((w) => heatLevel(w, 100))).toEqual([0, 1, 1, 2, 2, 4, 4]);
    expect(heatLevel(5, 0)).toBe(0);
    expect([0.59, 0.6, 0.85, 0.86].map(utilisationBand)).toEqual(['low', 'ok', 'ok', 'high']);
  });

  it('lists what was assumed for a file without simulation data', async () => {
    const summary = await tandemSummary(await plainXml());
    expect(summary.scenario?.source).toBe('default');
    const assumed = { durations: 2, automated: 0, arrivals: 1, interArrivalSeconds: 600, pools: 2, probabilities: 0, waiting: 0 };
    const model = toViewModel({ ...summary, assumed }, 'en', translator('en'));
    expect(model.defaults).toEqual([
      'Durations were assumed for 2 tasks — set them in Properties.',
      'Cases were assumed to arrive every 10 min on average.',
      'One person per lane, at no cost, was assumed for 2 lanes.',
    ]);
    expect(toViewModel({ ...summary, assumed: { ...assumed, durations: 1 } }, 'en', translator('en')).defaults[0]).toBe('A duration was assumed for 1 task — set it in Properties.');
  });

  it('has every string in Chinese with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(MESSAGES_ZH).sort()).toEqual(Object.keys(MESSAGES_EN).sort());
    for (const [key, english] of Object.entries(MESSAGES_EN)) {
      const chinese = MESSAGES_ZH[key as MessageKey];
      expect(chinese.trim(), key).not.toBe('');
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });
});
