// Reading and writing the scorecard profile stored in the file (`lf:scorecardProfile`, see moddle.ts). The model
// layer only checks the envelope (an id, a name, a JSON object); @leanflow/analysis validates the weights and
// thresholds with its ScoringProfileSchema, which the model package cannot import (layers point down).
import { z } from 'zod';
import type { ModelIssue } from './graph.ts';
import { many, text, type ModdleElement, type ModdleInstance } from './moddle.ts';
import { parseBpmn } from './parse.ts';
import { appendExtensionElement, removeExtensionElements, scenarioHosts, serializeBpmn } from './scenario-store.ts';

const PROFILE_TYPE = 'lf:ScorecardProfile';

/** A profile as the file stores it: an id, a name and whatever else the scoring profile holds (plain JSON). */
export const StoredScorecardProfileSchema = z.looseObject({
  id: z.string().min(1, { message: 'A scorecard profile needs an id.' }),
  name: z.string().min(1, { message: 'A scorecard profile needs a name.' }),
});
export type StoredScorecardProfile = z.infer<typeof StoredScorecardProfileSchema>;

/**
 * Reads the scorecard profile stored in the file, if any. A damaged one is reported as a warning (scoring then
 * falls back to the user's profile) and left out; the first one wins when a hand-edited file has several.
 *
 * @example
 * const { profile } = readScorecardProfile(parsed.definitions!); // { id: 'team', name: 'Team', weights: {...} }
 */
export function readScorecardProfile(definitions: ModdleElement): { profile?: StoredScorecardProfile; issues: ModelIssue[] } {
  const issues: ModelIssue[] = [];
  for (const host of scenarioHosts(definitions)) {
    for (const element of many(host['extensionElements'] as ModdleElement | undefined, 'values').filter((v) => v.$type === PROFILE_TYPE)) {
      const id = text(element, 'id') ?? '';
      const name = text(element, 'name') ?? id;
      let body: unknown = {};
      const raw = text(element, 'body')?.trim();
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch (error) {
          issues.push({ code: 'scorecardProfile.unreadable', severity: 'warning', message: `The scorecard profile '${name}' in the file is damaged and is not used: ${(error as Error).message}.` });
          continue;
        }
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        issues.push({ code: 'scorecardProfile.unreadable', severity: 'warning', message: `The scorecard profile '${name}' in the file is not a JSON object and is not used.` });
        continue;
      }
      const parsed = StoredScorecardProfileSchema.safeParse({ ...body, id, name });
      if (!parsed.success) {
        issues.push({ code: 'scorecardProfile.invalid', severity: 'warning', message: `The scorecard profile in the file is not used: ${parsed.error.issues.map((i) => i.message).join(' ')}` });
        continue;
      }
      return { profile: parsed.data, issues };
    }
  }
  return { issues };
}

/**
 * Stores `profile` in `definitions` (in place), replacing any stored before, or removes it when `profile` is
 * undefined. It goes into the extension elements of the collaboration, else the first process, next to the
 * scenarios; the rest of the file is untouched. The body is pretty-printed JSON without `id` and `name`
 * (attributes), so a changed weight is a one-line diff. Throws when the definitions hold no process (a bug).
 */
export function writeScorecardProfile(moddle: ModdleInstance, definitions: ModdleElement, profile: StoredScorecardProfile | undefined): void {
  const hosts = scenarioHosts(definitions);
  const host = hosts[0];
  if (!host) throw new Error('writeScorecardProfile: the definitions have no collaboration or process to store a profile in');
  const checked = profile ? StoredScorecardProfileSchema.parse(profile) : undefined;
  removeExtensionElements(hosts, PROFILE_TYPE);
  if (!checked) return;
  const { id, name, ...rest } = checked;
  const element = moddle.create(PROFILE_TYPE, { id, name, format: 'json', body: JSON.stringify(rest, null, 2) });
  appendExtensionElement(moddle, host, element);
}

/**
 * Parses `xml`, stores (or with undefined removes) its scorecard profile and returns the new XML; issues instead of
 * XML when the file cannot be read or has no process.
 *
 * @example
 * const { xml } = await saveScorecardProfileToXml(original, { id: 'team', name: 'Team', weights: { 'manual-steps': 5 } });
 */
export async function saveScorecardProfileToXml(xml: string, profile: StoredScorecardProfile | undefined): Promise<{ xml?: string; issues: readonly ModelIssue[] }> {
  const parsed = await parseBpmn(xml);
  if (!parsed.definitions || !parsed.moddle) return { issues: parsed.issues };
  if (scenarioHosts(parsed.definitions).length === 0) {
    return { issues: [...parsed.issues, { code: 'scorecardProfile.noHost', severity: 'error', message: 'The file has no process, so there is nowhere to store a scorecard profile.' }] };
  }
  writeScorecardProfile(parsed.moddle, parsed.definitions, profile);
  return { xml: await serializeBpmn(parsed.moddle, parsed.definitions), issues: parsed.issues };
}
