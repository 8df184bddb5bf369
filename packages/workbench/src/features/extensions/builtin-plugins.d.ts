// The virtual module made by builtin-plugins.vite.ts at build time.
declare module 'virtual:leanflow/builtin-plugins' {
  const plugins: readonly { readonly manifest: unknown; readonly code: string; readonly files: Readonly<Record<string, string>> }[];
  export default plugins;
}
