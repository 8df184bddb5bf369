// The virtual module made by browser-worker.vite.ts: worker-browser-main.ts bundled into one classic script.
declare module 'virtual:leanflow/plugin-worker' {
  const code: string;
  export default code;
}
