// The simulation worker's job on a deterministic tandem whose figures are known exactly:
// arrivals every 5 min, station A 4 min (pool A, 60/h, fixed cost 1), station B 6 min (pool B). Case i
// (0-based) waits i min at B, so its cycle time is 10 + i min; with 100 cases the last event is at 609 min.
import { saveScenariosToXml, type ScenarioInput } from '@leanflow/model';
import { shareWithin } from '@leanflow/plugin-api';
import { describe, expect, it } from 'vitest';
import { inProcessWorker, WorkerClient } from '../../base/worker-client.ts';
import { I18nService } from '../../i18n/i18n.ts';
import { DocumentService } from '../../services/documents.ts';
import { NotificationService, OutputService, ProblemsService } from '../../services/notifications.ts';
import { SettingsRegistry } from '../../services/settings.ts';
import { SIMULATION_EN, SIMULATION_ZH, type SimulationMessageKey } from './messages.ts';
import type { SimulationParams, SimulationProgress } from './protocol.ts';
import { SIMULATION_HANDLERS, runSimulationJob } from './simulation-job.ts';
import { SIMULATION_SETTING, SimulationController, issueMessage, type Translate } from './simulation-controller.ts';

const TANDEM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="http://example.com">
  <bpmn:process id="P" isExecutable="false">
    <bpmn:laneSet id="LS">
      <bpmn:lane id="LA" name="Front desk"><bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>A</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="LB" name="Back office"><bpmn:flowNodeRef>B</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="S" name="Request"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="A" name="Answer customer"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:task>
    <bpmn:task id="B" name="Book order"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:task>
    <bpmn:endEvent id="E" name="Done"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A" />
    <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="B" />
    <bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="E" />
  </bpmn:process>
</bpmn:definitions>`;

const fixed = (value: number) => ({ type: 'fixed' as const, value, unit: 'min' as const });
const SCENARIO: ScenarioInput = {
  id: 'tandem',
  name: 'Tandem',
  currency: 'EUR',
  cases: 100,
  replications: 2,
  seed: 7,
  pools: [
    { id: 'PA', name: 'Front desk', headcount: 1, laneIds: ['LA'], costPerHour: 60 },
    { id: 'PB', name: 'Back office', headcount: 1, laneIds: ['LB'] },
  ],
  arrivals: { S: { interArrival: fixed(5) } },
  tasks: {
    A: { duration: fixed(4), fixedCost: 1, substantiveResponse: true, valueClass: 'valueAdding' },
    B: { duration: fixed(6), valueClass: 'nonValueAdding' },
  },
};

const MIN = 60;

async function tandemXml(): Promise<string> {
  const saved = await saveScenariosToXml(TANDEM, [SCENARIO], { activeScenarioId: 'tandem' });
  if (!saved.xml) throw new Error(JSON.stringify(saved.issues));
  return saved.xml;
}

function translator(language: 'en' | 'zh-CN'): Translate {
  const i18n = new I18nService(language);
  i18n.addMessages('en', SIMULATION_EN);
  i18n.addMessages('zh-CN', SIMULATION_ZH);
  return (key: SimulationMessageKey, params?: Record<string, string | number>) => i18n.localize(`%${key}%`, params);
}

describe('simulation worker job', () => {
  it('runs the scenario stored in the file and reports progress up to every case', async () => {
    const progress: SimulationProgress[] = [];
    const report = await runSimulationJob({ type: 'run', runId: 3, xml: await tandemXml() }, (p) => progress.push(p), { progressMs: 0 });
    if (!report.ok) throw new Error(JSON.stringify(report.issues));
    expect(report.scenario).toMatchObject({ id: 'tandem', name: 'Tandem', currency: 'EUR', source: 'leanflow' });
    expect(report.defaulted).toBeNull();
    expect(report.result.kpis.cycleTime.mean).toBeCloseTo((10 + 99 / 2) * MIN, 9);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((p) => p.runId === 3 && p.casesTotal === 200 && p.replications === 2)).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.fraction).toBeGreaterThanOrEqual(progress[i - 1]!.fraction);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, casesDone: 200, replication: 2 });
  });

  it('applies the case and replication overrides of the settings', async () => {
    const report = await runSimulationJob({ type: 'run', runId: 1, xml: await tandemXml(), cases: 10, replications: 1 });
    if (!report.ok) throw new Error('should run');
    expect(report.result.cases).toBe(10);
    expect(report.result.replications).toBe(1);
    expect(report.result.kpis.cycleTime.mean).toBeCloseTo((10 + 9 / 2) * MIN, 9);
  });

  it('runs the scenario chosen in the view instead of the active one', async () => {
    const faster: ScenarioInput = { ...SCENARIO, id: 'faster', name: 'Faster back office', tasks: { ...SCENARIO.tasks, B: { duration: fixed(4) } } };
    const saved = await saveScenariosToXml(TANDEM, [SCENARIO, faster], { activeScenarioId: 'tandem' });
    const active = await runSimulationJob({ type: 'run', runId: 1, xml: saved.xml! });
    const chosen = await runSimulationJob({ type: 'run', runId: 2, xml: saved.xml!, scenarioId: 'faster' });
    if (!active.ok || !chosen.ok) throw new Error('should run');
    expect(active.scenario.available).toEqual([{ id: 'tandem', name: 'Tandem' }, { id: 'faster', name: 'Faster back office' }]);
    expect(active.scenario.id).toBe('tandem');
    expect(chosen.scenario.id).toBe('faster');
    // With B at 4 min no case waits: every cycle is 8 min.
    expect(chosen.result.kpis.cycleTime.mean).toBeCloseTo(8 * MIN, 9);
    expect(chosen.result.kpis.waitingTime.mean).toBe(0);
  });

  it('refuses a model that deadlocks, naming the join, and says so in Chinese too', async () => {
    const xml = TANDEM.replace('<bpmn:task id="B"', '<bpmn:exclusiveGateway id="X"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>x1</bpmn:outgoing><bpmn:outgoing>x2</bpmn:outgoing></bpmn:exclusiveGateway><bpmn:parallelGateway id="J"><bpmn:incoming>x1</bpmn:incoming><bpmn:incoming>x2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:parallelGateway><bpmn:task id="B"')
      .replace('<bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="B" />', '<bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="X" /><bpmn:sequenceFlow id="x1" sourceRef="X" targetRef="J" /><bpmn:sequenceFlow id="x2" sourceRef="X" targetRef="J" />')
      .replace('<bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="E" />', '<bpmn:sequenceFlow id="f3" sourceRef="J" targetRef="E" />');
    const report = await runSimulationJob({ type: 'run', runId: 1, xml });
    expect(report.ok).toBe(false);
    const deadlock = report.issues.find((i) => i.code === 'sim.deadlock.exclusiveIntoParallelJoin');
    expect(deadlock?.elementId).toBe('J');
    expect(issueMessage(deadlock!, translator('zh-CN'), 'zh-CN')).toMatch(/^死锁/);
    expect(issueMessage(deadlock!, translator('en'), 'en')).toBe(deadlock!.message);
  });

  it('refuses a pool with nobody in it that a task needs, and lists the error once', async () => {
    const unstaffed = { ...SCENARIO, pools: [SCENARIO.pools![0]!, { id: 'PB', name: 'Back office', headcount: 0, laneIds: ['LB'] }] };
    const saved = await saveScenariosToXml(TANDEM, [unstaffed], { activeScenarioId: 'tandem' });
    const report = await runSimulationJob({ type: 'run', runId: 1, xml: saved.xml! });
    expect(report.ok).toBe(false);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'pool.unstaffed', elementId: 'B', message: "Pool 'Back office' has nobody (headcount 0): its task 'Book order' can never be served. Give it at least one person." }),
    ]);
  });

  it('flags a file without simulation data and counts what it assumed', async () => {
    const report = await runSimulationJob({ type: 'run', runId: 1, xml: TANDEM });
    if (!report.ok) throw new Error(JSON.stringify(report.issues));
    expect(report.scenario.source).toBe('default');
    expect(report.defaulted).toMatchObject({ durations: 2, automated: 0, arrivals: 1, pools: 2 });
    expect(report.defaulted!.interArrivalSeconds).toBeGreaterThan(0);
  });
});

describe("the studio's runs and task waits", () => {
  /** A controller on the real job (in-process worker) that records what each run asked the worker for. */
  async function studio(needsTaskWaits: () => boolean) {
    const i18n = new I18nService('en');
    i18n.addMessages('en', SIMULATION_EN);
    const settings = new SettingsRegistry();
    settings.register({ id: SIMULATION_SETTING.cases, type: 'number', default: 0, title: 'Cases', description: 'Cases per run' });
    settings.register({ id: SIMULATION_SETTING.replications, type: 'number', default: 0, title: 'Replications', description: 'Replications per run' });
    const documents = new DocumentService();
    documents.open({ name: 'tandem.bpmn', xml: await tandemXml(), ready: true });
    const asked: SimulationParams[] = [];
    const client = new WorkerClient(() =>
      inProcessWorker({
        run: (params: SimulationParams, control: Parameters<typeof SIMULATION_HANDLERS.run>[1]) => {
          asked.push(params);
          return SIMULATION_HANDLERS.run(params, control);
        },
      }), { name: 'simulation' });
    const workbench = { documents, settings, i18n, output: new OutputService(), notifications: new NotificationService(), problems: new ProblemsService(), activeEditor: undefined };
    return { controller: new SimulationController(workbench, client, needsTaskWaits), asked };
  }

  it('streams task waits only while a plugin needs them, so a rule on a task wait gets its share', async () => {
    let needed = false;
    const { controller, asked } = await studio(() => needed);
    try {
      const plain = await controller.runDetailed();
      if (!plain.ok) throw new Error(plain.message);
      expect(asked[0]!.taskWaitValues).toBeUndefined();
      // Without the stream the share is unknown (null), not 0.
      expect(shareWithin(plain.summary, 'taskWaitingTime', 30.5 * MIN, { taskId: 'B' })).toBeNull();

      needed = true;
      const streamed = await controller.runDetailed();
      if (!streamed.ok) throw new Error(streamed.message);
      expect(asked[1]!.taskWaitValues).toBe(true);
      // Case i waits i min at B: cases 0..30 of 100 wait at most 30.5 min, in both replications.
      expect(shareWithin(streamed.summary, 'taskWaitingTime', 30.5 * MIN, { taskId: 'B' })).toBeCloseTo(0.31, 12);
      // The other figures are the same run's.
      expect(streamed.summary.cycleTime?.mean).toBeCloseTo((10 + 99 / 2) * MIN, 9);
      expect(streamed.summary.cycleTime).toEqual(plain.summary.cycleTime);
    } finally {
      controller.dispose();
    }
  });
});

describe('simulation strings', () => {
  it('has every studio-side string in Chinese with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(SIMULATION_ZH).sort()).toEqual(Object.keys(SIMULATION_EN).sort());
    for (const [key, english] of Object.entries(SIMULATION_EN)) {
      const chinese = SIMULATION_ZH[key as SimulationMessageKey];
      expect(chinese.trim(), key).not.toBe('');
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });
});
