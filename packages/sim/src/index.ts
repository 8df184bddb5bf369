// Public entry of @leanflow/sim. Other packages import only from here.
export {};
