// Applying a suggestion: in place on the open diagram (one undo step, reconcile.ts) or as a variant (a new document,
// in the variant group when that feature is there).
import type { Workbench } from '../../workbench.ts';
import type { SuggestionsMessageKey } from './messages.ts';
import { applyModelInPlace } from './reconcile.ts';
import type { RankedEntry } from './view-model.ts';

/** The command another feature (variant groups) may register; used for "Apply as variant" when present. */
export const CREATE_VARIANT_COMMAND = 'leanflow.variants.createFromXml';

export type ActionServices = Pick<Workbench, 'notifications' | 'output' | 'editorFor' | 'documents' | 'commands' | 'openText'>;
type Translate = (key: SuggestionsMessageKey, params?: Record<string, string | number>) => string;

/**
 * Applies `entry` to the open diagram as one undo step. Refuses (with a notification) when it was computed for an
 * older version of the model (`stale`), or when its change cannot be made in place.
 */
export async function applyInPlace(services: ActionServices, documentId: string, entry: RankedEntry & { xml: string }, title: string, stale: boolean, t: Translate): Promise<boolean> {
  const failed = t('suggestions.applyFailed', { title });
  if (stale) {
    services.notifications.notify({ severity: 'warning', title: failed, detail: t('suggestions.staleApply'), code: 'suggestions.stale' });
    return false;
  }
  const editor = await services.editorFor(documentId);
  const modeler = editor?.modeler as Parameters<typeof applyModelInPlace>[0] | undefined;
  if (!modeler) {
    services.notifications.notify({ severity: 'warning', title: failed, detail: t('suggestions.noEditor'), code: 'suggestions.noEditor' });
    return false;
  }
  const result = await applyModelInPlace(modeler, entry.xml);
  if (!result.ok) {
    services.notifications.notify({ severity: 'error', title: failed, detail: t('suggestions.applyFailedDetail', { detail: result.detail }), code: `suggestions.${result.reason}` });
    services.output.append(`${failed}: ${result.detail}`, 'error');
    return false;
  }
  services.notifications.notify({ severity: 'info', title: t('suggestions.applied', { title }), code: 'suggestions.applied' });
  return true;
}

/**
 * Opens the transformed model next to the original (a variant group when that feature is there). `name` is the
 * variant's short name ("To-be: without 'Check customer history'", see variant-name.ts); the variants feature files
 * it as "<process> (<name>).bpmn" and says "Created variant …" itself: one toast per event, not two.
 */
export async function applyAsVariant(services: ActionServices, documentId: string, xml: string, name: string, t: Translate): Promise<boolean> {
  const doc = services.documents.get(documentId);
  if (!doc) return false;
  if (services.commands.get(CREATE_VARIANT_COMMAND)) return (await services.commands.execute(CREATE_VARIANT_COMMAND, { sourceDocumentId: documentId, xml, name })) !== undefined;
  const opened = await services.openText(t('suggestions.variantName', { document: doc.name.replace(/\.bpmn$/i, ''), title: name }), xml, { dirty: true });
  if (opened) services.notifications.notify({ severity: 'info', title: t('suggestions.variantOpened', { name }), code: 'suggestions.variant' });
  return opened;
}
