// The comparison report's cells in the studio's language: @leanflow/analysis writes English units for every language.

const ZH_UNITS: Readonly<Record<string, string>> = { s: '秒', min: '分钟', h: '小时', d: '天', pp: '个百分点', '/h': '/小时' };

/** The report's English units (written by @leanflow/analysis for every language) in Chinese: "3.2 h" -> "3.2 小时". */
export function chineseUnits(text: string): string {
  return text.replace(/(\d) (s|min|h|d|pp|\/h)(?=$|[\s\]).,])/g, (_, digit: string, unit: string) => `${digit} ${ZH_UNITS[unit]}`);
}
