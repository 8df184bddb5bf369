// Every Event Log string exists in Simplified Chinese with the same placeholders, and every KPI key the core's
// validation and comparison produce has a label (the view looks them up by key).
import { describe, expect, it } from 'vitest';
import { EVENT_LOGS_EN, EVENT_LOGS_ZH } from './messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('event-log messages', () => {
  it('are complete in Chinese with matching placeholders', () => {
    expect(Object.keys(EVENT_LOGS_ZH).sort()).toEqual(Object.keys(EVENT_LOGS_EN).sort());
    for (const [key, english] of Object.entries(EVENT_LOGS_EN)) {
      const chinese = EVENT_LOGS_ZH[key as keyof typeof EVENT_LOGS_EN];
      expect(chinese.trim().length, key).toBeGreaterThan(0);
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });

  it('label every validation and comparison KPI', () => {
    const keys = Object.keys(EVENT_LOGS_EN);
    for (const kpi of ['cycleTime', 'cycleTime:p50', 'cycleTime:p90', 'firstResponse:withinTarget', 'firstResponse:mean', 'processingTime', 'waitingTime', 'utilisation'])
      expect(keys, kpi).toContain(`eventLogs.validation.kpi.${kpi.replace(':', '.')}`);
    for (const kpi of ['cycleTime', 'cycleTime:p50', 'cycleTime:p90', 'firstResponse:withinTarget', 'firstResponse:p50', 'firstResponse:p90', 'throughput'])
      expect(keys, kpi).toContain(`eventLogs.compare.kpi.${kpi.replace(':', '.')}`);
    for (const verdict of ['better', 'worse', 'changed', 'notSignificant', 'notComparable']) expect(keys).toContain(`eventLogs.compare.verdict.${verdict}`);
  });
});
