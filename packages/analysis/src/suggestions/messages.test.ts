// The built-in suggestions' English text is made from the same templates as their translatable messages.
import { describe, expect, it } from 'vitest';
import { SUGGESTION_MESSAGES_EN, formatSuggestionMessage, type SuggestionMessageStyle } from '@leanflow/analysis';

describe('suggestion messages', () => {
  it('fill names, numbers and lists in English exactly as the providers always wrote them', () => {
    expect(formatSuggestionMessage(SUGGESTION_MESSAGES_EN['mergeSameRoleTasks.title'], { tasks: ['Enter order', 'Print order'] })).toBe("Merge 'Enter order' and 'Print order' into one task");
    expect(formatSuggestionMessage(SUGGESTION_MESSAGES_EN['collapseApprovalChain.title'], { count: 2, approvals: ['A', 'B'] })).toBe("Collapse 2 approvals into one ('A', 'B')");
  });

  it('read a placeholder inside a parameter as text, keep unknown placeholders, and follow the style', () => {
    const zh: SuggestionMessageStyle = { number: (n) => n.toLocaleString('zh-CN'), list: (names, and) => names.map((n) => `“${n}”`).join(and ? '和' : '、') };
    expect(formatSuggestionMessage('{tasks:and} / {tasks} / {count} / {missing}', { tasks: ['{count}', 'B'], count: 12000 }, zh)).toBe('“{count}”和“B” / “{count}”、“B” / 12,000 / {missing}');
  });
});
