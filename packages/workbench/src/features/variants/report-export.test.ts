import { describe, expect, it } from 'vitest';
import { reportFileName, withDiagrams } from './report-export.ts';

const svg = (id: string) =>
  `<?xml version="1.0" encoding="utf-8"?><svg xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow"/></defs><g class="djs-element lf-diff-removed" data-element-id="${id}"><path marker-end="url(#arrow)" style="marker-start: url('#arrow')"/></g></svg>`;

describe('report with diagrams', () => {
  it('appends one figure per diagram before </body>, keeping element ids and isolating marker ids', () => {
    const page = withDiagrams('<html><body><h1>Report</h1></body></html>', [
      { name: 'As-is', caption: 'baseline', svg: svg('Task_A') },
      { name: 'To-be <A>', caption: '', svg: svg('Task_B') },
    ]);
    expect(page.indexOf('<h2>Diagrams</h2>')).toBeGreaterThan(page.indexOf('<h1>Report</h1>'));
    expect(page.endsWith('</body></html>')).toBe(true);
    expect(page.match(/<figure class="diagram">/g)).toHaveLength(2);
    expect(page).toContain('data-element-id="Task_A"');
    expect(page).toContain('<marker id="d0-arrow"/>');
    expect(page).toContain('url(#d1-arrow)');
    expect(page).toContain("url('#d1-arrow')");
    expect(page).toContain('To-be &lt;A&gt;');
    expect(page).not.toContain('<?xml');
    expect(page).toContain('.djs-shape.lf-diff-removed .djs-visual > :first-child { stroke: #c92a2a');
    expect(page).toContain('.djs-connection.lf-diff-removed .djs-visual > path { stroke: #c92a2a');
  });

  it('names the file after the process', () => {
    expect(reportFileName('lead/to:quote')).toBe('lead_to_quote comparison.html');
  });
});
