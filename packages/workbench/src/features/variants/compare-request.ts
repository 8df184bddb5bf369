// What a comparison sends to the variants worker: the variants' XML, the run settings the user typed (checked) and
// the Scorecard view's profile with the user's threshold settings (when that feature is there).
import type { ModelIssue } from '@leanflow/model';
import type { Workbench } from '../../workbench.ts';
import { buildProfile, SCORECARD_SETTING, scorecardOptionsFromSettings } from '../scorecard/profile.ts';
import type { CompareParams } from './protocol.ts';

/** Parses a settings field: empty = undefined (scenario default); otherwise a whole number ≥ min, else NaN. */
export function parseSetting(text: string, min: number): number | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  return Number.isInteger(value) && value >= min ? value : Number.NaN;
}

/** The run settings from the raw fields, or the issue that refuses them. */
export function runSettings(raw: { readonly cases: string; readonly replications: string; readonly seed: string }): { cases?: number; replications?: number; seed?: number } | ModelIssue {
  const cases = parseSetting(raw.cases, 1);
  const replications = parseSetting(raw.replications, 2);
  const seed = parseSetting(raw.seed, 0);
  if ([cases, replications, seed].some((v) => Number.isNaN(v))) {
    return { code: 'variants.settings', severity: 'error', message: 'Cases must be a whole number of at least 1, replications at least 2, and the seed a whole number of at least 0.' };
  }
  return { ...(cases !== undefined ? { cases } : {}), ...(replications !== undefined ? { replications } : {}), ...(seed !== undefined ? { seed } : {}) };
}

/** Reads the members' XML (baseline first) and builds the worker's parameters. */
export async function compareParams(
  services: Pick<Workbench, 'documents' | 'settings'>,
  members: readonly { readonly documentId: string; readonly name: string }[],
  run: { cases?: number; replications?: number; seed?: number },
): Promise<CompareParams> {
  const { settings } = services;
  const profile = settings.schema(SCORECARD_SETTING.profile) ? buildProfile(scorecardOptionsFromSettings(settings)).profile : undefined;
  const variants = await Promise.all(members.map(async (m) => ({ name: m.name, xml: await services.documents.getXml(m.documentId) })));
  return { variants, ...(profile ? { profile } : {}), ...run };
}
