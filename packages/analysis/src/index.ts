// Public entry of @leanflow/analysis. Other packages import only from here.
export {};
