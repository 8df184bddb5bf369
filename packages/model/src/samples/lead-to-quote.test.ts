import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, LEAD_TO_QUOTE_SCENARIO, ScenarioSchema, distributionMean, loadDocument, validateGraph } from '../index.ts';

describe('the lead-to-quote sample', async () => {
  const doc = await loadDocument(LEAD_TO_QUOTE_SAMPLE);
  const scenario = doc.scenarios[0]!;

  it('carries its scenario in the file (lf extension) and it validates without errors or warnings', () => {
    expect(doc.scenarioSource).toBe('leanflow');
    expect(doc.activeScenarioId).toBe('as-is');
    expect(scenario).toEqual(ScenarioSchema.parse(LEAD_TO_QUOTE_SCENARIO));
    expect(doc.issues).toEqual([]);
    expect(validateGraph(doc.graph!)).toEqual([]);
  });

  it('has the staffing, costs and calendars of the brief', () => {
    expect(scenario.pools.map((p) => [p.name, p.headcount, p.calendarId])).toEqual([
      ['Sales assistant', 2, 'office-hours'],
      ['Sales representative', 3, 'office-hours'],
      ['Sales manager', 1, 'office-hours'],
    ]);
    expect(scenario.pools.every((p) => p.costPerHour > 0)).toBe(true);
    expect(scenario.calendars[0]!.hours).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }]);
    expect(distributionMean(scenario.arrivals['Start_LeadReceived']!.interArrival)).toBe(20 * 60);
    expect(scenario.arrivals['Start_LeadReceived']!.calendarId).toBe('office-hours');
  });

  it('treats the automatic acknowledgement as automated and not a response; the quote and the rejection as responses', () => {
    expect(scenario.tasks['Task_Acknowledge']).toMatchObject({ automated: true, substantiveResponse: false });
    expect(scenario.tasks['Task_SendQuote']!.substantiveResponse).toBe(true);
    expect(scenario.tasks['Task_SendRejection']!.substantiveResponse).toBe(true);
    const responders = Object.entries(scenario.tasks).filter(([, t]) => t.substantiveResponse).map(([id]) => id).sort();
    expect(responders).toEqual(['Task_SendQuote', 'Task_SendRejection']);
  });

  it('classifies value and branches as the brief says', () => {
    expect(scenario.tasks['Task_CheckHistory']!.valueClass).toBe('nonValueAdding');
    expect(scenario.tasks['Task_Approve']!.valueClass).toBe('businessValueAdding');
    expect(scenario.tasks['Task_PrepareQuote']!.valueClass).toBe('valueAdding');
    expect(scenario.gateways['Gateway_Qualified']!.probabilities).toEqual({ Flow_Yes: 0.7, Flow_No: 0.3 });
  });
});
