// Staffing suggestions show the saving when people are salaried (costed per paid hour of their calendar).
import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, saveScenariosToXml, type ScenarioInput } from '@leanflow/model';
import { BUILT_IN_SUGGESTION_PROVIDERS, suggestSimplifications } from '@leanflow/analysis';

const fixed = (value: number) => ({ type: 'fixed' as const, value, unit: 'min' as const });
const scenario = (costModel: 'busy-hour' | 'paid-hour'): ScenarioInput => ({
  id: 'det',
  name: 'Deterministic',
  pools: [
    // Three assistants, 10 min of work per lead every 2 h: about 3% busy, so one of them is offered for elsewhere.
    { id: 'assistants', name: 'Sales assistants', headcount: 3, costPerHour: 30, costModel, laneIds: ['Lane_Assistant'] },
    { id: 'reps', name: 'Representatives', headcount: 1, costPerHour: 60, laneIds: ['Lane_Representative'] },
    { id: 'managers', name: 'Managers', headcount: 1, costPerHour: 60, laneIds: ['Lane_Manager'] },
  ],
  arrivals: { Start_LeadReceived: { interArrival: { type: 'fixed', value: 2, unit: 'h' } } },
  tasks: {
    Task_Acknowledge: { duration: fixed(0), automated: true },
    Task_CheckHistory: { duration: fixed(10) },
    Task_Qualify: { duration: fixed(20) },
    Task_SendRejection: { duration: fixed(5) },
    Task_PrepareQuote: { duration: fixed(30) },
    Task_Approve: { duration: fixed(15) },
    Task_SendQuote: { duration: fixed(5), substantiveResponse: true },
  },
  gateways: { Gateway_Qualified: { probabilities: { Flow_Yes: 1, Flow_No: 0 } } },
});

async function resize(costModel: 'busy-hour' | 'paid-hour') {
  const xml = (await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [scenario(costModel)])).xml!;
  const provider = BUILT_IN_SUGGESTION_PROVIDERS.find((p) => p.id === 'resizePool')!;
  const result = await suggestSimplifications(xml, { providers: [provider], cases: 50, replications: 2 });
  if (!result.ok) throw new Error('suggestions failed');
  return result.suggestions.find((s) => s.suggestion.id === 'resizePool:assistants')!;
}

describe('taking one person from a salaried pool', () => {
  it('predicts the saving: one person x 168 paid hours a week x 30 EUR = 5040 EUR a week less', async () => {
    const offered = await resize('paid-hour');
    expect(offered.suggestion.title).toBe("Take one person from 'Sales assistants' (3 -> 2)");
    expect(offered.suggestion.rationale).toContain('the process costs €5,040 a week less');
    const week = offered.impact!.kpis['costPerWeek']!;
    expect(week.difference.mean).toBeCloseTo(-5040, 6);
    expect(week.verdict).toBe('better');
    // Per case: the paid hours are shared over the same cases, so the case gets cheaper too.
    expect(offered.impact!.kpis['costPerCase']!.difference.mean).toBeLessThan(0);
  });

  it('costed per busy hour (the default), the same change predicts no saving: idle time costs nothing', async () => {
    const offered = await resize('busy-hour');
    expect(offered.suggestion.rationale).not.toContain('a week less');
    expect(offered.impact!.kpis['costPerCase']!.difference.mean).toBe(0);
    expect(offered.impact!.kpis['costPerCase']!.verdict).toBe('noChange');
  });
});
