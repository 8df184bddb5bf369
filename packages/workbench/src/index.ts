// Public entry of @leanflow/workbench. Other packages import only from here.
export {};
