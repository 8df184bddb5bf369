// The ids of the built-in plugins the studio treats specially (their manifests in plugins/*). The plugin host knows
// no plugin by id: the set-up (this file, apps/cli's plugin-runner) passes these to it. Checked against the manifests
// by scripts/plugin-host-ids.test.ts. No imports, so workers can use it without pulling in the plugin bundles.

/** plugins/lean-scorecard: the scorecard's own rules. */
export const LEAN_SCORECARD_PLUGIN_ID = 'leanflow.lean-scorecard';
/** plugins/simplifications: the analysis suggestion providers. */
export const SIMPLIFICATIONS_PLUGIN_ID = 'leanflow.simplifications';
