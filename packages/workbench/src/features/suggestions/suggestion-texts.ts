// Titles and rationales of the built-in suggestions in the studio's language. Analysis gives each suggestion its
// English text and a message (key + parameters); English is shown as analysis wrote it (one template table, in
// @leanflow/analysis), Chinese is rendered here from the key. Unknown keys (other plugins) fall back to the text.
import { formatSuggestionMessage, type Suggestion, type SuggestionMessage, type SuggestionMessageKey, type SuggestionMessageStyle } from '@leanflow/analysis';
import { formatNumber, type FormatLanguage } from '@leanflow/plugin-api';

/** Simplified Chinese templates, one per built-in key; element names are quoted with “”. */
export const SUGGESTION_TEXTS_ZH: Record<SuggestionMessageKey, string> = {
  'removeNonValueAdding.title': '删除非增值任务“{task}”',
  'removeNonValueAdding.rationale': '场景中将“{task}”标记为非增值：客户不为它付费，流程也不需要它。删除后可省去它的处理时间以及之前的等待时间。',
  'collapseApprovalChain.title': '将 {count} 道审批合并为一道（{approvals}）',
  'collapseApprovalChain.rationale': '{approvals}依次审核同一案例：每次审核都会增加一次排队和一次交接。用一道涵盖全部标准的审批（配合检查清单）既能保留控制，又能减少 {removed} 个等待环节。',
  'autoApproveBelowThreshold.title': '低于阈值时自动批准，而不是每次都交由“{task}”',
  'autoApproveBelowThreshold.rationale':
    '每个案例都要等待“{task}”。小额案例（低于您设定的金额或风险阈值）在审核中很少被改动：让它们自动通过，其余案例仍保留审批。预测假设 {share}% 的案例低于阈值；请在场景中将绕行流的概率调整为您自己的数据。',
  'mergeSameRoleTasks.title': '将{tasks:and}合并为一个任务',
  'mergeSameRoleTasks.rationale': '同一角色依次完成{tasks}。合并为一个任务后，案例只需被接手一次：一次排队、一次准备，而不是 {count} 次。',
  'parallelise.title': '并行执行“{first}”和“{second}”',
  'parallelise.rationale': '“{second}”不使用“{first}”的任何产出（两者之间没有数据关联），且由另一个角色完成。并行执行后，案例只需等待两者中较长的一个，而不是两者之和。',
  'reorderKnockOuts.title': '先检查“{later}”，再检查“{first}”',
  'reorderKnockOuts.rationale': '“{later}”每个被拒案例耗时 {laterMinutes} 分钟，“{first}”耗时 {firstMinutes} 分钟。先做成本较低的淘汰检查，可在耗费昂贵检查之前就拒绝不合格的案例。',
  'moveAfterDecision.title': '仅在需要的分支上执行“{task}”',
  'moveAfterDecision.rationale': '“{task}”的产出只在“{decision}”之后的一个分支上被使用。将它移到决策之后，其他分支上的案例就无需执行它。',
  'earlyResponse.title': '在内部准备之前先亲自答复客户',
  'earlyResponse.rationale': '目前在首次实质性答复（{responders}）之前至少有 {steps} 个人工步骤。在收到请求后立即简短地致电或发邮件（确认需求和后续步骤），可以提前给出第一次真正的答复；准备工作随后进行。',
  'checkEarlier.title': '提前检查：{percent}% 的案例返回“{target}”',
  'checkEarlier.rationale': '在 {percent}% 的流转中，工作从“{source}”退回到“{target}”（每个案例平均执行 {repetitions} 次）。在输入进入流程时就检查其完整性（使用检查清单或带必填项的表单），以便很少走这条返工回路。',
  'automateTask.title': '自动化“{task}”',
  'automateTask.rationale': '“{task}”耗时短（{minutes} 分钟）、基于规则，且在 {percent}% 的案例中执行。系统可在数秒内完成，无需排队，每次运行只需少量固定成本。',
  'resizePool.add.title': '为“{pool}”增加一人（{from} → {to}）',
  'resizePool.add.rationale': '“{pool}”有 {percent}% 的时间处于忙碌状态（高于 {threshold}%）：在这种负荷下队列会急剧增长。增加一人可缩短等待时间。',
  'resizePool.remove.title': '从“{pool}”减少一人（{from} → {to}）',
  'resizePool.remove.rationale': '“{pool}”只有 {percent}% 的时间处于忙碌状态（低于 {threshold}%）。减少一人后忙碌程度约为 {after}%；此人可调往其他工作。',
  'removeSuperfluousGateway.title': '删除网关“{gateway}”：它既不分支也不汇合',
  'removeSuperfluousGateway.rationale': '只有一条输入流和一条输出流的网关不做任何决策，只会让流程图更难读懂。',
  'splitMixedGateway.title': '将网关“{gateway}”拆分为一个汇合网关和一个分支网关',
  'splitMixedGateway.rationale': '既汇合又分支的网关会被不同的人和工具以不同方式理解（BPMN 未规定其含义）。用一个网关汇合、另一个网关决策，意图就一目了然。',
  'fixDeadlockJoin.exclusive.title': '将“{join}”改为排他（XOR）汇合',
  'fixDeadlockJoin.exclusive.rationale': '“{split}”只把案例送往一个分支，而并行汇合“{join}”却等待所有分支：案例会永远卡在那里（死锁）。',
  'fixDeadlockJoin.inclusive.title': '将“{join}”改为包容（OR）汇合',
  'resizePool.add.rationale.salaried': '“{pool}”有 {percent}% 的时间处于忙碌状态（高于 {threshold}%）：在这种负荷下队列会急剧增长。增加一人可缩短等待时间，每周成本 {cost}（带薪工时 × 费率）。',
  'resizePool.remove.rationale.salaried': '“{pool}”只有 {percent}% 的时间处于忙碌状态（低于 {threshold}%）。减少一人后忙碌程度约为 {after}%，流程每周节省 {saving}（此人的带薪工时 × 费率）。',
  'flagFirstResponse.title': '将“{task}”标记为首次实质性答复',
  'flagFirstResponse.rationale.message': '没有任务被标记为首次答复客户的任务，因此无法测量首次响应时间。“{task}”是主路径上第一个发送消息的人工任务：确认它（或在属性中标记其他任务）即可测量。',
  'flagFirstResponse.rationale.name': '没有任务被标记为首次答复客户的任务，因此无法测量首次响应时间。“{task}”是主路径上第一个名称表明答复客户的人工任务：确认它（或在属性中标记其他任务）即可测量。',
  'fixDeadlockJoin.inclusive.rationale': '“{split}”只把案例送往部分分支，而并行汇合“{join}”却等待所有分支：案例会永远卡在那里（死锁）。',
};

const CHINESE_STYLE: SuggestionMessageStyle = {
  number: (value) => formatNumber(value, 'zh-CN', Number.isInteger(value) ? 0 : 1),
  list: (names, conjunction) => names.map((name) => `“${name}”`).join(conjunction ? '和' : '、'),
};

/** A message in Chinese, or the English fallback when its key is not a built-in one. */
function localise(message: SuggestionMessage | undefined, english: string, language: FormatLanguage): string {
  if (language !== 'zh-CN' || !message || !Object.hasOwn(SUGGESTION_TEXTS_ZH, message.key)) return english;
  return formatSuggestionMessage(SUGGESTION_TEXTS_ZH[message.key as SuggestionMessageKey], message.params, CHINESE_STYLE);
}

/**
 * The title and rationale of a suggestion in the studio's language.
 *
 * @example
 * suggestionTexts(suggestion, 'zh-CN').title; // '自动化“登记订单”'
 */
export function suggestionTexts(suggestion: Suggestion, language: FormatLanguage): { readonly title: string; readonly rationale: string } {
  return { title: localise(suggestion.titleMessage, suggestion.title, language), rationale: localise(suggestion.rationaleMessage, suggestion.rationale, language) };
}
