// The New Plugin scaffold: a valid manifest, code that type-checks against the generated plugin-api .d.ts
// (the same file Monaco gets) under the compiler options Monaco uses, and JavaScript without runtime imports.
import { fileURLToPath } from 'node:url';
import { validateManifest } from '@leanflow/plugin-api';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPluginScaffold, findRuntimeImports } from './scaffold.ts';
import { leanflowPluginApiDts } from './plugin-api-dts.vite.ts';

const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
let dts = '';

/** Loads `virtual:leanflow-plugin-api-dts` through the Vite plugin, as the studio build does. */
async function loadDts(): Promise<string> {
  const plugin = leanflowPluginApiDts(repositoryRoot);
  const load = plugin.load as { handler(this: unknown, id: string): Promise<string> };
  const module = await load.handler.call({ addWatchFile() {} }, '\0virtual:leanflow-plugin-api-dts');
  return JSON.parse(module.replace(/^export default /, '').replace(/;\s*$/, '')) as string;
}

/** Type-checks `index.ts` with the .d.ts as `@leanflow/plugin-api`, and emits it. */
function compile(code: string): { errors: string[]; javascript: string } {
  const files = new Map([
    ['/plugin/index.ts', code],
    ['/node_modules/@leanflow/plugin-api/index.d.ts', dts],
  ]);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    lib: ['lib.esnext.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (files.has(name) ? ts.createSourceFile(name, files.get(name)!, version) : getSourceFile(name, version));
  let javascript = '';
  host.writeFile = (name, text) => {
    if (name.endsWith('.js')) javascript = text;
  };
  const program = ts.createProgram({ rootNames: ['/plugin/index.ts', '/node_modules/@leanflow/plugin-api/index.d.ts'], options, host });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  program.emit();
  return { errors, javascript };
}

beforeAll(async () => {
  dts = await loadDts();
}, 60_000);

describe('the New Plugin scaffold', () => {
  it('has a manifest the host accepts, with its scoring rule declared', () => {
    const { manifest } = createPluginScaffold(3);
    const result = validateManifest(JSON.parse(manifest));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest).toMatchObject({ id: 'local.step-count-3', main: 'plugin.js', permissions: ['readModel'] });
    expect(result.manifest.contributes.scoringRules.map((r) => r.id)).toEqual(['local.stepCount3']);
  });

  it('compiles against the generated .d.ts with no errors, into JavaScript without runtime imports', () => {
    expect(dts).toContain("declare module '@leanflow/plugin-api'");
    const { code } = createPluginScaffold(1);
    const { errors, javascript } = compile(code);
    expect(errors).toEqual([]);
    expect(javascript).toContain("context.scoring.registerRule('local.stepCount1', { evaluate })");
    expect(javascript).toContain('export function activate(context)');
    expect(findRuntimeImports(javascript)).toEqual([]);
  });

  it('reports type errors against the API (the .d.ts is really checked)', () => {
    const broken = createPluginScaffold(1).code.replace("registerRule('local.stepCount1', { evaluate })", 'registerRule(42, { evaluate })');
    const { errors } = compile(broken);
    expect(errors.join('\n')).toMatch(/'number' is not assignable to parameter of type 'string'/);
    const misspelt = createPluginScaffold(1).code.replace('context.scoring', 'context.scorring');
    expect(compile(misspelt).errors.join('\n')).toMatch(/scorring/);
  });

  it('finds imports that would load code at run time', () => {
    expect(findRuntimeImports("import { x } from 'y';\nexport function activate() {}")).toEqual([1]);
    expect(findRuntimeImports("export {};\nimport 'side-effect';\nconst m = await import('z');")).toEqual([2, 3]);
    expect(findRuntimeImports('export function activate(context) { context.important = 1; }')).toEqual([]);
  });
});
