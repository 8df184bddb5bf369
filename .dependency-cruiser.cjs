// Package layers (docs/architecture.md): dependencies point one way, down this list.
//   model -> sim -> analysis -> plugin-api -> plugin-host -> workbench -> apps
// Built-in and example plugins (plugins/*) may import only @leanflow/plugin-api.
// Run by `pnpm layers` (part of `pnpm test`); an upward import fails it.
const layers = ['model', 'sim', 'analysis', 'plugin-api', 'plugin-host', 'workbench'];

const upward = layers.map((layer, index) => {
  const higher = layers.slice(index + 1);
  return {
    name: `layer-${layer}-no-upward-imports`,
    comment: `packages/${layer} sits below ${higher.join(', ') || 'nothing'} and the plugins and apps; it must not import them`,
    severity: 'error',
    from: { path: `^packages/${layer}/` },
    to: {
      path: [
        ...(higher.length ? [`^packages/(${higher.join('|')})/`] : []),
        '^plugins/',
        '^apps/',
      ],
    },
  };
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'plugins-only-use-plugin-api',
      comment: 'Plugins are written only against the public plugin API, exactly like third-party plugins',
      severity: 'error',
      // A plugin's own tests may drive it through the test harness of @leanflow/plugin-host (in Node, like a third party).
      from: { path: '^plugins/', pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/', pathNot: '^packages/plugin-api/' },
    },
    {
      name: 'plugins-do-not-import-apps',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^apps/' },
    },
    {
      name: 'one-public-entry-per-package',
      comment: 'Import another package through its public entry (src/index.ts), never its internals',
      severity: 'error',
      from: { path: '^(packages|plugins|apps)/([^/]+)/' },
      to: { path: '^packages/[^/]+/src/', pathNot: ['^packages/$2/', '^packages/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|dist|\\.vite)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
