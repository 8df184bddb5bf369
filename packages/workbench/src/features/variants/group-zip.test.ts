import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createGroupZip, groupZipName, variantFileName } from './group-zip.ts';

describe('group zip', () => {
  it('holds one .bpmn per variant with its XML, named after the variant', () => {
    const zip = unzipSync(createGroupZip([{ name: 'As-is', xml: '<a/>' }, { name: 'To-be A', xml: '<b>中文</b>' }]));
    expect(Object.keys(zip)).toEqual(['As-is.bpmn', 'To-be A.bpmn']);
    expect(strFromU8(zip['To-be A.bpmn']!)).toBe('<b>中文</b>');
  });

  it('cleans names and keeps colliding ones apart', () => {
    expect(variantFileName('a/b: c?')).toBe('a_b_ c_.bpmn');
    expect(variantFileName('...')).toBe('variant.bpmn');
    const zip = unzipSync(createGroupZip([{ name: 'x/y', xml: '1' }, { name: 'x:y', xml: '2' }, { name: 'X_Y', xml: '3' }]));
    expect(Object.keys(zip)).toEqual(['x_y.bpmn', 'x_y (2).bpmn', 'X_Y (3).bpmn']);
    expect(groupZipName('Lead to Quote')).toBe('Lead to Quote.zip');
  });
});
