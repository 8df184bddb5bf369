// "Export Group as .zip": the variants of a process as .bpmn files in one archive, named after the variants.
import { strToU8, zipSync } from 'fflate';

/** A file name from a variant name: no path separators or characters Windows refuses, `.bpmn` at the end. */
export function variantFileName(name: string): string {
  const printable = [...name].map((c) => (c.charCodeAt(0) < 32 ? '_' : c)).join('');
  const safe = printable.replace(/[\\/:*?"<>|]+/g, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  return `${safe || 'variant'}.bpmn`;
}

/**
 * Zips the variants (in the given order) as `<name>.bpmn`; names that collide after cleaning get ` (2)`, ` (3)`.
 * @example
 * const bytes = createGroupZip([{ name: 'As-is', xml }, { name: 'To-be A', xml: toBe }]); // As-is.bpmn, To-be A.bpmn
 */
export function createGroupZip(variants: readonly { readonly name: string; readonly xml: string }[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const taken = new Set<string>();
  for (const v of variants) {
    const base = variantFileName(v.name).replace(/\.bpmn$/, '');
    let name = `${base}.bpmn`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n}).bpmn`;
    taken.add(name.toLowerCase());
    files[name] = strToU8(v.xml);
  }
  return zipSync(files, { level: 6 });
}

/** The archive's name: the process name, cleaned like a variant name. */
export function groupZipName(groupName: string): string {
  return variantFileName(groupName).replace(/\.bpmn$/, '.zip');
}
