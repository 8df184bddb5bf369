// The studio side of simulation: strings of its settings, notifications, output and Problems (issues translated
// by code), English and Simplified Chinese. The Simulation view's strings are the built-in plugin's (plugins/simulation).
export const SIMULATION_EN = {
  'simulation.category': 'Simulation',
  'simulation.setting.cases.title': 'Cases per run',
  'simulation.setting.cases.description': 'Cases simulated per replication. 0 uses the scenario\'s own number (or its simulated period).',
  'simulation.setting.replications.title': 'Replications',
  'simulation.setting.replications.description': 'Independent repetitions that give the 95% confidence intervals. 0 uses the scenario\'s number.',
  'simulation.noDocument': 'Open a process to simulate it.',
  'simulation.cancelled': 'The simulation was cancelled. Nothing was changed.',
  'simulation.crashed': 'The simulation stopped unexpectedly: {detail}. Your diagram is safe; try again, or simulate fewer cases.',
  'simulation.notify.refused': 'The simulation cannot start: {count} problem(s) in the diagram. See the Problems panel.',
  'simulation.notify.done': 'Simulation finished: cycle time {value} on average.',
  'simulation.output.done': '{message} ({executions} element executions, {ms} ms)',
  'simulation.restored': 'Restored the latest simulation results of {count} document(s).',
  'simulation.problemSource': 'simulation',
  'simulation.issue.sim.start.missing': 'The process has no start event, so no case can begin. Add a start event.',
  'simulation.issue.sim.deadlock.exclusiveIntoParallelJoin': 'Deadlock: only one branch of an exclusive choice reaches this parallel join, which waits for all of them forever. Use an exclusive (or inclusive) merge here.',
  'simulation.issue.sim.livelock.loop': 'Endless loop: no decision can leave this cycle, so cases never finish. Give the loop an exit with a probability.',
  'simulation.issue.sim.deadlock.runtime': 'Some cases got stuck waiting here and never finished.',
  'simulation.issue.sim.limit.events': 'Some cases ran too many steps here (an endless loop?) and were stopped.',
  'simulation.issue.sim.limit.tokens': 'Some cases created too many parallel paths here and were stopped.',
} as const;

export type SimulationMessageKey = keyof typeof SIMULATION_EN;

export const SIMULATION_ZH: Record<SimulationMessageKey, string> = {
  'simulation.category': '仿真',
  'simulation.setting.cases.title': '每次运行的案例数',
  'simulation.setting.cases.description': '每次重复仿真的案例数。0 表示使用场景自身的数量（或其仿真时段）。',
  'simulation.setting.replications.title': '重复次数',
  'simulation.setting.replications.description': '独立重复的次数，用于计算 95% 置信区间。0 表示使用场景自身的次数。',
  'simulation.noDocument': '打开一个流程即可进行仿真。',
  'simulation.cancelled': '仿真已取消，未做任何更改。',
  'simulation.crashed': '仿真意外停止：{detail}。您的流程图不受影响；请重试，或减少案例数。',
  'simulation.notify.refused': '仿真无法开始：流程图中有 {count} 个问题。请查看“问题”面板。',
  'simulation.notify.done': '仿真完成：平均周期时间 {value}。',
  'simulation.output.done': '{message}（{executions} 次元素执行，{ms} 毫秒）',
  'simulation.restored': '已恢复 {count} 个文档的最新仿真结果。',
  'simulation.problemSource': '仿真',
  'simulation.issue.sim.start.missing': '流程没有开始事件，无法启动任何案例。请添加开始事件。',
  'simulation.issue.sim.deadlock.exclusiveIntoParallelJoin': '死锁：排他选择只有一个分支到达此并行合并，而它会永远等待所有分支。请在此处改用排他（或包容）合并。',
  'simulation.issue.sim.livelock.loop': '无限循环：没有任何决策能离开此循环，案例永远无法结束。请为循环设置带概率的出口。',
  'simulation.issue.sim.deadlock.runtime': '部分案例在此处卡住，始终未能完成。',
  'simulation.issue.sim.limit.events': '部分案例在此处执行了过多步骤（可能是无限循环），已被停止。',
  'simulation.issue.sim.limit.tokens': '部分案例在此处产生了过多并行路径，已被停止。',
};
