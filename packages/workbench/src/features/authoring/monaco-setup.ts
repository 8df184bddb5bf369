// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the virtual module's ambient declaration must reach every tsconfig that compiles this file
/// <reference path="./plugin-api-dts-module.d.ts" />
// Loaded only with import() when the first authoring tab opens: Monaco's editor core, its editing contributions
// (suggest, hover, markers, find...) and the TypeScript language only, instead of `editor.main` with every language.
// Never import this module statically: the studio's first paint must stay without Monaco (docs/performance.md).
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js';
import 'monaco-editor/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus.js';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands.js';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/link/goToDefinitionAtPosition.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/editor/contrib/inlineProgress/browser/inlineProgress.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints.js';
import 'monaco-editor/editor/contrib/rename/browser/rename.js';
import 'monaco-editor/editor/contrib/semanticTokens/browser/documentSemanticTokens.js';
import 'monaco-editor/editor/contrib/semanticTokens/browser/viewportSemanticTokens.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestInlineCompletions.js';
import 'monaco-editor/editor/contrib/tokenization/browser/tokenization.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/common/standaloneStrings.js';
import 'monaco-editor/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import 'monaco-editor/languages/definitions/typescript/register.js';
import * as typescript from 'monaco-editor/languages/features/typescript/register.js';
import pluginApiDts from 'virtual:leanflow-plugin-api-dts';

export { monaco, typescript };

/** Where the plugin-api declarations live for the TypeScript service (what `import ... from '@leanflow/plugin-api'` finds). */
export const PLUGIN_API_DTS_URI = 'file:///node_modules/@leanflow/plugin-api/index.d.ts';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'typescript' || label === 'javascript') {
      return new Worker(new URL('./ts.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-authoring-typescript' });
    }
    return new Worker(new URL('./editor.worker.ts', import.meta.url), { type: 'module', name: 'leanflow-authoring-editor' });
  },
};

const defaults = typescript.typescriptDefaults;
// What plugins are compiled with: ES modules, strict, the same target as `leanflow plugin pack`.
defaults.setCompilerOptions({
  target: typescript.ScriptTarget.ES2020,
  module: typescript.ModuleKind.ESNext,
  moduleResolution: typescript.ModuleResolutionKind.NodeJs,
  lib: ['es2022'],
  strict: true,
  noImplicitOverride: true,
  noUnusedLocals: false,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  exactOptionalPropertyTypes: true,
  noEmitOnError: false,
  allowNonTsExtensions: true,
  // The bundle carries its map, so an error the plugin throws names index.ts:line:column (the host maps the stack).
  inlineSourceMap: true,
});
defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
defaults.setEagerModelSync(true);
defaults.addExtraLib(pluginApiDts, PLUGIN_API_DTS_URI);
