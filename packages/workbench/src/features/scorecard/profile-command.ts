// Stores the scorecard profile in the live bpmn-js document through the command stack: one undoable step, the
// document turns dirty and is autosaved like any diagram edit. Only our `lf:scorecardProfile` element changes; on
// undo the hosts' extension elements are put back exactly as they were (editor/extension-elements-command).
import { readScorecardProfile, writeScorecardProfile, type StoredScorecardProfile } from '@leanflow/model';
import { executeExtensionCommand, type ExtensionModeler } from '../../editor/extension-elements-command.ts';
import type { Workbench } from '../../workbench.ts';
import type { Translate } from './view-model.ts';

type ProfileServices = Pick<Workbench, 'activeEditor' | 'notifications'>;

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

/** Whether the active document stores a scorecard profile (read from the live diagram). */
export function hasModelProfile(services: Pick<Workbench, 'activeEditor'>): boolean {
  const modeler = services.activeEditor?.modeler as ExtensionModeler | undefined;
  return modeler ? readLiveProfile(modeler) !== undefined : false;
}

/**
 * Stores `profile` in the active document as one undoable edit; the file then scores the same for everyone who opens
 * it, and in `leanflow score`.
 */
export function saveProfileToModel(services: ProfileServices, profile: StoredScorecardProfile, t: Translate): boolean {
  const modeler = services.activeEditor?.modeler as ExtensionModeler | undefined;
  if (!modeler) {
    services.notifications.notify({ severity: 'info', title: t('scorecard.noDocument'), code: 'scorecard.noDocument' });
    return false;
  }
  writeLiveProfile(modeler, profile);
  services.notifications.notify({ severity: 'info', title: t('scorecard.modelProfile.saved', { name: profile.name ?? profile.id }), code: 'scorecard.profileSaved' });
  return true;
}

/** Removes the profile stored in the active document (undoable); the settings' profile applies again. */
export function removeProfileFromModel(services: ProfileServices, t: Translate): boolean {
  const modeler = services.activeEditor?.modeler as ExtensionModeler | undefined;
  if (!modeler || readLiveProfile(modeler) === undefined) return false;
  writeLiveProfile(modeler, undefined);
  services.notifications.notify({ severity: 'info', title: t('scorecard.modelProfile.removed'), code: 'scorecard.profileRemoved' });
  return true;
}
