import { createDefaultScenario, LEAD_TO_QUOTE_SAMPLE, loadDocument } from '@leanflow/model';
import { describe, expect, it } from 'vitest';
import { localizeDefaultScenario, localizeDefaultText } from './default-data.ts';

describe('the default scenario in the studio language', () => {
  it('names the made-up scenario, its calendar and staff pool in Chinese, and keeps everything else', async () => {
    const doc = await loadDocument(LEAD_TO_QUOTE_SAMPLE.replace(/<lf:scenarios[\s\S]*?<\/lf:scenarios>/, ''));
    expect(doc.scenarioSource).toBe('default');
    const english = createDefaultScenario(doc.graph!);
    expect(english.name).toBe('Default scenario');
    const zh = localizeDefaultScenario(english, 'zh-CN');
    expect(zh.name).toBe('默认场景');
    expect(zh.calendars.find((c) => c.id === 'business-hours')!.name).toBe('工作时间（周一至周五 9–17 点）');
    expect(zh.calendars[0]!.hours).toEqual(english.calendars[0]!.hours);
    expect(zh.pools.map((p) => p.name)).toEqual(english.pools.map((p) => (p.id === 'pool-staff' ? '员工' : p.name)));
    expect(zh.tasks).toEqual(english.tasks);
    expect(localizeDefaultScenario(english, 'en')).toBe(english);
    // A user's own names are not touched.
    expect(localizeDefaultScenario({ ...english, name: 'Peak week', calendars: [{ ...english.calendars[0]!, id: 'mine', name: 'Business hours (Mon-Fri 9-17)' }] }, 'zh-CN')).toMatchObject({ name: 'Peak week', calendars: [{ name: 'Business hours (Mon-Fri 9-17)' }] });
    expect(localizeDefaultText('Staff', 'en')).toBe('Staff');
  });
});
