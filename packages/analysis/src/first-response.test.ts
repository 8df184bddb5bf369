import { describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE, loadDocument, saveScenariosToXml, type ScenarioInput } from '@leanflow/model';
import { BUILT_IN_SUGGESTION_PROVIDERS, guessFirstResponseTask, suggestSimplifications } from '@leanflow/analysis';

const fixed = (value: number) => ({ type: 'fixed' as const, value, unit: 'min' as const });
// The lead sample's scenario without any task flagged as the first substantive response (as imported QBP/BPSim files are).
const unflagged: ScenarioInput = {
  id: 'u',
  name: 'Unflagged',
  cases: 50,
  replications: 2,
  pools: [{ id: 'staff', name: 'Staff', headcount: 3, costPerHour: 50, laneIds: ['Lane_Assistant', 'Lane_Representative', 'Lane_Manager'] }],
  arrivals: { Start_LeadReceived: { interArrival: fixed(60) } },
  tasks: { Task_Acknowledge: { duration: fixed(0), automated: true }, Task_Qualify: { duration: fixed(15) }, Task_SendQuote: { duration: fixed(5) } },
  gateways: { Gateway_Qualified: { probabilities: { Flow_Yes: 0.8, Flow_No: 0.2 } } },
};

describe('guessing the task that first answers the customer', () => {
  it('picks the first message-sending task a person does on the main path (not the automated auto-reply)', async () => {
    const document = await loadDocument((await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [unflagged])).xml!);
    const scenario = document.scenarios[0]!;
    expect(guessFirstResponseTask(document.graph!, scenario)).toEqual({ taskId: 'Task_SendQuote', name: 'Send quote', reason: 'message' });
    // Once a task is flagged there is nothing to guess.
    const flagged = { ...scenario, tasks: { ...scenario.tasks, Task_Qualify: { ...scenario.tasks['Task_Qualify']!, substantiveResponse: true } } };
    expect(guessFirstResponseTask(document.graph!, flagged)).toBeNull();
  });

  it('is offered as a one-click suggestion that sets the flag, after which first response is measured', async () => {
    const xml = (await saveScenariosToXml(LEAD_TO_QUOTE_SAMPLE, [unflagged])).xml!;
    const provider = BUILT_IN_SUGGESTION_PROVIDERS.find((p) => p.id === 'flagFirstResponse')!;
    const result = await suggestSimplifications(xml, { providers: [provider], predict: false });
    if (!result.ok) throw new Error('suggestions failed');
    expect(result.suggestions.map((s) => s.suggestion.title)).toEqual(["Flag 'Send quote' as the first substantive response"]);
    const applied = result.suggestions[0]!.xml!;
    const after = await loadDocument(applied);
    expect(after.scenarios[0]!.tasks['Task_SendQuote']).toMatchObject({ substantiveResponse: true, duration: fixed(5) });
  });
});
