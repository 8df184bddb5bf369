// Stores the scorecard profile in the live bpmn-js document through the command stack: one undoable step, the
// document turns dirty and is autosaved like any diagram edit. Only our `lf:scorecardProfile` element changes; on
// undo the hosts' extension elements are put back exactly as they were (editor/extension-elements-command).
import { readScorecardProfile, writeScorecardProfile, type StoredScorecardProfile } from '@leanflow/model';
import { executeExtensionCommand, type ExtensionModeler } from '../../editor/extension-elements-command.ts';

export const UPDATE_SCORECARD_PROFILE_COMMAND = 'leanflow.scorecardProfile.update';

/** The profile stored in the live document, if any (envelope only; validate with parseStoredProfile). */
export function readLiveProfile(modeler: ExtensionModeler): StoredScorecardProfile | undefined {
  const definitions = modeler.getDefinitions();
  return definitions ? readScorecardProfile(definitions).profile : undefined;
}

/** Stores `profile` in the live document (undefined removes it) as one Undo step. */
export function writeLiveProfile(modeler: ExtensionModeler, profile: StoredScorecardProfile | undefined): void {
  executeExtensionCommand(modeler, UPDATE_SCORECARD_PROFILE_COMMAND, writeScorecardProfile, profile ? structuredClone(profile) : undefined);
}
