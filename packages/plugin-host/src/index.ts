// Public entry of @leanflow/plugin-host. Other packages import only from here.
export {};
