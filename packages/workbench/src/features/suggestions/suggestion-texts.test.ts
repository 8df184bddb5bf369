// Every message key the built-in providers can emit has a Chinese template with the same placeholders, and a
// suggestion made by a real provider renders in Chinese with its element's name.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SUGGESTION_PROVIDERS, SUGGESTION_MESSAGES_EN, analyseGraph, type Suggestion } from '@leanflow/analysis';
import { parseBpmn } from '@leanflow/model';
import { SUGGESTION_TEXTS_ZH, suggestionTexts } from './suggestion-texts.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+(?::and)?)\}/g)].map((m) => m[1]).sort();
const CJK = /[\u4e00-\u9fff]/;

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://example.com">
  <bpmn:process id="P" isExecutable="false">
    <bpmn:startEvent id="S" />
    <bpmn:exclusiveGateway id="G" name="Order complete?" />
    <bpmn:task id="T" name="Ship order" />
    <bpmn:endEvent id="E" />
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="G" />
    <bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="T" />
    <bpmn:sequenceFlow id="F3" sourceRef="T" targetRef="E" />
  </bpmn:process>
</bpmn:definitions>`;

describe('suggestion texts', () => {
  it('have a Chinese template for every key the providers emit, with the same placeholders', () => {
    expect(Object.keys(SUGGESTION_TEXTS_ZH).sort()).toEqual(Object.keys(SUGGESTION_MESSAGES_EN).sort());
    for (const [key, english] of Object.entries(SUGGESTION_MESSAGES_EN)) {
      const chinese = SUGGESTION_TEXTS_ZH[key as keyof typeof SUGGESTION_MESSAGES_EN];
      expect(chinese, key).toMatch(CJK);
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });

  it("render a provider's suggestion in Chinese with the element's name, and in English as analysis wrote it", async () => {
    const { graph } = await parseBpmn(XML);
    const provider = BUILT_IN_SUGGESTION_PROVIDERS.find((p) => p.id === 'removeSuperfluousGateway')!;
    const [suggestion] = provider.provide({ graph: graph!, analysis: analyseGraph(graph!) });
    expect(suggestion!.title).toBe("Remove the gateway 'Order complete?': it neither splits nor joins");
    const zh = suggestionTexts(suggestion!, 'zh-CN');
    expect(zh.title).toBe('删除网关“Order complete?”：它既不分支也不汇合');
    expect(zh.rationale).toMatch(CJK);
    expect(suggestionTexts(suggestion!, 'en')).toEqual({ title: suggestion!.title, rationale: suggestion!.rationale });
  });

  it('fill lists and numbers the Chinese way', () => {
    const merge = { title: 'x', rationale: 'y', titleMessage: { key: 'mergeSameRoleTasks.title', params: { tasks: ['录入订单', '打印订单'] } } } as unknown as Suggestion;
    expect(suggestionTexts(merge, 'zh-CN').title).toBe('将“录入订单”和“打印订单”合并为一个任务');
    const resize = { title: 'x', rationale: 'y', rationaleMessage: { key: 'resizePool.add.rationale', params: { pool: '销售', percent: 92, threshold: 85 } } } as unknown as Suggestion;
    expect(suggestionTexts(resize, 'zh-CN').rationale).toContain('“销售”有 92% 的时间');
  });

  it("fall back to the given text for another plugin's keys or without a message", () => {
    const foreign = { title: 'Score leads automatically', rationale: 'A rule qualifies.', titleMessage: { key: 'acme.score', params: {} } } as unknown as Suggestion;
    expect(suggestionTexts(foreign, 'zh-CN')).toEqual({ title: 'Score leads automatically', rationale: 'A rule qualifies.' });
  });
});
