// What the host accepts from plugins: payloads are checked for cycles, depth and size, then validated with zod;
// anything malformed becomes a PayloadError (reported, never applied).
import { JsonValueSchema, SimulationOptionsSchema, TreeItemSchema } from '@leanflow/plugin-api';
import { z } from 'zod';
import { checkPayload } from '../payload.ts';
import { RpcError } from '../rpc.ts';

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`)
    .join('; ');
}

/** `shallow`: the schema does not look inside the values (a batch of results, each checked on its own). */
export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string, shallow = false): T {
  // Cycles, depth and size first, without recursion: zod would recurse into a cycle or walk a million items.
  const problem = shallow ? undefined : checkPayload(value, what);
  if (problem) throw new PayloadError(problem);
  const result = schema.safeParse(value);
  if (!result.success) throw new PayloadError(`${what} was rejected: ${describeZodError(result.error)}`);
  return result.data;
}

/** The worker was stopped while the call was running: the stop itself is what gets reported. */
export function isClosed(error: unknown): boolean {
  return error instanceof RpcError && error.code === 'closed';
}

/** A plugin sent something malformed; reported, never applied. */
export class PayloadError extends Error {
  override name = 'PayloadError';
}

export const id = z.string().min(1).max(200);
export const RegistrationSchema = z.object({ kind: z.enum(['command', 'scoringRule', 'suggestionProvider', 'treeDataProvider']), id });
export const BatchSchema = z.array(z.union([z.object({ id, ok: z.literal(true), value: z.unknown() }), z.object({ id, ok: z.literal(false), error: z.string().max(10_000), stack: z.string().max(50_000).optional() })]));
export const TreeRowsSchema = z.array(z.object({ handle: z.number().int().positive(), item: TreeItemSchema })).max(10_000);
export const ErrorNoteSchema = z.object({ where: z.string().max(200), message: z.string().max(10_000), stack: z.string().max(50_000).optional() });
export const LogSchema = z.object({ level: z.enum(['log', 'info', 'warn', 'error', 'debug']), message: z.string().max(10_000) });
export const OutputSchema = z.object({ name: z.string().min(1).max(100), text: z.string().max(100_000).optional() });
export const StorageKeySchema = z.object({ key: z.string().min(1).max(200) });
export const StorageSetSchema = z.object({ key: z.string().min(1).max(200), value: JsonValueSchema });
export const MemoryExceededSchema = z.object({ usedBytes: z.number().nonnegative() });
export const SimulationRunSchema = z.object({ options: SimulationOptionsSchema, progressId: z.number().int().nonnegative().optional() });

/** Refuses a request the plugin's manifest did not ask permission for. */
export function requirePermission(record: { readonly manifest: { readonly permissions: readonly string[] } }, permission: 'readModel' | 'proposeEdits' | 'runSimulation' | 'storage', what: string): void {
  if (!record.manifest.permissions.includes(permission)) throw new PayloadError(`${what} needs the "${permission}" permission`);
}
