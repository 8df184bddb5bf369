// The name "Apply as variant" gives the new variant: short and about what changed ("To-be: without 'Check customer
// history'"), not the suggestion's whole sentence glued to the file name (which gave
// `lead-to-quote (lead-to-quote – Remove the non-value-adding task 'Check customer history'.bpmn).bpmn`).
import { formatSuggestionMessage, type Suggestion } from '@leanflow/analysis';
import { formatNumber, type FormatLanguage } from '@leanflow/plugin-api';

/** Element names inside a variant name are cut to this many characters. */
const NAME_LIMIT = 32;
/** A variant name is at most this long (before the group's "(2)" when it is taken). */
export const VARIANT_NAME_LIMIT = 64;

/** What changed, per built-in title key, in a few words; `{x}` are the suggestion's own parameters. */
const SHORT_EN: Record<string, string> = {
  'removeNonValueAdding.title': "without '{task}'",
  'collapseApprovalChain.title': 'one approval instead of {count}',
  'autoApproveBelowThreshold.title': "auto-approve small cases ('{task}')",
  'mergeSameRoleTasks.title': 'merged {tasks:and}',
  'parallelise.title': "'{first}' ∥ '{second}'",
  'reorderKnockOuts.title': "'{later}' checked first",
  'moveAfterDecision.title': "'{task}' only where needed",
  'earlyResponse.title': 'early personal reply',
  'checkEarlier.title': "check before '{target}'",
  'automateTask.title': "'{task}' automated",
  'resizePool.add.title': "'{pool}' {from} → {to}",
  'resizePool.remove.title': "'{pool}' {from} → {to}",
  'removeSuperfluousGateway.title': "without gateway '{gateway}'",
  'splitMixedGateway.title': "'{gateway}' split",
  'fixDeadlockJoin.exclusive.title': "'{join}' as XOR join",
  'fixDeadlockJoin.inclusive.title': "'{join}' as OR join",
  'flagFirstResponse.title': "'{task}' as first response",
};

const SHORT_ZH: Record<string, string> = {
  'removeNonValueAdding.title': '去掉“{task}”',
  'collapseApprovalChain.title': '{count} 道审批合一',
  'autoApproveBelowThreshold.title': '小额自动批准（“{task}”）',
  'mergeSameRoleTasks.title': '合并{tasks:and}',
  'parallelise.title': '“{first}”与“{second}”并行',
  'reorderKnockOuts.title': '先查“{later}”',
  'moveAfterDecision.title': '“{task}”仅在需要时执行',
  'earlyResponse.title': '提前亲自答复',
  'checkEarlier.title': '在“{target}”之前检查',
  'automateTask.title': '自动化“{task}”',
  'resizePool.add.title': '“{pool}” {from} → {to}',
  'resizePool.remove.title': '“{pool}” {from} → {to}',
  'removeSuperfluousGateway.title': '去掉网关“{gateway}”',
  'splitMixedGateway.title': '拆分网关“{gateway}”',
  'fixDeadlockJoin.exclusive.title': '“{join}”改为排他汇合',
  'fixDeadlockJoin.inclusive.title': '“{join}”改为包容汇合',
  'flagFirstResponse.title': '“{task}”为首次答复',
};

/** Cuts a text to `limit` characters (code points, so a Chinese name is not split inside a character) with "…". */
export function shorten(text: string, limit: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= limit ? chars.join('') : `${chars.slice(0, limit - 1).join('').trimEnd()}…`;
}

/**
 * The name of the variant a suggestion makes: "To-be: " and what changed, at most {@link VARIANT_NAME_LIMIT}
 * characters. Suggestions of other plugins (no built-in key) use their title, shortened.
 *
 * @example
 * variantNameFor(removeCheckHistory, 'en');    // "To-be: without 'Check customer history'"
 * variantNameFor(removeCheckHistory, 'zh-CN'); // '目标：去掉“Check customer history”'
 */
export function variantNameFor(suggestion: Suggestion, language: FormatLanguage, fallbackTitle: string = suggestion.title): string {
  const table = language === 'zh-CN' ? SHORT_ZH : SHORT_EN;
  const message = suggestion.titleMessage;
  const template = message && Object.hasOwn(table, message.key) ? table[message.key]! : undefined;
  // Names are cut before they go into the template, so a quote inside a name cannot confuse anything.
  const params = message
    ? Object.fromEntries(Object.entries(message.params).map(([key, value]) => [key, typeof value === 'string' ? shorten(value, NAME_LIMIT) : Array.isArray(value) ? value.map((v: string) => shorten(v, 16)) : value]))
    : {};
  const what = template
    ? formatSuggestionMessage(template, params, {
        number: (value) => formatNumber(value, language, Number.isInteger(value) ? 0 : 1),
        list: (names, conjunction) =>
          language === 'zh-CN' ? names.map((n) => `“${n}”`).join(conjunction ? '和' : '、') : names.map((n) => `'${n}'`).join(conjunction ? ' and ' : ', '),
      })
    : fallbackTitle;
  const prefix = language === 'zh-CN' ? '目标：' : 'To-be: ';
  return shorten(`${prefix}${what}`, VARIANT_NAME_LIMIT);
}
