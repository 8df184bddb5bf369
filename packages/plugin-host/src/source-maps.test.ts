// A plugin that throws at a known line of its source: the error report, the command outcome and a failing rule name
// src/…ts:line:column — with esbuild's inline map (TypeScript main), with a map file next to a built .js main (and
// inside a packed .zip), and the bundle's own line without a map.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePluginSource, createPluginTestHost, createPluginZip, loadPlugin, readPluginZip, type PluginErrorReport } from '@leanflow/plugin-host';
import { mapPluginStack, readSourceMap } from './source-maps.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'leanflow-maps-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const MANIFEST = (main: string) => ({
  id: 'acme.boom',
  name: 'Boom',
  version: '1.0.0',
  publisher: 'acme',
  engines: { leanflow: '^1.0.0' },
  main,
  permissions: ['readModel'],
  activationEvents: ['*'],
  contributes: { commands: [{ command: 'acme.boom', title: 'Boom' }], scoringRules: [{ id: 'acme.boom.rule', title: 'Boom rule', category: 'Simplicity' }] },
});

// `throw` is on line 8 of src/explode.ts; V8 places the frame at the `new` of `new Error` (column 9 after the indent).
const EXPLODE = `// Helpers that fail on purpose.
export interface Thing {
  readonly name: string;
}

export function explode(thing: Thing): never {
  const detail: string = thing.name.toUpperCase();
  throw new Error(\`boom at \${detail}\`);
}
`;
const INDEX = `import type { PluginContext } from '@leanflow/plugin-api';
import { explode } from './explode.ts';

export function activate(context: PluginContext): void {
  context.commands.registerCommand('acme.boom', () => explode({ name: 'command' }));
  context.subscriptions.push(context.scoring.registerRule('acme.boom.rule', { evaluate: () => explode({ name: 'rule' }) }));
}
`;

async function sourcePlugin(name: string): Promise<string> {
  const dir = join(folder, name);
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'src', 'explode.ts'), EXPLODE);
  await writeFile(join(dir, 'src', 'index.ts'), INDEX);
  return dir;
}

async function errorsOf(pluginDir: string): Promise<{ command: unknown; rule: unknown; reports: PluginErrorReport[] }> {
  const test = await createPluginTestHost({ bpmnXml: LEAD_TO_QUOTE_SAMPLE });
  try {
    await test.install(pluginDir);
    await test.host.startupFinished();
    const command = await test.host.executeCommand('acme.boom');
    const scoring = await test.host.runScoring(test.services.getActiveModel() ? { graph: test.services.getActiveModel()!.graph } : undefined);
    return { command, rule: scoring.rules.find((r) => r.ruleId === 'acme.boom.rule'), reports: test.host.errors('acme.boom') };
  } finally {
    await test.dispose();
  }
}

describe('errors point at the plugin source', () => {
  it('TypeScript main (bundled with an inline map): src/explode.ts:8:9 in the command outcome, the rule outcome and the stacks', async () => {
    const dir = await sourcePlugin('ts');
    await writeFile(join(dir, 'leanflow-plugin.json'), JSON.stringify(MANIFEST('src/index.ts')));
    const { command, rule, reports } = await errorsOf(dir);
    expect(command).toEqual({ ok: false, error: 'boom at COMMAND', location: 'src/explode.ts:8:9' });
    expect(rule).toMatchObject({ ok: false, error: 'boom at RULE', location: 'src/explode.ts:8:9' });
    expect(reports.map((r) => [r.where, r.location])).toEqual([
      ['command acme.boom', 'src/explode.ts:8:9'],
      ['scoring acme.boom.rule', 'src/explode.ts:8:9'],
    ]);
    // The caller's frame maps too, and no frame repeats the bundle as a data: URL.
    expect(reports[0]!.stack).toContain('src/index.ts:5:');
    expect(reports[0]!.stack).not.toContain('base64');
  });

  it('a built .js main with its map file next to it, also after packing into a .zip', async () => {
    const dir = await sourcePlugin('js');
    // What an author's own build makes: dist/index.js + dist/index.js.map (esbuild, external map).
    const bundled = await bundlePluginSource(join(dir, 'src', 'index.ts'), { root: dir });
    const inline = /\/\/# sourceMappingURL=data:application\/json;base64,(.*)\s*$/.exec(bundled)!;
    const map = JSON.parse(Buffer.from(inline[1]!, 'base64').toString('utf8')) as { sources: string[] };
    // Sources relative to dist/, as a build writing dist/index.js.map would give them.
    const external = JSON.stringify({ ...map, sources: map.sources.map((s) => `../${s}`) });
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'index.js'), `${bundled.slice(0, inline.index)}//# sourceMappingURL=index.js.map\n`);
    await writeFile(join(dir, 'dist', 'index.js.map'), external);
    await writeFile(join(dir, 'leanflow-plugin.json'), JSON.stringify(MANIFEST('dist/index.js')));
    expect((await errorsOf(dir)).command).toEqual({ ok: false, error: 'boom at COMMAND', location: 'src/explode.ts:8:9' });

    const loaded = await loadPlugin(dir);
    if (!loaded.ok) throw new Error('not loaded');
    expect(loaded.bundle.sourceMap).toBe(await readFile(join(dir, 'dist', 'index.js.map'), 'utf8'));
    const zipped = readPluginZip(createPluginZip(loaded.bundle), 'boom.zip');
    expect(zipped.ok && zipped.bundle.sourceMap).toBe(loaded.bundle.sourceMap);
  });

  it("without a map, the bundle's own file and line", async () => {
    const dir = join(folder, 'plain');
    await mkdir(dir);
    await writeFile(join(dir, 'leanflow-plugin.json'), JSON.stringify(MANIFEST('plugin.js')));
    await writeFile(join(dir, 'plugin.js'), `export function activate(context) {\n  context.commands.registerCommand('acme.boom', () => {\n    throw new Error('plain');\n  });\n}\n`);
    expect((await errorsOf(dir)).command).toEqual({ ok: false, error: 'plain', location: 'plugin.js:3:11' });
  });

  it('decodes VLQ mappings (a hand-made map) and leaves host frames alone', () => {
    // Line 1: col 0 -> a.ts 1:0, col 10 -> a.ts 3:4; line 2: col 2 -> b.ts 10:2 (source +1, line +7, column -2).
    const at = readSourceMap(JSON.stringify({ version: 3, sources: ['webpack:///./src/a.ts', 'src/b.ts'], mappings: 'AAAA,UAEI;ECOF' }))!;
    expect(at(1, 1)).toEqual({ source: 'src/a.ts', line: 1, column: 1 });
    expect(at(1, 15)).toEqual({ source: 'src/a.ts', line: 3, column: 5 });
    expect(at(2, 3)).toEqual({ source: 'src/b.ts', line: 10, column: 3 });
    const mapped = mapPluginStack('Error: x\n    at f (blob:http://localhost/1234-5678:2:3)\n    at RpcEndpoint.handle ([worker eval]:637:33)', at, 'plugin.js');
    expect(mapped).toEqual({ stack: 'Error: x\n    at f (src/b.ts:10:3)\n    at RpcEndpoint.handle ([worker eval]:637:33)', location: 'src/b.ts:10:3' });
    expect(readSourceMap('not json')).toBeUndefined();
  });
});
