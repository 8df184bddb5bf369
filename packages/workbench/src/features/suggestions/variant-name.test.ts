import { formatSuggestionMessage, SUGGESTION_MESSAGES_EN, type Suggestion, type SuggestionMessage, type SuggestionMessageKey } from '@leanflow/analysis';
import { describe, expect, it } from 'vitest';
import { shorten, VARIANT_NAME_LIMIT, variantNameFor } from './variant-name.ts';

function suggestion(key: SuggestionMessageKey, params: SuggestionMessage['params']): Suggestion {
  const text = formatSuggestionMessage(SUGGESTION_MESSAGES_EN[key], params);
  return { id: 'x', kind: 'removeTask', title: text, titleMessage: { key, params }, rationale: '', elements: [], heuristic: 'taskElimination', edits: [] } as unknown as Suggestion;
}

describe('variantNameFor', () => {
  it('names a variant by what changed, in English and Chinese', () => {
    const remove = suggestion('removeNonValueAdding.title', { task: 'Check customer history' });
    expect(variantNameFor(remove, 'en')).toBe("To-be: without 'Check customer history'");
    expect(variantNameFor(remove, 'zh-CN')).toBe('目标：去掉“Check customer history”');
    const merge = suggestion('mergeSameRoleTasks.title', { tasks: ['Qualify lead', 'Prepare quote'] });
    expect(variantNameFor(merge, 'en')).toBe("To-be: merged 'Qualify lead' and 'Prepare quote'");
    expect(variantNameFor(suggestion('resizePool.add.title', { pool: 'Sales', from: 2, to: 3 }), 'en')).toBe("To-be: 'Sales' 2 → 3");
  });

  it('stays short whatever the element names, and cuts Chinese between characters', () => {
    const long = suggestion('removeNonValueAdding.title', { task: '检查客户历史记录'.repeat(40) });
    const name = variantNameFor(long, 'zh-CN');
    expect([...name].length).toBeLessThanOrEqual(VARIANT_NAME_LIMIT);
    expect(name).toBe(`目标：去掉“${'检查客户历史记录'.repeat(4).slice(0, 31)}…”`);
    expect(shorten('a  b\n c', 10)).toBe('a b c');
  });

  it("uses another plugin's title, shortened, when the suggestion has no built-in message", () => {
    const other = { id: 'p', kind: 'x', title: 'Send quotes by e-mail instead of by post to every customer in every region of the world', rationale: '', elements: [], heuristic: 'contactReduction', edits: [] } as unknown as Suggestion;
    const name = variantNameFor(other, 'en');
    expect(name.startsWith('To-be: Send quotes by e-mail')).toBe(true);
    expect(name.endsWith('…')).toBe(true);
    expect([...name].length).toBe(VARIANT_NAME_LIMIT);
  });
});
