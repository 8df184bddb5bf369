// The KPI glossary: every figure the studio shows, in plain words, English and Chinese. KPI cards, findings and
// settings link here (`help.glossary` with the term id); the help view renders it.

export interface GlossaryTerm {
  readonly id: string;
  readonly term: { readonly en: string; readonly zh: string };
  readonly text: { readonly en: string; readonly zh: string };
}

const term = (id: string, en: string, zh: string, textEn: string, textZh: string): GlossaryTerm => ({ id, term: { en, zh }, text: { en: textEn, zh: textZh } });

export const GLOSSARY: readonly GlossaryTerm[] = [
  term('cycleTime', 'Cycle time', '周期时间',
    'How long one case takes from the moment it arrives (the start event) to the moment it is finished (an end event), including every wait, night and weekend. What the customer experiences.',
    '一个案例从到达（开始事件）到完成（结束事件）所用的全部时间，包括所有等待、夜间和周末。这是客户实际感受到的时间。'),
  term('firstResponse', 'First response time', '首次响应时间',
    'Time until the customer gets the first real (substantive) answer. An automatic “we received your message” does not count. Customers expect about 2 hours; sales-service teams often need about 24.',
    '客户得到第一次真正（实质性）答复所需的时间。自动回复的“已收到您的消息”不算。客户期望约 2 小时，而销售服务团队往往需要约 24 小时。'),
  term('substantiveResponse', 'Substantive response', '实质性答复',
    'A task that really answers the customer (a quote, a solution, a decision). Mark such tasks in Properties; the first one that finishes ends the first response time.',
    '真正答复客户的任务（报价、解决方案、决定）。在属性中标记这类任务；最先完成的那个结束首次响应时间。'),
  term('withinSla', 'Within target (SLA)', '达标率（SLA）',
    'The share of cases answered or resolved within the target you set (for example 2 hours for the first response).',
    '在您设定的目标时间内（例如首次响应 2 小时）得到答复或解决的案例比例。'),
  term('processingTime', 'Processing time', '处理时间',
    'The time people (or systems) actually work on a case, added up over all its tasks.',
    '人员（或系统）实际处理一个案例的时间，把所有任务加在一起。'),
  term('waitingTime', 'Waiting time', '等待时间',
    'Time a case spends waiting for someone to be free during working hours: queues in front of busy people.',
    '案例在工作时间内等待有人空闲的时间：排在忙碌人员前面的队列。'),
  term('offCalendarTime', 'Off-calendar time', '非工作时间',
    'Time a case waits because nobody works then: nights, weekends and holidays of the team’s calendar. It is not a queue; more staff does not help, longer or shifted hours do.',
    '因为当时没人上班而等待的时间：团队日历中的夜间、周末和节假日。这不是排队；增加人手没有用，延长或错开工作时间才有用。'),
  term('valueAddingTime', 'Value-adding time', '增值时间',
    'Work the customer would pay for: it changes the product or answer for them. Tasks whose value class is “value-adding”.',
    '客户愿意为之付费的工作：它为客户改变了产品或答复。即价值类别为“增值”的任务。'),
  term('valueClass', 'Value class', '价值类别',
    'Value-adding (the customer pays for it), business value-adding (needed by law or the business, not by the customer), non-value-adding (waste: re-typing, checking twice, waiting for approval), or not set (a task just drawn; it does not count as value-adding until you choose).',
    '增值（客户愿意付费）、业务必要（法规或业务需要，而非客户需要）、非增值（浪费：重复录入、重复核对、等待审批），或未设置（刚画出的任务；选择之前不计为增值）。'),
  term('pce', 'Process cycle efficiency (PCE)', '流程周期效率（PCE）',
    'Value-adding time divided by cycle time. 5% means that of every 20 hours a case spends in the process, 1 hour is work the customer values. Lean teams aim to raise it by removing waits and waste.',
    '增值时间除以周期时间。5% 表示案例在流程中每停留 20 小时，只有 1 小时是客户看重的工作。精益团队通过消除等待和浪费来提高它。'),
  term('flowFactor', 'Flow factor', '流动系数',
    'Cycle time divided by processing time: how many times longer a case takes than the work in it. A flow factor of 10 means a case that needs 1 hour of work takes 10 hours. Close to 1 is good flow.',
    '周期时间除以处理时间：案例所用时间是其实际工作量的多少倍。流动系数为 10 表示需要 1 小时工作的案例要花 10 小时。接近 1 表示流动顺畅。'),
  term('costPerCase', 'Cost per case', '单件成本',
    'What one case costs: hours worked times the cost per hour of the people who did them, plus fixed costs of tasks. Set the cost per hour of each team in Properties to see it.',
    '一个案例的成本：工作小时数乘以完成这些工作的人员的每小时成本，再加上任务的固定成本。在属性中为每个团队设置每小时成本即可看到。'),
  term('throughput', 'Throughput', '吞吐量',
    'How many cases are finished per hour (or day) on average.',
    '平均每小时（或每天）完成多少个案例。'),
  term('wip', 'Work in progress (WIP)', '在制品（WIP）',
    'How many cases are in the process at the same time, on average. By Little’s law WIP = throughput × cycle time.',
    '平均同时处于流程中的案例数。根据利特尔法则，在制品 = 吞吐量 × 周期时间。'),
  term('utilisation', 'Utilisation', '利用率',
    'The share of their working hours people spend on cases. Under 60% means slack; above about 85% queues grow fast, because of variability (see Kingman).',
    '人员在工作时间中用于处理案例的比例。低于 60% 表示有空闲；高于约 85% 时，由于波动，队列会迅速变长（见金曼公式）。'),
  term('kingman', 'Kingman’s formula', '金曼公式',
    'A rule of thumb for queues: waiting time ≈ (variability of arrivals and work) × (utilisation ÷ (1 − utilisation)) × average work time. At 50% busy the factor is 1, at 90% it is 9: the last few percent of utilisation cost the most waiting.',
    '关于排队的经验公式：等待时间 ≈（到达和工作的波动程度）×（利用率 ÷（1 − 利用率））× 平均工作时间。忙碌 50% 时系数为 1，90% 时为 9：利用率最后的几个百分点带来最多的等待。'),
  term('bottleneck', 'Bottleneck', '瓶颈',
    'The task or team where cases wait longest: improving anything else barely shortens the cycle time.',
    '案例等待最久的任务或团队：改进其他地方几乎不能缩短周期时间。'),
  term('handOff', 'Hand-off', '交接',
    'A case passing from one person or team to another. Each hand-off adds waiting and a chance of errors; the Scorecard counts them per case.',
    '案例从一个人或团队转到另一个人或团队。每次交接都会增加等待和出错的机会；评分卡按案例统计交接次数。'),
  term('confidenceInterval', '95% confidence interval', '95% 置信区间',
    'The range in which the true average lies with 95% confidence, from the spread between replications. Narrow means the figure is reliable; run more cases or replications to narrow it.',
    '根据各次重复运行之间的差异，真实平均值以 95% 的把握落在的范围。范围窄说明数字可靠；增加案例数或重复次数可使其变窄。'),
  term('replication', 'Replication', '重复运行',
    'One run of the simulation with its own random numbers. Several replications show how much the result varies by chance.',
    '使用一组独立随机数的一次仿真运行。多次重复运行可以显示结果因偶然因素变化多少。'),
  term('significant', 'Significant difference', '显著差异',
    'In Compare: the 95% interval of the difference between two variants does not include 0, so the difference is very unlikely to be chance.',
    '在对比中：两个变体之间差异的 95% 区间不包含 0，因此这个差异几乎不可能是偶然造成的。'),
  term('scenario', 'Scenario', '场景',
    'The figures a simulation uses: how often cases arrive, how long tasks take, who does them, working hours, costs and targets. Saved inside the .bpmn file.',
    '仿真使用的数据：案例到达频率、任务耗时、由谁完成、工作时间、成本和目标。保存在 .bpmn 文件中。'),
  term('score', 'Lean score', '精益评分',
    'A 0–100 rating of the process from weighted rules (steps, hand-offs, waits, first response…). Each finding says why it costs points; the weights are in the scorecard profile.',
    '根据加权规则（步骤、交接、等待、首次响应……）给流程打出的 0–100 分。每条发现都说明为何扣分；权重在评分配置中。'),
];

export function findTerm(id: string): GlossaryTerm | undefined {
  return GLOSSARY.find((t) => t.id === id);
}

/** The glossary term behind a KPI card (by the card's `data-kpi` id) or a Scorecard rule (by rule id). */
export const GLOSSARY_LINKS: Readonly<Record<string, string>> = {
  cycleTime: 'cycleTime',
  firstResponse: 'firstResponse',
  waiting: 'waitingTime',
  processing: 'processingTime',
  cost: 'costPerCase',
  pce: 'pce',
  throughput: 'throughput',
  wip: 'wip',
  utilisation: 'utilisation',
  'first-response-time': 'firstResponse',
  'resolution-time': 'withinSla',
  'cycle-time': 'flowFactor',
  'process-cycle-efficiency': 'pce',
  'resource-utilisation': 'kingman',
  'cost-per-case': 'costPerCase',
  'manual-steps': 'processingTime',
  'non-value-adding-share': 'valueClass',
  'hand-offs': 'handOff',
  'approval-chains': 'handOff',
};

/** `#glossary:<term>` for a KPI card or rule id, if the glossary explains it. */
export function glossaryHref(id: string | undefined): string | undefined {
  const termId = id === undefined ? undefined : GLOSSARY_LINKS[id];
  return termId ? `#glossary:${termId}` : undefined;
}
