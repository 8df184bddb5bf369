// Builds ONE self-contained `.d.ts` for plugin authors (and Monaco IntelliSense): `declare module
// '@leanflow/plugin-api' { ... }` with the author surface (src/api.ts), the process-graph types and the scenario
// types expanded to plain object types (they are zod-inferred in @leanflow/model; authors must not need zod).
// Generated on demand, never committed:  pnpm --filter @leanflow/plugin-api build-dts [out-file]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const apiFile = join(packageRoot, 'src', 'api.ts');

/** Scenario types re-exported to authors; zod-inferred upstream, so they are printed structurally. */
const EXPANDED_MODEL_TYPES = ['Scenario', 'Distribution', 'Duration', 'TaskParameters', 'ResourcePool', 'Calendar'] as const;

function compilerOptions(): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    exactOptionalPropertyTypes: true,
    allowImportingTsExtensions: true,
    declaration: true,
    emitDeclarationOnly: true,
    skipLibCheck: true,
    stripInternal: true,
  };
}

function emitDeclarations(program: ts.Program, file: ts.SourceFile): string {
  let output = '';
  const result = program.emit(file, (_name, text) => (output += text), undefined, true);
  if (result.emitSkipped) throw new Error(`build-dts: could not emit declarations for ${file.fileName}`);
  return output;
}

/** Makes emitted declarations legal inside `declare module { }`: no imports, no nested `declare`. */
function toModuleBody(declarations: string): string {
  return declarations
    .replace(/^import\s[^;]+;\s*$/gm, '')
    .replace(/^export \{\};\s*$/gm, '')
    .replace(/^(\s*)export declare /gm, '$1export ')
    .replace(/^(\s*)declare /gm, '$1')
    .trim();
}

function expandModelTypes(program: ts.Program): string {
  const checker = program.getTypeChecker();
  const modelIndex = program.getSourceFiles().find((f) => /packages[\\/]model[\\/]src[\\/]index\.ts$/.test(f.fileName));
  if (!modelIndex) throw new Error('build-dts: @leanflow/model was not part of the program');
  const moduleSymbol = checker.getSymbolAtLocation(modelIndex);
  if (!moduleSymbol) throw new Error('build-dts: no module symbol for @leanflow/model');
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;
  const printed = new Map<string, string>();
  for (const name of EXPANDED_MODEL_TYPES) {
    const exported = exports.get(name);
    if (!exported) throw new Error(`build-dts: @leanflow/model no longer exports ${name}`);
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const text = checker.typeToString(checker.getDeclaredTypeOfSymbol(symbol), undefined, flags);
    if (/\bz\.|\$Zod|import\(/.test(text)) throw new Error(`build-dts: ${name} still refers to zod: ${text.slice(0, 200)}`);
    printed.set(name, text);
  }
  // Refer to the smaller named types inside the bigger ones, so Scenario reads `tasks: Record<string, TaskParameters>`.
  const bySize = [...printed].sort((a, b) => b[1].length - a[1].length);
  return EXPANDED_MODEL_TYPES.map((name) => {
    let text = printed.get(name)!;
    for (const [other, otherText] of bySize) if (other !== name) text = text.split(otherText).join(other);
    return `/** From @leanflow/model (the simulation scenario stored in the .bpmn file). */\nexport type ${name} = ${text};`;
  }).join('\n\n');
}

/**
 * Returns the text of the self-contained plugin-author `.d.ts`.
 *
 * @example
 * writeFileSync('leanflow-plugin-api.d.ts', buildPluginApiDts());
 */
export function buildPluginApiDts(): string {
  const program = ts.createProgram({ rootNames: [apiFile], options: compilerOptions() });
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(`build-dts: src/api.ts does not compile:\n${ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => packageRoot, getNewLine: () => '\n' })}`);
  const apiSource = program.getSourceFile(apiFile)!;
  const graphFile = program.getSourceFiles().find((f) => /packages[\\/]model[\\/]src[\\/]graph\.ts$/.test(f.fileName))?.fileName;
  if (!graphFile) throw new Error('build-dts: packages/model/src/graph.ts was not part of the program');
  // A file reached through node_modules counts as a library and is not emitted: give it its own program.
  const graphProgram = ts.createProgram({ rootNames: [graphFile], options: compilerOptions() });
  const graph = toModuleBody(emitDeclarations(graphProgram, graphProgram.getSourceFile(graphFile)!));
  const api = toModuleBody(emitDeclarations(program, apiSource));
  const body = [graph, expandModelTypes(program), api].join('\n\n');
  const indented = body
    .split('\n')
    .map((line) => (line.length > 0 ? `  ${line}` : line))
    .join('\n');
  return [
    '// Leanflow plugin API: the one file plugin authors need. Generated by packages/plugin-api/scripts/build-dts.ts.',
    "// Usage: import type { PluginContext } from '@leanflow/plugin-api';",
    "declare module '@leanflow/plugin-api' {",
    indented,
    '}',
    '',
  ].join('\n');
}

/** The API version a declaration without its own `@since` tag belongs to: the first published API. */
export const BASELINE_SINCE = '1.0.0';

/**
 * Gives every declaration and every member of an interface or object type a `@since` tag (members without one
 * date from the first published API, `BASELINE_SINCE`); newer members carry their own tag in src/api.ts.
 *
 * @example
 * tagSince('export interface A { b: string }'); // every line gets a `/** @since 1.0.0 *\/` above it
 */
export function tagSince(declarations: string): string {
  const source = ts.createSourceFile('api.d.ts', declarations, ts.ScriptTarget.ES2022, true);
  const edits: { at: number; remove: number; text: string }[] = [];
  const tag = (node: ts.Node) => {
    const start = node.getStart(source);
    const indent = ' '.repeat(start - declarations.lastIndexOf('\n', start - 1) - 1);
    const comments = ts.getLeadingCommentRanges(declarations, node.pos) ?? [];
    const doc = [...comments].reverse().find((c) => declarations.startsWith('/**', c.pos));
    if (!doc) {
      edits.push({ at: start, remove: 0, text: `/** @since ${BASELINE_SINCE} */\n${indent}` });
      return;
    }
    const text = declarations.slice(doc.pos, doc.end);
    if (text.includes('@since')) return;
    const close = doc.end - 2;
    if (text.includes('\n')) edits.push({ at: close, remove: 0, text: `* @since ${BASELINE_SINCE}\n${indent} ` });
    else edits.push({ at: close - 1, remove: 1, text: `\n${indent} * @since ${BASELINE_SINCE}\n${indent} ` });
  };
  const members = (node: ts.Node | undefined) => {
    if (!node) return;
    if (ts.isTypeLiteralNode(node) || ts.isInterfaceDeclaration(node)) node.members.forEach(tag);
  };
  for (const statement of source.statements) {
    tag(statement);
    if (ts.isInterfaceDeclaration(statement)) members(statement);
    if (ts.isTypeAliasDeclaration(statement)) members(statement.type);
  }
  let output = declarations;
  for (const edit of edits.sort((a, b) => b.at - a.at)) output = output.slice(0, edit.at) + edit.text + output.slice(edit.at + edit.remove);
  return output;
}

/**
 * The `.d.ts` of the published `@leanflow/plugin-api` package: the same declarations as `buildPluginApiDts` as a
 * plain module (its `index.d.ts`), every declaration and member tagged `@since`.
 *
 * @example
 * writeFileSync('dist/packages/plugin-api/index.d.ts', buildPluginApiModuleDts());
 */
export function buildPluginApiModuleDts(): string {
  const wrapped = buildPluginApiDts();
  const open = "declare module '@leanflow/plugin-api' {\n";
  const body = wrapped.slice(wrapped.indexOf(open) + open.length, wrapped.lastIndexOf('}'));
  const unindented = body
    .split('\n')
    .map((line) => line.replace(/^ {2}/, ''))
    .join('\n');
  const version = /export const API_VERSION = "([^"]+)"/.exec(wrapped)?.[1] ?? '';
  return `// Leanflow plugin API ${version}: types for plugin authors. Generated; do not edit.\n${tagSince(unindented.trim())}\n`;
}

// Run directly: write the file (default dist/plugin-api/leanflow-plugin-api.d.ts, which git ignores).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(packageRoot, '..', '..', 'dist', 'plugin-api', 'leanflow-plugin-api.d.ts'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, buildPluginApiDts());
  console.log(`wrote ${out}`);
}
