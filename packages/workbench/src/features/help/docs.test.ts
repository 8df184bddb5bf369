import { describe, expect, it } from 'vitest';
import { CHINESE_PAGES, DOC_PAGES, helpTarget, loadDoc, loadLocalizedDoc, renderDoc, slug } from './docs.ts';
import { GLOSSARY, glossaryHref } from './glossary.ts';

describe('help: docs inside the studio', () => {
  it('bundles the guide pages', async () => {
    expect(DOC_PAGES).toEqual(expect.arrayContaining(['studio', 'scoring', 'simulation', 'variants']));
    expect(await loadDoc('scoring')).toMatch(/^# Scoring/);
  });

  it('has the user-facing guide pages in Chinese, keeps the rule anchors, and falls back to English for the rest', async () => {
    expect([...CHINESE_PAGES].sort()).toEqual(['scoring', 'simulation', 'studio']);
    const scoring = (await loadLocalizedDoc('scoring', 'zh-CN'))!;
    expect(scoring.language).toBe('zh-CN');
    expect(scoring.markdown).toMatch(/^# 评分/);
    // "Learn more" links point at these anchors: every built-in rule of the English page is there in Chinese too.
    const english = (await loadDoc('scoring'))!;
    const anchors = (text: string) => [...text.matchAll(/<a id="([\w-]+)"><\/a>/g)].map((m) => m[1]);
    expect(anchors(scoring.markdown)).toEqual(anchors(english));
    expect((await loadLocalizedDoc('simulation', 'zh-CN'))!.markdown).toMatch(/^# 仿真/);
    expect(await loadLocalizedDoc('plugins', 'zh-CN')).toMatchObject({ language: 'en' });
    expect(await loadLocalizedDoc('scoring', 'en')).toMatchObject({ language: 'en', markdown: english });
  });

  it('sends the links "Learn more" uses into the help tab, and leaves outside links alone', () => {
    expect(helpTarget('docs/scoring.md#first-response-time')).toEqual({ page: 'scoring', anchor: 'first-response-time' });
    expect(helpTarget('/docs/scoring.md')).toEqual({ page: 'scoring' });
    expect(helpTarget('variants.md#in-the-studio')).toEqual({ page: 'variants', anchor: 'in-the-studio' });
    expect(helpTarget('#glossary:pce')).toEqual({ page: 'glossary', anchor: 'pce' });
    expect(helpTarget('https://github.com/bpmn-io/bpmnlint/blob/main/docs/rules/label-required.md')).toBeUndefined();
    expect(helpTarget('docs/unknown.md')).toBeUndefined();
  });

  it('renders tables and headings with GitHub anchors', () => {
    const html = renderDoc('## Built-in rules\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
    expect(html).toContain('<h2 id="built-in-rules">Built-in rules</h2>');
    expect(html).toContain('<td>1</td>');
    expect(slug('first-response-time — First-response time within SLA')).toBe('first-response-time--first-response-time-within-sla');
  });

  it('explains every linked term in both languages, flow factor, Kingman and off-calendar time among them', () => {
    for (const id of ['flowFactor', 'kingman', 'offCalendarTime', 'pce', 'firstResponse']) expect(GLOSSARY.some((t) => t.id === id)).toBe(true);
    for (const t of GLOSSARY) {
      expect(t.text.en.length).toBeGreaterThan(40);
      expect(t.text.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(glossaryHref('cycle-time')).toBe('#glossary:flowFactor');
    expect(glossaryHref('unknown')).toBeUndefined();
  });
});
