// The virtual module made by plugin-api-dts.vite.ts at build time.
declare module 'virtual:leanflow-plugin-api-dts' {
  const dts: string;
  export default dts;
}
