// Public entry of @leanflow/plugin-api. Other packages import only from here.
export {};
