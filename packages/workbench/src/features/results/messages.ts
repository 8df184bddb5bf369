// Strings of the results exports, English and Simplified Chinese.
export const RESULTS_EN = {
  'results.category': 'Simulation',
  'results.command.csv': 'Export Results as CSV',
  'results.command.xlsx': 'Export Results as Excel (XLSX)',
  'results.command.report': 'Export Run Report (HTML, printable)',
  'results.noRun': 'Simulate the process first (F5); then its results can be exported.',
  'results.saved': 'Exported the simulation results to {file}.',
  'results.failed': 'The results could not be exported to {file}: {detail}',
  'results.report.scorecard': 'Scorecard',
  'results.report.outOf': 'out of 100',
  'results.report.profile': 'Profile: {profile}',
  'results.report.targets': 'Key figures against their targets',
  'results.report.findings': 'Findings',
  'results.report.noFindings': 'No findings.',
};

export const RESULTS_ZH: Record<keyof typeof RESULTS_EN, string> = {
  'results.category': '仿真',
  'results.command.csv': '将结果导出为 CSV',
  'results.command.xlsx': '将结果导出为 Excel（XLSX）',
  'results.command.report': '导出运行报告（HTML，可打印）',
  'results.noRun': '请先运行仿真（F5），然后才能导出结果。',
  'results.saved': '已将仿真结果导出到 {file}。',
  'results.failed': '无法将结果导出到 {file}：{detail}',
  'results.report.scorecard': '评分卡',
  'results.report.outOf': '满分 100',
  'results.report.profile': '评分方案：{profile}',
  'results.report.targets': '关键指标与目标',
  'results.report.findings': '发现',
  'results.report.noFindings': '没有发现。',
};

export type ResultsMessageKey = keyof typeof RESULTS_EN;
